//! `onno models ...`: the speech models in the data folder's `models/`.
//!
//! The list comes from the manifest built into Onno; `ONNO_MODELS_MANIFEST` names a
//! manifest file to use instead, and `ONNO_MODELS_BASE_URL` downloads every model from
//! that base URL (a mirror) instead of its own URL.

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::bail;
use clap::Subcommand;
use indicatif::{ProgressBar, ProgressStyle};
use onno_models::{
    Advice, AdviceLanguage, ErrorKind, Fit, LIVE_SPEED, Languages, Machine, ModelKind,
    ModelManager, ModelStatus, Phase, Progress, Stop, Verification, advise, recommended,
};
use onno_store::{DataDir, Store};
use serde::Serialize;

use crate::output::{Output, Table};

#[derive(Subcommand)]
pub enum Command {
    /// List the models Onno can download, and which are installed
    List,
    /// Download a model into the data folder's models/, resuming an unfinished download
    Download {
        /// The model's name, as `onno models list` shows it
        name: String,
    },
    /// Check installed models against the manifest's size and checksums (all installed
    /// models when no NAME is given); a path checks any model file's header
    Verify {
        /// A model name or a path to a model file
        #[arg(value_name = "NAME|PATH")]
        name: Option<String>,
    },
    /// Delete an installed model and any unfinished download of it
    Remove {
        /// The model's name
        name: String,
    },
    /// Show the default model (used by record, transcribe and finalize when no --model
    /// is given), or set it to an installed model or a model file's path
    Default {
        /// A model name or a path to a model file
        #[arg(value_name = "NAME|PATH")]
        name: Option<String>,
    },
    /// Print the path of an installed model's file (or of a model file given by path)
    Path {
        /// A model name or a path to a model file
        #[arg(value_name = "NAME|PATH")]
        name: String,
    },
}

pub fn run(data_dir: &DataDir, out: Output, command: Command) -> anyhow::Result<()> {
    let manager = manager(data_dir)?;
    match command {
        Command::List => list(&manager, out),
        Command::Download { name } => download(&manager, out, &name),
        Command::Verify { name: Some(name) } => verify_one(&manager, out, &name),
        Command::Verify { name: None } => verify_all(&manager, out),
        Command::Remove { name } => remove(&manager, out, &name),
        Command::Default { name } => {
            let store = Store::open(data_dir.root())?;
            if let Some(name) = name {
                // Only a model that can be loaded becomes the default.
                manager.resolve(&name)?;
                store.set_default_model(&name)?;
            }
            let shown = DefaultModel {
                default: store.default_model()?,
                fallback: FALLBACK_MODEL,
            };
            out.emit(&shown, |d| match &d.default {
                Some(name) => name.clone(),
                None => format!("none chosen; {} is used", d.fallback),
            })
        }
        Command::Path { name } => {
            let path = manager.resolve(&name)?;
            out.emit(&Located { name, path }, |l| format!("{}", l.path.display()))
        }
    }
}

pub(crate) fn manager(data_dir: &DataDir) -> anyhow::Result<ModelManager> {
    Ok(ModelManager::configured(data_dir.models())?)
}

/// The installed Silero model that finds speech, if any (the energy detector otherwise).
pub(crate) fn voice_detector(data_dir: &DataDir) -> Option<std::path::PathBuf> {
    manager(data_dir).ok()?.voice_detector()
}

/// The model used when no default was chosen and no --model given.
pub(crate) const FALLBACK_MODEL: &str = "base";

#[derive(Serialize)]
struct DefaultModel {
    default: Option<String>,
    fallback: &'static str,
}

/// The model to use when no `--model` was given: the default chosen in the app or with
/// `onno models default`, else [`FALLBACK_MODEL`].
pub(crate) fn default_model(store: &Store) -> anyhow::Result<String> {
    Ok(store
        .model_to_use("", Some(FALLBACK_MODEL))?
        .unwrap_or_else(|| FALLBACK_MODEL.to_string()))
}

/// [`default_model`] without opening a database that does not exist yet.
pub(crate) fn default_model_in(data_dir: &DataDir) -> anyhow::Result<String> {
    if !data_dir.database().exists() {
        return Ok(FALLBACK_MODEL.to_string());
    }
    default_model(&Store::open(data_dir.root())?)
}

#[derive(Serialize)]
struct Located {
    name: String,
    path: PathBuf,
}

/// A model as `models list` shows it: its state and, for a speech model, how it suits
/// each language on this machine.
#[derive(Serialize)]
struct Listed {
    #[serde(flatten)]
    status: ModelStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    advice: Option<Advice>,
}

fn list(manager: &ModelManager, out: Output) -> anyhow::Result<()> {
    let machine = Machine::detect();
    let advice = advise(manager.manifest(), &machine);
    let models: Vec<Listed> = manager
        .list()?
        .into_iter()
        .map(|status| Listed {
            advice: advice.iter().find(|a| a.name == status.entry.name).cloned(),
            status,
        })
        .collect();
    out.emit(&models, |models| {
        let picks = [AdviceLanguage::Korean, AdviceLanguage::English]
            .map(|language| recommended(manager.manifest(), &machine, language));
        list_text(models, manager.models_dir(), &machine, picks)
    })
}

