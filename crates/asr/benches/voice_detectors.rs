//! The voice detectors on real speech in noise: the built-in energy detector, the energy
//! detector with Silero judging each utterance it cuts, dropping it or cutting it to the
//! speech Silero hears, and Silero alone, run 4 s at a time (files and the final pass)
//! and 0.5 s at a time (live meetings), on the real Silero weights.
//!
//! `cargo bench -p onno-asr --bench voice_detectors` (needs the speech models that
//! `scripts/speech-models.sh` prepares; says so and stops without them)
//!
//! Each stream is the shared recordings of real people, each after 3 s without speech,
//! under one noise throughout at 10 dB below the speech (or a quiet room at -60 dBFS).
//! What is speech is read from the clean recordings: 32 ms frames within 30 dB of the
//! clip's loudest, pauses under 300 ms bridged. Per detector and noise it prints:
//!
//! Spans are measured as whisper gets them: made utterances (padded 250 ms a side, merged
//! where they touch, cut at 30 s).
//!
//! * **missed**: speech frames outside every span it found;
//! * **passed**: non-speech frames inside its spans, counted only 0.5 s or more from any
//!   speech (closer is the boundary's business);
//! * **boundary**: the mean distance from a real utterance's start and end to those of
//!   the spans that overlap it, ms;
//! * **false**: spans with no speech in them at all: each would be whisper's to decode.
//!
//! and Silero's own cost as a real-time factor.

use std::error::Error;
use std::path::Path;
use std::time::Instant;

use onno_asr::{SileroVad, SpeechGate};
use onno_audio::{Decoder, EnergyVad, Span, Utterances, VadConfig, VoiceDetector};
use onno_test_support::noise::{Noise, noise};
use onno_test_support::speech_models::speech_models;

const RATE: usize = 16_000;
const FRAME: usize = 512;
const GAP_S: f32 = 3.0;
/// Speech is brought to this RMS level; noise sits 10 dB under it.
const SPEECH_DBFS: f32 = -20.0;
const NOISE_DBFS: f32 = -30.0;
/// Recordings and the seconds of each used.
const CLIPS: &[(&str, f32)] = &[
    ("jfk.wav", 11.0),
    ("ko_sentence.wav", 3.9),
    ("hotwords.mp3", 4.05),
    ("ami_es2011a_headset0_40s.wav", 6.0),
    ("multilingual.mp3", 12.0),
    ("stereo_diarization.wav", 5.0),
];

struct Stream {
    samples: Vec<f32>,
    /// Per frame: speech in the clean recording.
    speech: Vec<bool>,
}

#[derive(Default)]
struct Score {
    speech: usize,
    missed: usize,
    far_silence: usize,
    passed: usize,
    boundary_ms: Vec<f64>,
    spans: usize,
    false_spans: usize,
}

