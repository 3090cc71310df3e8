//! The live pipeline on a real PulseAudio server, speech played into both sides.
//!
//! `scripts/with-pulseaudio.sh cargo bench -p onno-live --bench live`
//!
//! For each model shape (generated random weights: the encoder's work is real, the
//! decoder runs to its token cap because random weights never end a sentence, so
//! decoding is a worst case), a meeting runs for `ONNO_BENCH_MINUTES` (default 10)
//! while espeak-ng sentences alternate between "them" and "me" with pauses. It reports:
//! - latency from the end of an utterance's audio to its committed row (p50, p99);
//! - latency from the end of the audio decoded to tentative text shown (p50, p99);
//! - samples dropped by the capture (overruns, gaps) over the run;
//! - CPU share of the capture threads (ring drain + resampling), of one core;
//! - resident memory after 1 minute and at the end.
//!
//! With the speech models that `scripts/speech-models.sh` prepares, two more rows run the
//! real multilingual base weights, without and with the real Silero model asking each
//! piece of audio whether it holds speech (`base-real`, `base-real+silero`); there the
//! decoder ends its sentences as on real speech.
//!
//! `ONNO_BENCH_SHAPES=tiny,base-real` limits the rows. `ONNO_BENCH_TOKENS_PER_SECOND` caps the
//! decoder (default: the live default, 15 tokens per second of audio, which random
//! weights always reach); 5 to 6 is what real speech produces, so it shows what a real
//! model's decoding would cost.

use std::error::Error;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use onno_asr::{EngineConfig, ModelConfig, WhisperEngine, WhisperModel};
use onno_live::{LiveConfig, LiveMeeting};
use onno_store::{MeetingType, Store};
use onno_test_support::audio::espeak;
use onno_test_support::process::resident_kb;
use onno_test_support::pulse::{self, MEET_SINK, MIC_FEED_SINK};
use onno_test_support::speech_models::speech_models;
use onno_test_support::{ModelShape, test_model};

const SENTENCES: [&str; 6] = [
    "Our monthly recurring revenue is fifty thousand dollars.",
    "How many customers renewed last quarter?",
    "We grew ten percent a month since the spring, mostly from referrals.",
    "What does the sales cycle look like for enterprise accounts?",
    "Churn is under two percent and the runway is eighteen months.",
    "Who else is in the round, and when do you plan to close it?",
];

fn main() -> Result<(), Box<dyn Error>> {
    pulse::require();
    let minutes: f64 = std::env::var("ONNO_BENCH_MINUTES")
        .ok()
        .and_then(|m| m.parse().ok())
        .unwrap_or(10.0);
    let only = std::env::var("ONNO_BENCH_SHAPES").unwrap_or_default();
    let dir = tempfile::tempdir()?;
    let speech: Vec<PathBuf> = SENTENCES
        .iter()
        .enumerate()
        .map(|(i, s)| espeak(s, &dir.path().join(format!("s{i}.wav"))).path)
        .collect();
    println!(
        "{minutes} min per shape; espeak sentences alternating them/me with 1.5 s pauses; threads {}; decoder cap {} tokens/s",
        EngineConfig::default().threads,
        std::env::var("ONNO_BENCH_TOKENS_PER_SECOND").unwrap_or_else(|_| "15".into())
    );
    println!(
        "{:<16} {:>9} {:>9} {:>9} {:>9} {:>6} {:>10} {:>8} {:>9} {:>9} {:>8}",
        "model",
        "conf p50",
        "conf p99",
        "tent p50",
        "tent p99",
        "rows",
        "not speech",
        "dropped",
        "capture",
        "RSS 1min",
        "RSS end"
    );
    let mut rows: Vec<(String, PathBuf, Option<PathBuf>)> = ModelShape::ALL
        .iter()
        .map(|s| (s.name().to_owned(), test_model(*s), None))
        .collect();
    if let Some(models) = speech_models() {
        rows.push(("base-real".into(), models.whisper_base(), None));
        rows.push((
            "base-real+silero".into(),
            models.whisper_base(),
            Some(models.silero()),
        ));
    }
    for (name, model, vad_model) in rows
        .into_iter()
        .filter(|(name, ..)| only.is_empty() || only.split(',').any(|o| o.trim() == name))
    {
        run(&name, &model, vad_model, minutes, &speech)?;
    }
    Ok(())
}