/// Whole times above ten; one decimal below, where it decides whether a model keeps up.
fn speed_text(speed: f32) -> String {
    if speed >= 10.0 {
        format!("~{speed:.0}x")
    } else {
        format!("~{speed:.1}x")
    }
}

fn fit_text(fit: Fit) -> &'static str {
    match fit {
        Fit::Recommended => "recommended",
        Fit::Good => "good",
        Fit::Weak => "weak",
        Fit::TooHeavy => "too heavy",
        Fit::Unsupported => "-",
    }
}

fn list_text(
    models: &[Listed],
    dir: &Path,
    machine: &Machine,
    [korean, english]: [Option<String>; 2],
) -> String {
    let mut table = Table::new(&[
        "NAME",
        "SIZE",
        "LANGUAGES",
        "KIND",
        "KOREAN",
        "ENGLISH",
        "SPEED",
        "CHECKSUM",
        "STATUS",
    ]);
    for Listed { status: m, advice } in models {
        let e = &m.entry;
        let checksum = match (&e.sha256, &e.sha1) {
            (Some(_), Some(_)) => "sha256, sha1",
            (Some(_), None) => "sha256",
            (None, Some(_)) => "sha1",
            (None, None) => "none",
        };
        let status = match (m.size_on_disk, m.partial_bytes) {
            (Some(_), _) => "installed".to_string(),
            (None, Some(p)) => format!("partial, {} of {}", bytes(p), bytes(e.size)),
            (None, None) => "-".to_string(),
        };
        table.row(vec![
            e.name.clone(),
            bytes(e.size),
            match e.languages {
                Languages::Multilingual => "multilingual".into(),
                Languages::En => "english".into(),
            },
            match e.kind {
                ModelKind::Whisper => "whisper".into(),
                ModelKind::Vad => "vad".into(),
            },
            advice.as_ref().map_or("-", |a| fit_text(a.korean)).into(),
            advice.as_ref().map_or("-", |a| fit_text(a.english)).into(),
            advice
                .as_ref()
                .map_or("-".into(), |a| speed_text(a.estimated_speed)),
            checksum.into(),
            status,
        ]);
    }
    let memory = machine
        .memory_bytes
        .map_or(String::new(), |m| format!(", {}", bytes(m)));
    let pick = |name: Option<String>| name.unwrap_or_else(|| "none fits".into());
    format!(
        "{}\nFor this machine ({} cores{memory}): Korean or auto {}, English {}. \
         SPEED is an estimate of times faster than real time; below {LIVE_SPEED:.0}x a \
         model may fall behind a live meeting. `onno models download NAME` gets one.\n\
         Models folder: {}",
        table.render(),
        machine.cores,
        pick(korean),
        pick(english),
        dir.display()
    )
}

#[derive(Serialize)]
struct Downloaded {
    name: String,
    path: PathBuf,
    size: u64,
    /// What the download was checked against: "checksum" or "size_and_header".
    verified_by: &'static str,
}

fn download(manager: &ModelManager, out: Output, name: &str) -> anyhow::Result<()> {
    let Some(entry) = manager.manifest().get(name).cloned() else {
        // `path` reports an unknown name with the manager's own error.
        manager.path(name)?;
        bail!("no model is named '{name}'");
    };
    let mut reporter = Reporter::new(name, std::io::stderr().is_terminal());
    let result = manager.download(name, &mut |p| reporter.report(p));
    reporter.finish();
    let path = result?;
    if entry.kind == ModelKind::Whisper
        && let Err(e) = manager.ensure_voice_detector(&Stop::new())
    {
        eprintln!(
            "onno: the voice detector model was not downloaded ({e}); meetings find speech \
             with the built-in detector until it is (`onno models list` names it)"
        );
    }
    let (verified_by, how) = if entry.has_checksum() {
        ("checksum", "checksum and size verified")
    } else {
        (
            "size_and_header",
            "no published checksum: verified by size and ggml header only",
        )
    };
    let done = Downloaded {
        name: name.to_string(),
        path,
        size: entry.size,
        verified_by,
    };
    out.emit(&done, |d| {
        format!("{} is installed at {} ({how})", d.name, d.path.display())
    })
}

/// Download progress on stderr: a bar on a terminal, a line every few seconds otherwise.
struct Reporter {
    name: String,
    bar: Option<ProgressBar>,
    terminal: bool,
    last_line: Option<Instant>,
}

/// How often the plain progress line repeats when stderr is not a terminal.
const LINE_EVERY: Duration = Duration::from_secs(2);

impl Reporter {
    fn new(name: &str, terminal: bool) -> Reporter {
        Reporter {
            name: name.to_string(),
            bar: None,
            terminal,
            last_line: None,
        }
    }

    fn report(&mut self, p: Progress) {
        if self.terminal {
            self.bar(p);
        } else {
            self.line(p);
        }
    }