fn main() -> Result<(), Box<dyn Error>> {
    let Some(models) = speech_models() else {
        println!("no speech models: run scripts/speech-models.sh first");
        return Ok(());
    };
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/speech");
    let clips: Vec<Vec<f32>> = CLIPS
        .iter()
        .map(|(name, seconds)| load(&data.join(name), *seconds))
        .collect::<Result<_, _>>()?;
    let config = VadConfig::default();
    let mut cases: Vec<(String, Option<(Noise, f32)>)> =
        vec![("quiet room (-60 dBFS)".into(), Some((Noise::White, -60.0)))];
    for kind in Noise::ALL {
        cases.push((kind.name().into(), Some((kind, NOISE_DBFS))));
    }
    println!(
        "{} recordings, {:.0} s of speech, {GAP_S} s before each; speech at {SPEECH_DBFS} dBFS",
        CLIPS.len(),
        CLIPS.iter().map(|c| c.1).sum::<f32>()
    );
    println!(
        "{:<22} {:<16} {:>7} {:>7} {:>9} {:>6} {:>6}",
        "noise", "detector", "missed", "passed", "boundary", "spans", "false"
    );
    let mut gate = SpeechGate::new(&models.silero())?;
    let (mut silero_time, mut live_time, mut silero_audio) = (0.0, 0.0, 0.0);
    let mut totals: [Score; 4] = Default::default();
    for (seed, (name, background)) in cases.iter().enumerate() {
        let stream = mix(&clips, *background, seed as u64 + 1);
        let len = stream.samples.len();
        let energy = detect(&mut EnergyVad::new(&config), &stream.samples);
        let energy = Utterances::from_spans(&energy, len as u64, &config);
        // As the live path decodes an utterance: the whole piece when Silero hears speech
        // in it, or nothing.
        let mut gated: Vec<Span> = Vec::new();
        for s in energy.iter() {
            if gate.holds_speech(&stream.samples[s.start as usize..s.end as usize])? {
                gated.push(Span {
                    start: s.start,
                    end: s.end,
                });
            }
        }
        let t = Instant::now();
        let silero = detect(
            &mut SileroVad::new(&models.silero(), &config)?,
            &stream.samples,
        );
        silero_time += t.elapsed().as_secs_f64();
        let silero = Utterances::from_spans(&silero, len as u64, &config);
        let t = Instant::now();
        let live = detect(
            &mut SileroVad::live(&models.silero(), &config)?,
            &stream.samples,
        );
        live_time += t.elapsed().as_secs_f64();
        let live = Utterances::from_spans(&live, len as u64, &config);
        silero_audio += stream.samples.len() as f64 / RATE as f64;
        for (i, (detector, spans)) in [
            ("energy", &energy),
            ("energy + Silero", &gated),
            ("Silero", &silero),
            ("Silero live", &live),
        ]
        .into_iter()
        .enumerate()
        {
            let score = score(&stream, spans);
            print_row(name, detector, &score);
            add(&mut totals[i], score);
        }
    }
    for (detector, total) in ["energy", "energy + Silero", "Silero", "Silero live"]
        .iter()
        .zip(&totals)
    {
        print_row("all", detector, total);
    }
    println!(
        "Silero on {silero_audio:.1} s of audio, one thread: {silero_time:.2} s in 4 s chunks \
         (real-time factor {:.4}), {live_time:.2} s in 0.5 s chunks ({:.4})",
        silero_time / silero_audio,
        live_time / silero_audio
    );
    Ok(())
}

fn load(path: &Path, seconds: f32) -> Result<Vec<f32>, Box<dyn Error>> {
    let mut stream = Decoder::open(path)?;
    let mut out = Vec::new();
    while let Some(frame) = stream.next_frame() {
        out.extend(frame?.samples);
    }
    out.truncate((seconds * RATE as f32) as usize);
    Ok(out)
}

/// The clips after gaps, brought to [`SPEECH_DBFS`], with `background` all along. Gaps
/// and clips are whole frames, so the labels line up with the stream.
fn mix(clips: &[Vec<f32>], background: Option<(Noise, f32)>, seed: u64) -> Stream {
    let gap = (GAP_S * RATE as f32) as usize / FRAME * FRAME;
    let mut samples = Vec::new();
    let mut speech = Vec::new();
    for clip in clips {
        samples.extend(std::iter::repeat_n(0.0, gap));
        speech.extend(std::iter::repeat_n(false, gap / FRAME));
        let clean = level(&clip[..clip.len() / FRAME * FRAME], SPEECH_DBFS);
        samples.extend_from_slice(&clean);
        speech.extend(speech_frames(&clean));
    }
    samples.extend(std::iter::repeat_n(0.0, gap));
    speech.extend(std::iter::repeat_n(false, gap / FRAME));
    if let Some((kind, dbfs)) = background {
        let seconds = samples.len() as f32 / RATE as f32;
        for (s, n) in samples
            .iter_mut()
            .zip(noise(kind, seconds + 1.0, dbfs, seed))
        {
            *s = (*s + n).clamp(-1.0, 1.0);
        }
    }
    Stream { samples, speech }
}

/// `clip` scaled so its speech frames' RMS is `dbfs`.
fn level(clip: &[f32], dbfs: f32) -> Vec<f32> {
    let labels = speech_frames(clip);
    let (mut sum, mut n) = (0.0f64, 0usize);
    for (frame, _) in clip.chunks(FRAME).zip(&labels).filter(|(_, s)| **s) {
        sum += frame
            .iter()
            .map(|v| f64::from(*v) * f64::from(*v))
            .sum::<f64>();
        n += frame.len();
    }
    let rms = (sum / n.max(1) as f64).sqrt() as f32;
    let gain = if rms > 0.0 {
        10f32.powf(dbfs / 20.0) / rms
    } else {
        1.0
    };
    clip.iter().map(|v| (v * gain).clamp(-1.0, 1.0)).collect()
}

