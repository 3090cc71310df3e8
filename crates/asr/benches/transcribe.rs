//! `WhisperEngine::transcribe` against bare whisper-rs `full()` on the same audio and model.
//!
//! `cargo bench -p onno-asr --bench transcribe`
//!
//! For the tiny and base shapes (generated models with random weights, so the decoder's
//! workload is not that of real speech; the encoder's is), both paths run alternately on
//! the same 20 s of speech-like audio with identical whisper.cpp parameters. It prints the
//! median wall time, the real-time factor (time / audio length) of each path, and the
//! speed of ours relative to bare (bare time / our time; 1.00 = no overhead).

use std::error::Error;
use std::time::{Duration, Instant};

use onno_asr::{
    EngineConfig, ModelConfig, TranscribeOptions, Transcriber, WhisperEngine, WhisperModel,
    inspect_model,
};
use onno_test_support::{ModelShape, audio, test_model};
use whisper_rs::{WhisperContext, WhisperContextParameters};

const AUDIO_SECONDS: f32 = 20.0;
const RUNS: usize = 5;

fn main() -> Result<(), Box<dyn Error>> {
    let pcm = audio::speech_like(AUDIO_SECONDS, 42);
    let opts = TranscribeOptions::default();
    let config = EngineConfig::default();
    println!(
        "audio: {AUDIO_SECONDS} s speech-like, threads: {}, runs: {RUNS} (+1 warm-up), whisper.cpp {}",
        config.threads,
        whisper_rs::WHISPER_CPP_VERSION
    );
    println!(
        "{:<6} {:>12} {:>10} {:>12} {:>10} {:>14} {:>14}",
        "shape",
        "ours median",
        "ours RTF",
        "bare median",
        "bare RTF",
        "ours/bare speed",
        "header check"
    );
    for shape in ModelShape::ALL {
        let path = test_model(shape);

        let t = Instant::now();
        inspect_model(&path)?;
        let inspect = t.elapsed();

        let model = WhisperModel::load(&path, &ModelConfig::default())?;
        let mut engine = WhisperEngine::new(model, &config)?;

        let bare_ctx = WhisperContext::new_with_params(&path, WhisperContextParameters::default())?;
        let mut bare_state = bare_ctx.create_state()?;
        // "auto" is what the engine passes for TranscribeOptions::default() on a
        // multilingual model; full_params gives bare whisper-rs the very same settings.
        let language = "auto";

        let mut ours = Vec::new();
        let mut bare = Vec::new();
        for run in 0..=RUNS {
            let t = Instant::now();
            let segments = engine.transcribe(&pcm, 0, &opts)?;
            let ours_time = t.elapsed();
            std::hint::black_box(segments);

            let t = Instant::now();
            let params = engine.full_params(language, pcm.len(), &opts);
            bare_state.full(params, &pcm)?;
            let texts: Vec<String> = bare_state
                .as_iter()
                .map(|s| s.to_str_lossy().map(|t| t.into_owned()).unwrap_or_default())
                .collect();
            let bare_time = t.elapsed();
            std::hint::black_box(texts);

            if run > 0 {
                ours.push(ours_time);
                bare.push(bare_time);
            }
        }
        let (ours_min, bare_min) = (min(&ours), min(&bare));
        let (ours, bare) = (median(&mut ours), median(&mut bare));
        println!(
            "{:<6} {:>10.0}ms {:>10.3} {:>10.0}ms {:>10.3} {:>14.3}x {:>12.1}ms",
            shape.name(),
            ours.as_secs_f64() * 1e3,
            ours.as_secs_f64() / f64::from(AUDIO_SECONDS),
            bare.as_secs_f64() * 1e3,
            bare.as_secs_f64() / f64::from(AUDIO_SECONDS),
            bare.as_secs_f64() / ours.as_secs_f64(),
            inspect.as_secs_f64() * 1e3,
        );
        println!(
            "{:<6} best runs: ours {:.0}ms, bare {:.0}ms, ours/bare speed {:.3}x",
            "",
            ours_min.as_secs_f64() * 1e3,
            bare_min.as_secs_f64() * 1e3,
            bare_min.as_secs_f64() / ours_min.as_secs_f64(),
        );
    }
    // Other processes competing for the cores skew single runs; say how busy it was.
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        println!("load average at the end: {}", load.trim());
    }
    Ok(())
}

fn min(times: &[Duration]) -> Duration {
    times.iter().copied().min().unwrap_or_default()
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort_unstable();
    times[times.len() / 2]
}
