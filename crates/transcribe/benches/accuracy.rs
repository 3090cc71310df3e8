//! Recognition accuracy and speed on real speech, Onno against the engines it is held
//! to: whisper.cpp through its own Python bindings (pywhispercpp) on the same ggml
//! weights, and faster-whisper on the CTranslate2 weights those were converted from.
//!
//! `cargo bench -p onno-transcribe --bench accuracy`
//!
//! It needs the speech models and Python tools of `scripts/speech-models.sh` (says so and
//! stops without them) and installs the pinned pywhispercpp
//! (`scripts/speech/requirements-anchors.txt`) into the tools' environment when missing.
//!
//! The set is the accuracy test's: the shared recordings of real people and espeak-ng
//! sentences, each written once as a 16 kHz mono WAV file that every engine reads, in
//! the language it is in, greedy decoding, the real multilingual base model, the same
//! threads. Onno runs as an imported file does (Silero finds the speech; the file is
//! decoded inside the measured time); the others are timed without loading the audio.
//! It prints each clip's error rate (words; characters for Korean) per engine, then per
//! set and in total with the real-time factor (wall time / audio duration) and Onno's
//! speed against whisper.cpp's (their time / ours).

use std::error::Error;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use onno_asr::accuracy::{ErrorCount, Unit, error_count};
use onno_asr::{
    EngineConfig, Language, ModelConfig, TranscribeOptions, WhisperEngine, WhisperModel,
};
use onno_test_support::speech_models::speech_models;
use onno_transcribe::{FileOptions, transcribe_file};
use serde_json::Value;

#[allow(clippy::unwrap_used, dead_code)] // shared with the accuracy test
#[path = "../tests/it/speech_set.rs"]
mod speech_set;

use speech_set::Clip;

const ENGINES: [&str; 3] = ["onno", "whisper.cpp", "faster-whisper"];

/// One engine's result on one clip.
struct Heard {
    text: String,
    seconds: f64,
}

fn main() -> Result<(), Box<dyn Error>> {
    let Some(models) = speech_models() else {
        println!("no speech models: run scripts/speech-models.sh first");
        return Ok(());
    };
    let python = venv_python();
    if !python.is_file() {
        println!(
            "no Python tools at {}: run scripts/speech-models.sh",
            python.display()
        );
        return Ok(());
    }
    install_anchors(&python)?;
    let dir = tempfile::tempdir()?;
    let mut clips = speech_set::recordings(dir.path());
    clips.extend(speech_set::espeak_clips(dir.path()));
    let config = EngineConfig::default();
    println!(
        "{} clips, {:.1} s of audio; base (multilingual), greedy, {} threads",
        clips.len(),
        clips.iter().map(duration_s).sum::<f64>(),
        config.threads
    );

    let ours = onno(&models.whisper_base(), &models.silero(), &clips, &config)?;
    let others = anchors(
        &python,
        &models.whisper_base(),
        &models.dir().join("ct2").join("base"),
        &clips,
        config.threads,
    )?;
    let results: Vec<Vec<Heard>> = std::iter::once(ours).chain(others).collect();

    println!(
        "{:<30} {:>6} {:>9} {:>12} {:>15}",
        "clip", "lang", ENGINES[0], ENGINES[1], ENGINES[2]
    );
    for (i, clip) in clips.iter().enumerate() {
        let rates: Vec<f64> = results
            .iter()
            .map(|r| count(clip, &r[i].text).rate() * 100.0)
            .collect();
        println!(
            "{:<30} {:>6} {:>8.1}% {:>11.1}% {:>14.1}%",
            clip.name, clip.language, rates[0], rates[1], rates[2]
        );
    }
    let mut sets: Vec<String> = Vec::new();
    for set in clips.iter().map(set_of) {
        if !sets.contains(&set) {
            sets.push(set);
        }
    }
    sets.push("all".into());
    println!(
        "{:<22} {:>14} {:>14} {:>16}",
        "set (errors / units)", ENGINES[0], ENGINES[1], ENGINES[2]
    );
    for set in &sets {
        let row: Vec<String> = results
            .iter()
            .map(|r| {
                let total: ErrorCount = clips
                    .iter()
                    .zip(r)
                    .filter(|(c, _)| set == "all" || set_of(c) == *set)
                    .map(|(c, h)| count(c, &h.text))
                    .sum();
                format!(
                    "{:.1}% ({}/{})",
                    total.rate() * 100.0,
                    total.errors,
                    total.reference_len
                )
            })
            .collect();
        println!("{:<22} {:>14} {:>14} {:>16}", set, row[0], row[1], row[2]);
    }
    let audio: f64 = clips.iter().map(duration_s).sum();
    let times: Vec<f64> = results
        .iter()
        .map(|r| r.iter().map(|h| h.seconds).sum())
        .collect();
    println!(
        "real-time factor: onno {:.3}, whisper.cpp {:.3}, faster-whisper {:.3}; onno's speed against whisper.cpp {:.2}x, against faster-whisper {:.2}x",
        times[0] / audio,
        times[1] / audio,
        times[2] / audio,
        times[1] / times[0],
        times[2] / times[0]
    );
    Ok(())
}

