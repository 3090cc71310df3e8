//! Voice activity detection on fixtures with known silences, and packing into windows.

use std::path::Path;

use onno_audio::{
    DecodeOptions, Decoder, EnergyVad, Segmenter, Span, Utterances, VadConfig, VoiceDetector,
    pack_windows,
};
use onno_test_support::audio::{silence, speech_like};

use crate::util::{Fmt, decode_file, write_wav};

/// 150 ms at 16 kHz: how far a detected boundary may be from the true one.
const TOLERANCE: u64 = 2_400;

/// A stream built from pieces, with the true extent of each speech burst.
struct Fixture {
    audio: Vec<f32>,
    bursts: Vec<Span>,
}

impl Fixture {
    /// `parts` alternate silence (seconds) and speech; white noise at `noise` amplitude
    /// is added everywhere.
    fn new(parts: Vec<(f32, Option<Vec<f32>>)>, noise: f32) -> Self {
        let mut audio = Vec::new();
        let mut bursts = Vec::new();
        for (gap, speech) in parts {
            audio.extend(silence(gap));
            if let Some(s) = speech {
                let peak = s.iter().fold(0f32, |m, v| m.max(v.abs()));
                let on = |v: &f32| v.abs() > 0.01 * peak;
                let first = s.iter().position(on).unwrap();
                let last = s.iter().rposition(on).unwrap();
                let base = audio.len() as u64;
                bursts.push(Span {
                    start: base + first as u64,
                    end: base + last as u64 + 1,
                });
                audio.extend(s);
            }
        }
        let mut rng = 0x2545_f491_4f6c_dd1du64;
        for v in &mut audio {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            *v += noise * ((rng >> 11) as f32 / (1u64 << 53) as f32 * 2.0 - 1.0);
        }
        Self { audio, bursts }
    }
}

/// Writes the fixture to a WAV, decodes it and runs the detector on the frames.
fn detect(fx: &Fixture, dir: &Path) -> (Vec<f32>, Vec<Span>) {
    let path = dir.join("fixture.wav");
    write_wav(&path, &fx.audio, 16_000, 1, Fmt::I16);
    let mut stream = Decoder::open_with(&path, &DecodeOptions::default()).unwrap();
    let mut vad = EnergyVad::new(&VadConfig::default());
    let mut spans = Vec::new();
    let mut audio = Vec::new();
    while let Some(frame) = stream.next_frame() {
        let frame = frame.unwrap();
        vad.push(&frame.samples, &mut spans);
        audio.extend(frame.samples);
    }
    vad.finish(&mut spans);
    (audio, spans)
}

#[track_caller]
fn check_boundaries(fx: &Fixture, spans: &[Span]) {
    for b in &fx.bursts {
        let near: Vec<_> = spans
            .iter()
            .filter(|s| s.end + TOLERANCE > b.start && s.start < b.end + TOLERANCE)
            .collect();
        assert!(!near.is_empty(), "burst {b:?} not found in {spans:?}");
        let start = near.iter().map(|s| s.start).min().unwrap();
        let end = near.iter().map(|s| s.end).max().unwrap();
        assert!(
            start.abs_diff(b.start) <= TOLERANCE,
            "start {start} vs {b:?}"
        );
        assert!(end.abs_diff(b.end) <= TOLERANCE, "end {end} vs {b:?}");
    }
    for s in spans {
        let inside = fx
            .bursts
            .iter()
            .any(|b| s.end + TOLERANCE > b.start && s.start < b.end + TOLERANCE);
        assert!(inside, "span {s:?} is in a known silence");
    }
}

/// Every sample louder than `floor` inside a burst lies in some utterance.
#[track_caller]
fn check_nothing_dropped(fx: &Fixture, utterances: &[Span], floor: f32) {
    for b in &fx.bursts {
        for i in b.start..b.end {
            if fx.audio[i as usize].abs() > floor {
                assert!(
                    utterances.iter().any(|u| u.start <= i && i < u.end),
                    "speech at sample {i} dropped; utterances {utterances:?}"
                );
            }
        }
    }
}

#[track_caller]
fn check_windows(audio: &[f32], utterances: &[Span]) {
    let max = 16_000 * 30;
    assert!(utterances.iter().all(|u| u.len() <= max));
    let windows = pack_windows(utterances, max);
    let pieces: Vec<Span> = windows
        .iter()
        .flat_map(|w| w.pieces.iter().map(|p| p.source))
        .collect();
    assert_eq!(
        pieces, utterances,
        "every utterance lands in exactly one window, in order"
    );
    for w in &windows {
        assert!(w.len() <= max);
        let samples = w.gather(audio);
        assert_eq!(samples.len() as u64, w.len());
        for pos in (0..w.len()).step_by(997) {
            assert_eq!(samples[pos as usize], audio[w.to_stream(pos) as usize]);
        }
    }
}

