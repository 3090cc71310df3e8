//! `onno transcribe FILE...`: file transcription on this machine, with a progress bar per
//! file. A file that fails is reported and the others still complete.

use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use indicatif::{ProgressBar, ProgressStyle};
use onno_asr::{EngineConfig, Language, TranscribeOptions, WhisperEngine};
use onno_models::LoadError;
use onno_store::{
    DataDir, MeetingType, NewMeeting, Store, TranscriptFormat, TranscriptHeader, TranscriptLine,
    now_timestamp, timestamp_after, write_transcript,
};
use onno_transcribe::{FileOptions, FileTranscript, Progress, transcribe_file};
use serde::Serialize;

use crate::args::choice;
use crate::output::Output;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Audio files: WAV, FLAC, MP3, Ogg Vorbis, M4A/AAC
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// A model from `onno models list`, or the path of a ggml model file [default: the
    /// model `onno models default` shows]
    #[arg(long, value_name = "NAME|PATH")]
    model: Option<String>,
    /// The spoken language: auto (among the languages of `onno config languages`), or
    /// a code such as ko or en
    #[arg(long, default_value = "auto")]
    language: String,
    /// Transcript format
    #[arg(long, default_value = "txt", value_parser = choice::<TranscriptFormat>())]
    format: TranscriptFormat,
    /// Write the transcript here instead of stdout: a file for one input, a folder
    /// (FILE-NAME.FORMAT inside) for several
    #[arg(long, value_name = "PATH")]
    out: Option<PathBuf>,
    /// Keep each transcript as a meeting in the database, searchable like any other
    #[arg(long)]
    save: bool,
    /// CPU threads for the speech model [default: the physical cores]
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=256))]
    threads: Option<u16>,
}

/// Whether the store is needed: only to save.
pub fn needs_store(args: &Args) -> bool {
    args.save
}

#[derive(Serialize)]
struct FileResult {
    file: PathBuf,
    ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    segments: usize,
    audio_ms: u128,
    elapsed_ms: u128,
    #[serde(skip_serializing_if = "Option::is_none")]
    output: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    meeting_id: Option<i64>,
    /// The transcript itself, when it was written nowhere else.
    #[serde(skip_serializing_if = "Option::is_none")]
    transcript: Option<Vec<TranscriptLine>>,
}

pub fn run(
    data_dir: &DataDir,
    store: Option<&Store>,
    out: Output,
    args: Args,
) -> anyhow::Result<()> {
    let several = args.files.len() > 1;
    if several && args.out.is_none() && !out.is_json() {
        bail!("give --out FOLDER to transcribe several files (one transcript per file)");
    }
    let mut options = FileOptions {
        asr: TranscribeOptions {
            language: args.language.parse::<Language>()?,
            spoken_languages: spoken_languages(data_dir, store)?,
            ..TranscribeOptions::default()
        },
        ..FileOptions::default()
    };
    options.vad_model = crate::models::voice_detector(data_dir);
    let model = match (&args.model, store) {
        (Some(model), _) => model.clone(),
        (None, Some(store)) => crate::models::default_model(store)?,
        (None, None) => crate::models::default_model_in(data_dir)?,
    };
    let mut engine = load_engine(data_dir, &model, args.threads)?;

    let mut results = Vec::new();
    for file in &args.files {
        let mut bar = Bar::new(file);
        let outcome = transcribe_file(file, &mut engine, &options, &mut |p| bar.update(p))
            .map_err(anyhow::Error::from)
            .and_then(|transcript| deliver(file, &transcript, &args, store, out, several));
        bar.finish();
        let result = outcome.unwrap_or_else(|error| {
            if !out.is_json() {
                eprintln!("onno: error: {error:#}");
            }
            FileResult {
                file: file.clone(),
                ok: false,
                error: Some(format!("{error:#}")),
                segments: 0,
                audio_ms: 0,
                elapsed_ms: 0,
                output: None,
                meeting_id: None,
                transcript: None,
            }
        });
        results.push(result);
    }
    out.emit_json(&results)?;
    let failed = results.iter().filter(|r| !r.ok).count();
    if failed > 0 {
        bail!(
            "{failed} of {} files could not be transcribed",
            results.len()
        );
    }
    Ok(())
}

/// The languages the user speaks, from the store when it is open or there to open, else
/// the default (Korean and English): a transcription without `--save` creates no
/// database.
fn spoken_languages(data_dir: &DataDir, store: Option<&Store>) -> anyhow::Result<Vec<String>> {
    Ok(match store {
        Some(store) => store.spoken_languages()?,
        None if data_dir.database().exists() => Store::open(data_dir.root())?.spoken_languages()?,
        None => onno_store::DEFAULT_SPOKEN_LANGUAGES
            .map(str::to_owned)
            .to_vec(),
    })
}

