//! `onno export MEETING --format FORMAT`: a stored meeting as a file, written whole or
//! not at all, and a line in the audit log.

use std::path::{Path, PathBuf};

use onno_export::{ExportFormat, MeetingExport, Part, record_export, render, save};
use onno_store::Store;
use serde::Serialize;

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

#[derive(Serialize)]
struct Exported {
    meeting_id: i64,
    format: ExportFormat,
    parts: Vec<Part>,
    path: PathBuf,
    bytes: usize,
}

pub fn run(store: &Store, out: Output, args: Args) -> anyhow::Result<()> {
    let parts = match args.only.is_empty() {
        true => Part::ALL.to_vec(),
        false => args.only,
    };
    let export = MeetingExport::load(store, args.meeting, &parts)?;
    let bytes = render(&export, args.format)?;
    let name = file_name(args.meeting, &export.meeting.title, args.format);
    let path = match args.out {
        Some(dir) if dir.is_dir() => dir.join(name),
        Some(file) => file,
        None => PathBuf::from(name),
    };
    save(&path, &bytes)?;
    // Said as a full path, so a script knows where it went whatever its folder.
    let path = absolute(&path);
    record_export(store, &export, args.format, &path, bytes.len())?;
    let exported = Exported {
        meeting_id: args.meeting,
        format: args.format,
        parts: export.parts,
        path,
        bytes: bytes.len(),
    };
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

/// `meeting-3-acme-ai-투자-심사.pdf`: the id keeps names apart, the title (its letters and
/// digits, in any script) says which meeting it is.
fn file_name(id: i64, title: &str, format: ExportFormat) -> String {
    let mut slug = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        match c.is_alphanumeric() {
            true => slug.push(c),
            false if !slug.is_empty() && !slug.ends_with('-') => slug.push('-'),
            false => {}
        }
    }
    let slug: String = slug.trim_end_matches('-').chars().take(60).collect();
    let slug = slug.trim_end_matches('-');
    match slug.is_empty() {
        true => format!("meeting-{id}.{}", format.extension()),
        false => format!("meeting-{id}-{slug}.{}", format.extension()),
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_keep_the_title_in_any_script_and_nothing_a_path_reads() {
        let name = |title| file_name(3, title, ExportFormat::Pdf);
        assert_eq!(name("Acme AI 투자 심사"), "meeting-3-acme-ai-투자-심사.pdf");
        assert_eq!(name("../../etc/passwd"), "meeting-3-etc-passwd.pdf");
        assert_eq!(name("  ///  "), "meeting-3.pdf");
        assert_eq!(
            name(&"가".repeat(100)).chars().count(),
            "meeting-3-.pdf".len() + 60
        );
    }
}