#[test]
fn speech_like_bursts_between_known_silences() {
    let dir = tempfile::tempdir().unwrap();
    let quiet: Vec<f32> = speech_like(4.0, 2).iter().map(|v| v * 0.25).collect();
    let fx = Fixture::new(
        vec![
            (1.2, Some(speech_like(2.5, 1))),
            (1.5, Some(quiet)),
            (3.0, Some(speech_like(1.0, 3))),
            (0.9, Some(speech_like(6.0, 4))),
            (1.0, None),
        ],
        0.001,
    );
    let (audio, spans) = detect(&fx, dir.path());
    check_boundaries(&fx, &spans);
    let utterances = Utterances::from_spans(&spans, audio.len() as u64, &VadConfig::default());
    check_nothing_dropped(&fx, &utterances, 0.01);
    check_windows(&audio, &utterances);
    // The silence is not transcribed.
    let speech: u64 = utterances.iter().map(Span::len).sum();
    assert!(
        speech < audio.len() as u64 * 9 / 10,
        "{speech} of {}",
        audio.len()
    );
}

#[test]
fn a_long_talk_is_cut_into_windows_under_30_s() {
    let mut parts = Vec::new();
    for i in 0..8 {
        parts.push((0.6 + 0.2 * i as f32, Some(speech_like(9.0, 10 + i))));
    }
    parts.push((1.0, None));
    let fx = Fixture::new(parts, 0.0005);
    let dir = tempfile::tempdir().unwrap();
    let (audio, spans) = detect(&fx, dir.path());
    check_boundaries(&fx, &spans);
    let utterances = Utterances::from_spans(&spans, audio.len() as u64, &VadConfig::default());
    check_nothing_dropped(&fx, &utterances, 0.01);
    check_windows(&audio, &utterances);
    assert!(pack_windows(&utterances, 16_000 * 30).len() >= 3);
}

fn espeak(text: &str, path: &Path) -> Vec<f32> {
    onno_test_support::audio::espeak(text, path);
    decode_file(path)
}

#[test]
fn espeak_speech_between_known_silences() {
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n);
    let a = espeak(
        "Good morning. Let us review the quarterly numbers first.",
        &p("a.wav"),
    );
    let b = espeak(
        "Revenue grew by twelve percent, and churn fell.",
        &p("b.wav"),
    );
    let c = espeak("Thanks everyone, see you next week.", &p("c.wav"));
    // espeak-ng speaks at 22.05 kHz: these came through the resampler.
    let fx = Fixture::new(
        vec![
            (0.7, Some(a)),
            (2.0, Some(b.iter().map(|v| v * 0.3).collect())),
            (1.3, Some(c)),
            (1.0, None),
        ],
        0.0005,
    );
    let (audio, spans) = detect(&fx, dir.path());
    check_boundaries(&fx, &spans);
    let utterances = Utterances::from_spans(&spans, audio.len() as u64, &VadConfig::default());
    check_nothing_dropped(&fx, &utterances, 0.02);
    check_windows(&audio, &utterances);
}

#[test]
fn the_streaming_segmenter_matches_the_offline_steps_in_bounded_memory() {
    // Ten minutes of near-silence between talk: the segmenter must not keep it.
    let mut parts = vec![(0.5, Some(speech_like(12.0, 21)))];
    parts.push((600.0, Some(speech_like(40.0, 22))));
    parts.push((2.0, Some(speech_like(3.0, 23))));
    parts.push((0.5, None));
    let fx = Fixture::new(parts, 0.0005);
    let cfg = VadConfig::default();

    let mut seg = Segmenter::new(EnergyVad::new(&cfg), &cfg);
    let mut windows = Vec::new();
    for chunk in fx.audio.chunks(320) {
        seg.push(chunk, &mut windows);
    }
    seg.finish(&mut windows);

    let mut vad = EnergyVad::new(&cfg);
    let mut spans = Vec::new();
    vad.push(&fx.audio, &mut spans);
    vad.finish(&mut spans);
    check_boundaries(&fx, &spans);
    let utterances = Utterances::from_spans(&spans, fx.audio.len() as u64, &cfg);
    check_nothing_dropped(&fx, &utterances, 0.01);
    let offline = pack_windows(&utterances, 16_000 * 30);

    assert_eq!(
        windows.iter().map(|w| w.window.clone()).collect::<Vec<_>>(),
        offline
    );
    for w in &windows {
        assert_eq!(w.samples, w.window.gather(&fx.audio));
    }
    // A window (30 s) plus the longest stretch of audio an utterance may still need.
    let held = seg.peak_held();
    assert!(held <= 16_000 * 62, "held {held} samples");
    eprintln!(
        "segmenter held at most {:.1} s of audio over {:.0} s",
        held as f64 / 16e3,
        seg.position_s()
    );
}
