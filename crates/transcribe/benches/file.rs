//! File transcription against bare whisper-rs `full()` on the same audio and model.
//!
//! `cargo bench -p onno-transcribe --bench file`
//!
//! For the tiny and base shapes (generated models with random weights: the encoder's
//! work is real, the decoder's is not that of real speech), it times:
//! - ours: `transcribe_file` on a 60 s WAV of speech (decode, voice detection, packing,
//!   whisper, time mapping), against bare `full()` on the same samples already in
//!   memory, with the very same whisper parameters;
//! - ours on a 60 s WAV that is half silence (5 s speech, 5 s pause), against ours on
//!   the all-speech file.
//!
//! Each shape runs twice: with the default options, and with `single_segment`, where
//! whisper.cpp moves on by whole windows. With random weights the decoder never emits
//! end-of-text, and in the default mode whisper.cpp then seeks inside a window to
//! wherever its last timestamp token landed, which depends on the audio and differs
//! between one 60 s call and two 30 s calls; fixed windows take that out, so the second
//! row shows our own overhead.
//!
//! Then the peak resident memory of the whole process (models included).
//!
//! `ONNO_BENCH_SHAPES=tiny` limits the run to some shapes. Each row also prints the speech
//! handed to whisper and the number of whisper calls, which do not depend on the weights.

use std::error::Error;
use std::path::Path;
use std::time::{Duration, Instant};

use onno_asr::{EngineConfig, ModelConfig, TranscribeOptions, WhisperEngine, WhisperModel};
use onno_test_support::audio::{silence, speech_like, write_wav};
use onno_test_support::process::peak_resident_kb;
use onno_test_support::{ModelShape, test_model};
use onno_transcribe::{FileOptions, FileStats, transcribe_file};
use whisper_rs::{WhisperContext, WhisperContextParameters, WhisperState};

const SECONDS: f32 = 60.0;
const RUNS: usize = 3;

fn main() -> Result<(), Box<dyn Error>> {
    let dir = tempfile::tempdir()?;
    let speech = speech_like(SECONDS, 42);
    let all_speech = dir.path().join("speech.wav");
    write_wav(&all_speech, &speech, 16_000)?;
    let mut half: Vec<f32> = Vec::with_capacity(speech.len());
    for (i, chunk) in speech.chunks(16_000 * 5).enumerate() {
        if i % 2 == 0 {
            half.extend_from_slice(chunk);
        } else {
            half.extend(silence(chunk.len() as f32 / 16_000.0));
        }
    }
    let half_silence = dir.path().join("half-silence.wav");
    write_wav(&half_silence, &half, 16_000)?;

    let config = EngineConfig::default();
    println!(
        "audio: {SECONDS} s, 16 kHz WAV; threads {}; {RUNS} runs (+1 warm-up), medians",
        config.threads
    );
    println!(
        "{:<10} {:>10} {:>8} {:>10} {:>8} {:>11} {:>12} {:>11}",
        "shape", "ours", "RTF", "bare", "RTF", "ours speed", "50% silence", "vs speech"
    );
    let only = std::env::var("ONNO_BENCH_SHAPES").unwrap_or_default();
    let shapes = ModelShape::ALL
        .iter()
        .filter(|s| only.is_empty() || only.split(',').any(|o| o.trim() == s.name()));
    for &shape in shapes {
        let path = test_model(shape);
        let model = WhisperModel::load(&path, &ModelConfig::default())?;
        let mut engine = WhisperEngine::new(model, &config)?;
        let bare_context =
            WhisperContext::new_with_params(&path, WhisperContextParameters::default())?;
        let mut bare_state = bare_context.create_state()?;
        let files = Files {
            speech: &speech,
            all_speech: &all_speech,
            half_silence: &half_silence,
        };
        for single_segment in [false, true] {
            let asr = TranscribeOptions {
                single_segment,
                ..TranscribeOptions::default()
            };
            let options = FileOptions {
                asr: asr.clone(),
                ..FileOptions::default()
            };
            let label = format!(
                "{}{}",
                shape.name(),
                if single_segment { "/1seg" } else { "" }
            );
            compare(&label, &mut engine, &mut bare_state, &asr, &options, &files)?;
        }
    }
    println!("peak resident memory: {} kB", peak_resident_kb());
    Ok(())
}

struct Files<'a> {
    speech: &'a [f32],
    all_speech: &'a Path,
    half_silence: &'a Path,
}

/// Times ours and bare on the all-speech file, and ours on the half-silence file, and
/// prints one row.
fn compare(
    label: &str,
    engine: &mut WhisperEngine,
    bare_state: &mut WhisperState,
    asr: &TranscribeOptions,
    options: &FileOptions,
    files: &Files<'_>,
) -> Result<(), Box<dyn Error>> {
    let (mut ours, mut bare, mut sparse) = (Vec::new(), Vec::new(), Vec::new());
    let (mut dense_stats, mut sparse_stats) = (FileStats::default(), FileStats::default());
    for run in 0..=RUNS {
        let (t, dense) = time(|| transcribe(files.all_speech, engine, options))?;
        let (b, _) = time(|| {
            let params = engine.full_params("auto", files.speech.len(), asr);
            bare_state
                .full(params, files.speech)
                .map(|_| bare_state.full_n_segments())
        })?;
        let (s, half) = time(|| transcribe(files.half_silence, engine, options))?;
        if run > 0 {
            ours.push(t);
            bare.push(b);
            sparse.push(s);
        }
        (dense_stats, sparse_stats) = (dense, half);
    }
    let (ours, bare, sparse) = (median(&mut ours), median(&mut bare), median(&mut sparse));
    let seconds = f64::from(SECONDS);
    println!(
        "{:<10} {:>8.0}ms {:>8.3} {:>8.0}ms {:>8.3} {:>10.3}x {:>10.0}ms {:>10.3}x",
        label,
        ours.as_secs_f64() * 1e3,
        ours.as_secs_f64() / seconds,
        bare.as_secs_f64() * 1e3,
        bare.as_secs_f64() / seconds,
        bare.as_secs_f64() / ours.as_secs_f64(),
        sparse.as_secs_f64() * 1e3,
        sparse.as_secs_f64() / ours.as_secs_f64(),
    );
    println!(
        "{:<10} speech to whisper: {:.1} s in {} calls (all speech), {:.1} s in {} calls (50% silence)",
        "",
        dense_stats.speech.as_secs_f64(),
        dense_stats.windows,
        sparse_stats.speech.as_secs_f64(),
        sparse_stats.windows,
    );
    Ok(())
}

fn transcribe(
    path: &Path,
    engine: &mut WhisperEngine,
    options: &FileOptions,
) -> Result<FileStats, Box<dyn Error>> {
    Ok(transcribe_file(path, engine, options, &mut |_| {})?.stats)
}

fn time<T, E>(f: impl FnOnce() -> Result<T, E>) -> Result<(Duration, T), E> {
    let started = Instant::now();
    let value = std::hint::black_box(f()?);
    Ok((started.elapsed(), value))
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}