    fn bar(&mut self, p: Progress) {
        let bar = self.bar.get_or_insert_with(|| {
            let bar = ProgressBar::new(p.total);
            let style = ProgressStyle::with_template(
                "{msg} [{bar:30}] {decimal_bytes}/{decimal_total_bytes} {decimal_bytes_per_sec} eta {eta}",
            )
            .map(|s| s.progress_chars("=> "))
            .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            bar
        });
        bar.set_position(p.downloaded);
        match p.phase {
            Phase::Connecting if p.downloaded > 0 => {
                bar.set_message(format!("{} (resuming)", self.name));
            }
            Phase::Connecting | Phase::Downloading => bar.set_message(self.name.clone()),
            Phase::Verifying => bar.set_message(format!("{} (verifying)", self.name)),
            Phase::Done => bar.finish_and_clear(),
        }
    }

    fn line(&mut self, p: Progress) {
        let message = match p.phase {
            Phase::Connecting if p.downloaded > 0 => format!(
                "{}: resuming at {} of {}",
                self.name,
                bytes(p.downloaded),
                bytes(p.total)
            ),
            Phase::Connecting => format!("{}: downloading {}", self.name, bytes(p.total)),
            Phase::Downloading => {
                if self.last_line.is_some_and(|t| t.elapsed() < LINE_EVERY) {
                    return;
                }
                let percent = p.downloaded.saturating_mul(100) / p.total.max(1);
                format!(
                    "{}: {percent}% ({} of {})",
                    self.name,
                    bytes(p.downloaded),
                    bytes(p.total)
                )
            }
            Phase::Verifying => format!("{}: verifying", self.name),
            Phase::Done => return,
        };
        self.last_line = Some(Instant::now());
        eprintln!("{message}");
    }

    fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

#[derive(Serialize)]
struct Checked {
    name: Option<String>,
    path: PathBuf,
    ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    verification: Option<Verification>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

fn verify_one(manager: &ModelManager, out: Output, name: &str) -> anyhow::Result<()> {
    let verification = if manager.manifest().get(name).is_some() {
        manager.verify(name)?
    } else {
        let path = manager.resolve(name)?;
        // Not a manifest model: a whisper model, or failing that a VAD model.
        manager
            .verify_file(&path, ModelKind::Whisper)
            .or_else(|whisper| {
                manager
                    .verify_file(&path, ModelKind::Vad)
                    .map_err(|_| whisper)
            })?
    };
    out.emit(&verification, |v| {
        format!("{}: {}", v.path.display(), v.summary())
    })
}

fn verify_all(manager: &ModelManager, out: Output) -> anyhow::Result<()> {
    let installed: Vec<ModelStatus> = manager
        .list()?
        .into_iter()
        .filter(|m| m.installed)
        .collect();
    let checked: Vec<Checked> = installed
        .iter()
        .map(|m| match manager.verify(&m.entry.name) {
            Ok(v) => Checked {
                name: Some(m.entry.name.clone()),
                path: m.path.clone(),
                ok: true,
                verification: Some(v),
                error: None,
            },
            Err(e) => Checked {
                name: Some(m.entry.name.clone()),
                path: m.path.clone(),
                ok: false,
                verification: None,
                error: Some(e.to_string()),
            },
        })
        .collect();
    let failed = checked.iter().filter(|c| !c.ok).count();
    out.emit(&checked, |checked| {
        if checked.is_empty() {
            return format!(
                "No models are installed in {}",
                manager.models_dir().display()
            );
        }
        checked
            .iter()
            .map(|c| {
                let name = c.name.as_deref().unwrap_or_default();
                match (&c.verification, &c.error) {
                    (Some(v), _) => format!("{name}: {}", v.summary()),
                    (None, Some(e)) => format!("{name}: FAILED: {e}"),
                    (None, None) => format!("{name}: FAILED"),
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    if failed > 0 {
        bail!(
            "{failed} of {} installed models failed verification",
            checked.len()
        );
    }
    Ok(())
}

#[derive(Serialize)]
struct Removed {
    name: String,
    removed: Vec<PathBuf>,
}

fn remove(manager: &ModelManager, out: Output, name: &str) -> anyhow::Result<()> {
    let removed = manager.remove(name)?;
    out.emit(
        &Removed {
            name: name.to_string(),
            removed,
        },
        |r| {
            r.removed
                .iter()
                .map(|p| format!("Removed {}", p.display()))
                .collect::<Vec<_>>()
                .join("\n")
        },
    )
}

/// A byte count for people: `147.9 MB`.
pub(crate) fn bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if n < 1000 {
        return format!("{n} B");
    }
    let mut value = n as f64 / 1000.0;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// Whether an error means the model asked for is unknown or not installed.
pub fn is_not_found(kind: ErrorKind) -> bool {
    matches!(kind, ErrorKind::UnknownModel | ErrorKind::NotInstalled)
}

#[cfg(test)]
mod tests {
    use super::bytes;

    #[test]
    fn byte_counts_read_in_decimal_units() {
        assert_eq!(bytes(999), "999 B");
        assert_eq!(bytes(147_951_465), "148.0 MB");
        assert_eq!(bytes(1_624_555_275), "1.6 GB");
        assert_eq!(bytes(885_098), "885.1 KB");
    }
}