fn set_of(clip: &Clip) -> String {
    let kind = if clip.name.starts_with("espeak") {
        "espeak"
    } else {
        "recordings"
    };
    format!("{kind} {}", clip.language)
}

fn count(clip: &Clip, heard: &str) -> ErrorCount {
    error_count(&clip.said, heard, Unit::for_language(&clip.language))
}

fn duration_s(clip: &Clip) -> f64 {
    // 16-bit mono at 16 kHz after a 44-byte header, as the set writes them.
    let bytes = std::fs::metadata(&clip.path).map_or(44, |m| m.len());
    bytes.saturating_sub(44) as f64 / 32_000.0
}

fn onno(
    model: &Path,
    silero: &Path,
    clips: &[Clip],
    config: &EngineConfig,
) -> Result<Vec<Heard>, Box<dyn Error>> {
    let model = WhisperModel::load(model, &ModelConfig::default())?;
    let mut engine = WhisperEngine::new(model, config)?;
    clips
        .iter()
        .map(|clip| {
            let options = FileOptions {
                asr: TranscribeOptions {
                    language: Language::Code(clip.language.clone()),
                    ..TranscribeOptions::default()
                },
                vad_model: Some(silero.to_path_buf()),
                ..FileOptions::default()
            };
            let started = Instant::now();
            let transcript = transcribe_file(&clip.path, &mut engine, &options, &mut |_| {})?;
            let seconds = started.elapsed().as_secs_f64();
            let text: Vec<&str> = transcript.segments.iter().map(|s| s.text.trim()).collect();
            Ok(Heard {
                text: text.join(" "),
                seconds,
            })
        })
        .collect()
}

/// whisper.cpp's and faster-whisper's results, in that order, from `anchors.py`.
fn anchors(
    python: &Path,
    ggml: &Path,
    ct2: &Path,
    clips: &[Clip],
    threads: usize,
) -> Result<Vec<Vec<Heard>>, Box<dyn Error>> {
    let script = repository().join("scripts/speech/anchors.py");
    let output = Command::new(python)
        .arg(script)
        .arg("--ggml")
        .arg(ggml)
        .arg("--ct2")
        .arg(ct2)
        .arg("--threads")
        .arg(threads.to_string())
        .args(
            clips
                .iter()
                .map(|c| format!("{}={}", c.path.display(), c.language)),
        )
        .stderr(std::process::Stdio::null())
        .output()?;
    if !output.status.success() {
        return Err(format!("anchors.py failed: {}", output.status).into());
    }
    let json: Value = serde_json::from_slice(&output.stdout)?;
    ENGINES[1..]
        .iter()
        .map(|engine| {
            let results = json["engines"][engine]["clips"]
                .as_array()
                .ok_or_else(|| format!("anchors.py gave no results for {engine}"))?;
            if results.len() != clips.len() {
                return Err(format!(
                    "{engine}: {} results for {} clips",
                    results.len(),
                    clips.len()
                )
                .into());
            }
            Ok(results
                .iter()
                .map(|r| Heard {
                    text: r["text"].as_str().unwrap_or_default().to_owned(),
                    seconds: r["seconds"].as_f64().unwrap_or_default(),
                })
                .collect())
        })
        .collect()
}

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The Python environment `scripts/speech-models.sh` prepares.
fn venv_python() -> PathBuf {
    let venv = std::env::var_os("ONNO_VENV")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| Some(onno_test_support::speech_models::onno_cache()?.join("venv")))
        .unwrap_or_else(|| PathBuf::from(".venv"));
    venv.join("bin").join("python")
}

/// Installs pywhispercpp (pinned, hashes checked) unless the environment has it.
fn install_anchors(python: &Path) -> Result<(), Box<dyn Error>> {
    let has = Command::new(python)
        .args(["-c", "import pywhispercpp.model"])
        .status()?
        .success();
    if has {
        return Ok(());
    }
    let requirements = repository().join("scripts/speech/requirements-anchors.txt");
    let status = Command::new(python)
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-deps",
            "--require-hashes",
            "-r",
        ])
        .arg(requirements)
        .status()?;
    if !status.success() {
        return Err(format!("installing pywhispercpp failed: {status}").into());
    }
    Ok(())
}