/// The whisper engine for `--model NAME|PATH` and `--threads`.
pub fn load_engine(
    data_dir: &DataDir,
    model: &str,
    threads: Option<u16>,
) -> anyhow::Result<WhisperEngine> {
    let mut config = EngineConfig::default();
    if let Some(threads) = threads {
        config.threads = usize::from(threads);
    }
    // Each error on its own, so the exit code still finds a missing model in the chain.
    crate::models::manager(data_dir)?
        .load_engine(model, &config)
        .map_err(|e| match e {
            LoadError::Model(e) => anyhow::Error::from(e),
            LoadError::Asr(e) => anyhow::Error::from(e),
        })
}

/// Writes or stores one transcript as the arguments say.
fn deliver(
    file: &Path,
    transcript: &FileTranscript,
    args: &Args,
    store: Option<&Store>,
    out: Output,
    several: bool,
) -> anyhow::Result<FileResult> {
    let lines = onno_live::transcript_lines(transcript);
    let title = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "Transcript".to_owned());
    let header = TranscriptHeader {
        title: Some(title.clone()),
        started_at: None,
        language: onno_live::language_of(transcript),
    };

    let output = match &args.out {
        Some(folder_or_file) => {
            let target = if several || folder_or_file.is_dir() {
                std::fs::create_dir_all(folder_or_file).with_context(|| {
                    format!("cannot create the folder {}", folder_or_file.display())
                })?;
                folder_or_file.join(format!("{title}.{}", args.format.extension()))
            } else {
                folder_or_file.clone()
            };
            write_file(&target, args.format, &header, &lines)?;
            Some(target)
        }
        None if !out.is_json() => {
            let mut stdout = std::io::stdout().lock();
            write_transcript(&mut stdout, args.format, &header, &lines)?;
            stdout.flush()?;
            None
        }
        None => None,
    };

    let meeting_id = match store {
        Some(store) if args.save => Some(save(store, &title, transcript, &lines)?),
        _ => None,
    };
    Ok(FileResult {
        file: file.to_owned(),
        ok: true,
        error: None,
        segments: lines.len(),
        audio_ms: transcript.stats.audio.as_millis(),
        elapsed_ms: transcript.stats.elapsed.as_millis(),
        transcript: (out.is_json() && output.is_none()).then(|| lines.clone()),
        output,
        meeting_id,
    })
}

/// Writes the transcript to `target` whole or not at all, as `onno export` writes a
/// meeting.
fn write_file(
    target: &Path,
    format: TranscriptFormat,
    header: &TranscriptHeader,
    lines: &[TranscriptLine],
) -> anyhow::Result<()> {
    let mut bytes = Vec::new();
    write_transcript(&mut bytes, format, header, lines)?;
    Ok(onno_export::save(target, &bytes)?)
}

/// Stores the transcript as a completed meeting of its own, with its segments, in one go.
fn save(
    store: &Store,
    title: &str,
    transcript: &FileTranscript,
    lines: &[TranscriptLine],
) -> anyhow::Result<i64> {
    let mut meeting = NewMeeting::new(title, MeetingType::General, &now_timestamp());
    meeting.language = onno_live::language_of(transcript);
    let meeting = store.create_meeting(&meeting)?;
    let segments: Vec<_> = lines
        .iter()
        .map(|line| onno_store::new_segment(meeting.id, line, meeting.language.as_deref()))
        .collect();
    store.add_segments(&segments)?;
    let ended_at = timestamp_after(&meeting.started_at, transcript.stats.audio)
        .unwrap_or_else(|| meeting.started_at.clone());
    store.end_meeting(meeting.id, &ended_at)?;
    Ok(meeting.id)
}

/// A progress bar on a terminal; nothing otherwise (the summary says how it went).
pub(crate) struct Bar {
    bar: Option<ProgressBar>,
}

impl Bar {
    pub(crate) fn new(file: &Path) -> Bar {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(0);
            let style =
                ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} s of audio, eta {eta}")
                    .map(|s| s.progress_chars("=> "))
                    .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            bar.set_message(
                file.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            );
            bar
        });
        Bar { bar }
    }

    pub(crate) fn update(&mut self, p: Progress) {
        if let Some(bar) = &self.bar {
            if let Some(total) = p.total {
                bar.set_length(total.as_secs());
            }
            bar.set_position(p.decoded.as_secs());
        }
    }

    pub(crate) fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}