fn run(
    name: &str,
    model: &Path,
    vad_model: Option<PathBuf>,
    minutes: f64,
    speech: &[PathBuf],
) -> Result<(), Box<dyn Error>> {
    let data = tempfile::tempdir()?;
    let store = Arc::new(Store::open(data.path())?);
    let model = WhisperModel::load(model, &ModelConfig::default())?;
    let engine = WhisperEngine::new(model, &EngineConfig::default())?;
    let mut config = LiveConfig::new("Benchmark", MeetingType::General);
    config.silence_stop = None;
    config.vad_model = vad_model;
    if let Some(cap) = std::env::var("ONNO_BENCH_TOKENS_PER_SECOND")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        config.asr.max_tokens_per_second = cap;
    }
    let (tx, events) = mpsc::channel();
    let live = LiveMeeting::start(store.clone(), Box::new(engine), config, tx)?;
    // Nobody reads the events here but the totals; keep the channel drained.
    let draining = std::thread::spawn(move || events.iter().count());

    let playing = Arc::new(AtomicBool::new(true));
    let player = {
        let playing = playing.clone();
        let speech = speech.to_vec();
        std::thread::spawn(move || {
            let mut i = 0;
            while playing.load(Ordering::Relaxed) {
                let sink = if i % 2 == 0 { MEET_SINK } else { MIC_FEED_SINK };
                pulse::play_to_end(sink, &speech[i % speech.len()]);
                std::thread::sleep(Duration::from_millis(1_500));
                i += 1;
            }
        })
    };
    let started = Instant::now();
    let total = Duration::from_secs_f64(minutes * 60.0);
    std::thread::sleep(Duration::from_secs(60).min(total));
    let rss_1min = resident_kb();
    std::thread::sleep(total.saturating_sub(started.elapsed()));
    let capture_cpu = thread_cpu("capture-");
    let wall = started.elapsed();
    let rss_end = resident_kb();
    playing.store(false, Ordering::Relaxed);
    let _ = player.join();
    let confirmed = percentiles(&live.latencies().confirmed_ms);
    let tentative = percentiles(&live.latencies().tentative_ms);
    let not_speech = live.latencies().not_speech.load(Ordering::Relaxed);
    let finished = live.stop()?;
    let _ = draining.join();
    let dropped: u64 = finished
        .capture_stats
        .iter()
        .map(|(_, s)| s.gap_samples + s.overrun_frames)
        .sum();
    let rows = store
        .segments(finished.meeting.id, onno_store::Page::new(1, 0))?
        .total;
    println!(
        "{:<16} {:>7}ms {:>7}ms {:>7}ms {:>7}ms {:>6} {:>10} {:>8} {:>8.2}% {:>7}MB {:>6}MB",
        name,
        confirmed.0,
        confirmed.1,
        tentative.0,
        tentative.1,
        rows,
        not_speech,
        dropped,
        capture_cpu.as_secs_f64() / wall.as_secs_f64() * 100.0,
        rss_1min / 1024,
        rss_end / 1024,
    );
    Ok(())
}

fn percentiles(list: &std::sync::Mutex<Vec<u64>>) -> (u64, u64) {
    let mut v = list.lock().map(|l| l.clone()).unwrap_or_default();
    if v.is_empty() {
        return (0, 0);
    }
    v.sort_unstable();
    let at = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.99))
}

/// CPU time of this process's threads whose name starts with `prefix` (Linux).
fn thread_cpu(prefix: &str) -> Duration {
    let mut total = Duration::ZERO;
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return total;
    };
    for task in tasks.flatten() {
        let name = std::fs::read_to_string(task.path().join("comm")).unwrap_or_default();
        if !name.starts_with(prefix) {
            continue;
        }
        // schedstat: nanoseconds on a CPU, first.
        let ns = std::fs::read_to_string(task.path().join("schedstat"))
            .ok()
            .and_then(|s| {
                s.split_whitespace()
                    .next()
                    .and_then(|n| n.parse::<u64>().ok())
            })
            .unwrap_or(0);
        total += Duration::from_nanos(ns);
    }
    total
}
