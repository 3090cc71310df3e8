//! `onno`: Onno's meetings, relationships, transcripts and speech models from the
//! command line.
//!
//! The command reads and writes the same data folder as the desktop app (see
//! [`DataDir::locate`]), so a script can list what was recorded, search it, or insert a
//! meeting for a test. Every command takes `--json` and then prints exactly one JSON
//! document on stdout, shaped like the store's own types. `onno models` manages the
//! speech models in the data folder's `models/` and never opens the database.
//!
//! Exit status:
//! - 0: success
//! - 1: an error (an invalid value, a refused or cancelled deletion, a busy database, a
//!   failed or unverifiable model download, a model that fails verification)
//! - 2: a usage error reported while parsing the command line (unknown flag, bad choice)
//! - 3: the meeting, relationship or model asked for does not exist, or the model is
//!   not installed
//! - 4: the database file is damaged, is not an Onno database, or is from a newer
//!   version of Onno; the message names the file, which is left untouched

mod analyze;
mod archive;
mod args;
mod config;
mod corrections;
mod devices;
mod errors;
mod export;
mod files;
mod finalize;
mod import;
mod llm;
mod meetings;
mod models;
mod output;
mod record;
mod relationships;
mod search;
mod sync;
mod transcribe;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::builder::{NonEmptyStringValueParser, TypedValueParser as _};
use clap::{Parser, Subcommand};
use onno_store::{DATA_DIR_ENV, DataDir, Store};

use crate::output::Output;

const LONG_ABOUT: &str = "\
Onno's meetings, relationships, transcripts and speech models from the command line.

Reads and writes the same data folder as the desktop app. Every command takes --json and \
then prints exactly one JSON document on stdout.

Exit status:
  0  success
  1  error (an invalid value, a refused or cancelled deletion, a busy database, a failed
     model download, a model that fails verification)
  2  usage error (unknown flag or subcommand, invalid choice)
  3  the meeting, relationship or model asked for does not exist, or the model is not
     installed
  4  the database file is damaged, is not an Onno database, or is from a newer version
     of Onno; the message names the file. Move it aside to start a new database.";

#[derive(Parser)]
#[command(name = "onno", version, about, long_about = LONG_ABOUT)]
struct Cli {
    /// The folder holding onno.db and recordings [env: ONNO_DATA_DIR] [default: the
    /// desktop app's data folder]
    // Read by hand rather than with clap's `env`, which takes an empty variable as an
    // empty path; the app treats an empty ONNO_DATA_DIR as unset, and so does this.
    #[arg(
        long,
        global = true,
        value_name = "PATH",
        value_parser = NonEmptyStringValueParser::new().map(PathBuf::from)
    )]
    data_dir: Option<PathBuf>,

    /// Print one JSON document on stdout instead of text
    #[arg(long, global = true)]
    json: bool,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
#[allow(
    clippy::large_enum_variant,
    reason = "parsed once per run; boxing would only add noise (whether the lint fires \
              depends on which variant is largest today)"
)]
enum Command {
    /// List, show, add, edit and delete meetings, and correct their transcripts
    #[command(subcommand)]
    Meetings(meetings::Command),
    /// List, show, add, edit and archive relationships
    #[command(subcommand)]
    Relationships(relationships::Command),
    /// Search transcripts, notes, summaries and relationships
    Search(search::Args),
    /// List, download, verify and remove speech models (in the data folder's models/)
    #[command(subcommand)]
    Models(models::Command),
    /// Transcribe audio files on this machine, optionally keeping them as meetings
    Transcribe(transcribe::Args),
    /// Import a transcript (WebVTT, SubRip, Onno JSON) as a meeting
    Import(import::Args),
    /// Write a stored meeting to a file: Markdown, JSON, SubRip, WebVTT, DOCX or PDF
    Export(export::Args),
    /// Find signals, action items and a summary in a stored meeting
    Analyze(analyze::Args),
    /// Settings: the language model endpoint, its key and on/off switches
    #[command(subcommand)]
    Config(config::Command),
    /// Record a live meeting: microphone ("me") and system audio ("them"), transcribed
    /// as they speak
    Record(record::Args),
    /// List audio inputs and outputs, and which outputs can be recorded
    Devices,
    /// Transcribe a recorded meeting again as a whole and replace its live transcript
    Finalize(finalize::Args),
    /// Write everything (every row, recording and attached file) to one .onno archive
    ExportArchive(archive::ExportArgs),
    /// Restore an archive into an empty data folder (--data-dir or ONNO_DATA_DIR)
    ImportArchive(archive::ImportArgs),
    /// Delete every meeting, relationship, recording and file; without --yes, show what
    /// would go
    DeleteEverything(archive::DeleteArgs),
    /// The audit log of deletions, exports, imports and key changes, newest first
    Audit(archive::AuditArgs),
    /// End-to-end encrypted sync between your devices through a sync server
    #[command(subcommand)]
    Sync(sync::Command),
}

fn main() -> ExitCode {
    // Parse errors exit here with status 2, help and version with 0.
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => errors::report(&error),
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let out = Output::new(cli.json);
    // `--data-dir` wins over ONNO_DATA_DIR, which wins over the app's own folder.
    let data_dir = DataDir::locate(cli.data_dir).with_context(|| {
        format!("cannot find a home folder for Onno's data; pass --data-dir or set {DATA_DIR_ENV}")
    })?;
    // Models live beside the database; managing them never opens it.
    if let Command::Models(command) = cli.command {
        return models::run(&data_dir, out, command);
    }
    // Transcription opens the database only to save into it.
    if let Command::Transcribe(args) = cli.command {
        let store = match transcribe::needs_store(&args) {
            true => Some(Store::open(data_dir.root())?),
            false => None,
        };
        return transcribe::run(&data_dir, store.as_ref(), out, args);
    }
    if let Command::Devices = cli.command {
        return devices::run(out);
    }
    // A restore goes into an empty folder; opening the store first would fill it.
    if let Command::ImportArchive(args) = cli.command {
        return archive::import(&data_dir, out, args);
    }
    let store = Store::open(data_dir.root())?;
    if let Command::Record(args) = cli.command {
        return record::run(&data_dir, store, out, args);
    }
    if let Command::Finalize(args) = cli.command {
        return finalize::run(&data_dir, &store, out, args);
    }
    match cli.command {
        Command::Meetings(command) => meetings::run(&store, out, command),
        Command::Relationships(command) => relationships::run(&store, out, command),
        Command::Search(args) => search::run(&store, out, args),
        Command::Import(args) => import::run(&store, out, args),
        Command::Export(args) => export::run(&store, out, args),
        Command::Analyze(args) => analyze::run(&store, out, args),
        Command::Config(command) => config::run(&store, out, command),
        Command::ExportArchive(args) => archive::export(&store, out, args),
        Command::DeleteEverything(args) => archive::delete_everything(&store, out, args),
        Command::Audit(args) => archive::audit(&store, out, args),
        Command::Sync(command) => sync::run(&store, out, command),
        Command::Models(_)
        | Command::ImportArchive(_)
        | Command::Transcribe(_)
        | Command::Record(_)
        | Command::Devices
        | Command::Finalize(_) => unreachable!("handled above"),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
