//! `onno export MEETING --format FORMAT`: a stored meeting as a file, written whole or
//! not at all, and a line in the audit log.

use std::path::PathBuf;

use onno_export::{ExportFormat, MeetingExport, Part, file_name, write_export};
use onno_store::Store;

use crate::args::choice;
use crate::output::{Output, clean};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The meeting's id (`onno meetings list`)
    #[arg(value_name = "MEETING", value_parser = clap::value_parser!(i64).range(1..))]
    meeting: i64,
    /// File format: md, json (every stored field, `onno import` reads it back), srt or vtt
    /// (the transcript only), docx, pdf
    #[arg(long, value_parser = choice::<ExportFormat>())]
    format: ExportFormat,
    /// What goes in, comma-separated [default: all of them]
    #[arg(long, value_name = "PARTS", value_delimiter = ',', value_parser = choice::<Part>())]
    only: Vec<Part>,
    /// Where to write: a file, or a folder to write meeting-ID-TITLE.FORMAT in [default:
    /// that name in the current folder]. An existing file is replaced.
    #[arg(long, value_name = "PATH")]
    out: Option<PathBuf>,
}

pub fn run(store: &Store, out: Output, args: Args) -> anyhow::Result<()> {
    let parts = match args.only.is_empty() {
        true => Part::ALL.to_vec(),
        false => args.only,
    };
    let export = MeetingExport::load(store, args.meeting, &parts)?;
    let name = file_name(args.meeting, &export.meeting.title, args.format);
    let path = match args.out {
        Some(dir) if dir.is_dir() => dir.join(name),
        Some(file) => file,
        None => PathBuf::from(name),
    };
    let exported = write_export(store, &export, args.format, &path)?;
    out.emit(&exported, |e| {
        format!(
            "Exported meeting {} \"{}\" as {} to {}",
            e.meeting_id,
            clean(&export.meeting.title),
            e.format.extension().to_uppercase(),
            e.path.display()
        )
    })
}