/// Frames within 30 dB of the loudest, pauses under 300 ms bridged.
fn speech_frames(clean: &[f32]) -> Vec<bool> {
    let db: Vec<f32> = clean
        .chunks(FRAME)
        .map(|f| {
            let ms = f.iter().map(|v| v * v).sum::<f32>() / f.len() as f32;
            10.0 * ms.max(1e-12).log10()
        })
        .collect();
    let loudest = db.iter().copied().fold(f32::MIN, f32::max);
    let mut speech: Vec<bool> = db.iter().map(|d| *d > loudest - 30.0).collect();
    let bridge = 300 * RATE / 1000 / FRAME;
    let mut last: Option<usize> = None;
    for i in 0..speech.len() {
        if speech[i] {
            if let Some(l) = last
                && i - l <= bridge
            {
                speech[l..i].iter_mut().for_each(|s| *s = true);
            }
            last = Some(i);
        }
    }
    speech
}

fn detect(vad: &mut dyn VoiceDetector, samples: &[f32]) -> Vec<Span> {
    let mut spans = Vec::new();
    // As capture delivers it: 100 ms at a time.
    for chunk in samples.chunks(RATE / 10) {
        vad.push(chunk, &mut spans);
    }
    vad.finish(&mut spans);
    spans
}

fn score(stream: &Stream, spans: &[Span]) -> Score {
    let n = stream.speech.len();
    let mut covered = vec![false; n];
    for s in spans {
        let from = (s.start as usize / FRAME).min(n);
        let to = (s.end as usize).div_ceil(FRAME).min(n);
        covered[from..to].iter_mut().for_each(|c| *c = true);
    }
    let near = 500 * RATE / 1000 / FRAME;
    let mut score = Score::default();
    for (i, (&speech, &covered)) in stream.speech.iter().zip(&covered).enumerate() {
        if speech {
            score.speech += 1;
            score.missed += usize::from(!covered);
        } else {
            let lo = i.saturating_sub(near);
            let hi = (i + near + 1).min(n);
            if !stream.speech[lo..hi].iter().any(|s| *s) {
                score.far_silence += 1;
                score.passed += usize::from(covered);
            }
        }
    }
    for (start, end) in utterances(&stream.speech) {
        let (a, b) = ((start * FRAME) as u64, (end * FRAME) as u64);
        let over: Vec<&Span> = spans.iter().filter(|s| s.start < b && s.end > a).collect();
        if let (Some(first), Some(last)) = (over.first(), over.last()) {
            let ms = |d: u64, e: u64| d.abs_diff(e) as f64 * 1000.0 / RATE as f64;
            score.boundary_ms.push(ms(first.start, a));
            score.boundary_ms.push(ms(last.end, b));
        }
    }
    score.spans = spans.len();
    score.false_spans = spans
        .iter()
        .filter(|s| {
            let from = (s.start as usize / FRAME).min(n);
            let to = (s.end as usize).div_ceil(FRAME).min(n);
            !stream.speech[from..to].iter().any(|v| *v)
        })
        .count();
    score
}

/// Runs of speech frames as (first, one past the last).
fn utterances(speech: &[bool]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, s) in speech.iter().chain([&false]).enumerate() {
        match (start, *s) {
            (None, true) => start = Some(i),
            (Some(a), false) => {
                out.push((a, i));
                start = None;
            }
            _ => {}
        }
    }
    out
}

fn add(total: &mut Score, s: Score) {
    total.speech += s.speech;
    total.missed += s.missed;
    total.far_silence += s.far_silence;
    total.passed += s.passed;
    total.boundary_ms.extend(s.boundary_ms);
    total.spans += s.spans;
    total.false_spans += s.false_spans;
}

fn print_row(noise: &str, detector: &str, s: &Score) {
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    let boundary = s.boundary_ms.iter().sum::<f64>() / s.boundary_ms.len().max(1) as f64;
    println!(
        "{:<22} {:<16} {:>6.1}% {:>6.1}% {:>6.0} ms {:>6} {:>6}",
        noise,
        detector,
        pct(s.missed, s.speech),
        pct(s.passed, s.far_silence),
        boundary,
        s.spans,
        s.false_spans
    );
}
