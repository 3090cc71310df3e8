//! A stored meeting written out: Markdown, JSON, SubRip, WebVTT, DOCX and PDF, with the
//! parts a person picks (transcript, summary, action items, notes, figures; all by
//! default).
//!
//! ```no_run
//! use onno_export::{ExportFormat, MeetingExport, Part, render, save};
//!
//! let store = onno_store::Store::open(std::path::Path::new("/tmp/onno-data"))?;
//! let export = MeetingExport::load(&store, 3, Part::ALL)?;
//! save(std::path::Path::new("meeting.pdf"), &render(&export, ExportFormat::Pdf)?)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! A crate of its own, not a module of the store: DOCX (docx-rs and its ZIP writer) and
//! PDF (krilla, with text shaping and font subsetting, and a 1.3 MB font compiled in)
//! are heavy, and every crate that reads the store (the live pipeline, the signals, the
//! assistant) would build them. The store keeps the plain transcript writers
//! (`onno_store::write_transcript`) beside the importer that reads them back; subtitles
//! and the transcript in Markdown are written through them here, so a line is
//! formatted and escaped in one place for `onno transcribe` and for a meeting export.
//!
//! The flow is [`MeetingExport::load`] (one read of the store), [`render`] (bytes in
//! memory: a meeting is at most a few megabytes), [`save`] (a temporary file renamed
//! into place) and [`record_export`] (the audit log's line). Markdown, DOCX and PDF draw one outline (`outline.rs`), so the three
//! show the same document. Speakers are named as stored; a line without a name gets the
//! meeting's one host or one guest, else "나" / "상대" ("Me" / "Them") in the meeting's
//! language, which also words the headings. Times are offsets from the meeting's start.

mod document;
mod docx;
mod file;
mod markdown;
mod outline;
mod pdf;
mod words;

use std::path::{Path, PathBuf};

use onno_store::{Store, StoreError, TranscriptFormat, write_transcript};
use serde::{Deserialize, Serialize};

pub use document::{
    ExportActionItem, ExportNote, ExportParticipant, ExportSegment, FORMAT_NAME, FORMAT_VERSION,
    Figure, MeetingExport, MeetingInfo,
};
pub use file::save;
pub use pdf::FONT as PDF_FONT;

/// The file formats a meeting is exported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Md,
    Json,
    Srt,
    Vtt,
    Docx,
    Pdf,
}

impl ExportFormat {
    pub const ALL: &'static [ExportFormat] = &[
        ExportFormat::Md,
        ExportFormat::Json,
        ExportFormat::Srt,
        ExportFormat::Vtt,
        ExportFormat::Docx,
        ExportFormat::Pdf,
    ];

    /// The format's file extension, which is also its name.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Md => "md",
            ExportFormat::Json => "json",
            ExportFormat::Srt => "srt",
            ExportFormat::Vtt => "vtt",
            ExportFormat::Docx => "docx",
            ExportFormat::Pdf => "pdf",
        }
    }

    /// Whether the format holds the transcript and nothing else (subtitles).
    pub fn transcript_only(self) -> bool {
        matches!(self, ExportFormat::Srt | ExportFormat::Vtt)
    }
}

impl std::fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.extension())
    }
}

impl std::str::FromStr for ExportFormat {
    type Err = ExportError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        ExportFormat::ALL
            .iter()
            .copied()
            .find(|f| f.extension() == text)
            .ok_or_else(|| {
                ExportError::Invalid(format!(
                    "{text:?} is not one of {}",
                    names(ExportFormat::ALL.iter().map(|f| f.extension()))
                ))
            })
    }
}

/// What an export holds. The order here is the order of the document's sections.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Part {
    Summary,
    Actions,
    Notes,
    Figures,
    Transcript,
}

impl Part {
    /// Every part, in document order: the default.
    pub const ALL: &'static [Part] = &[
        Part::Summary,
        Part::Actions,
        Part::Notes,
        Part::Figures,
        Part::Transcript,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Part::Summary => "summary",
            Part::Actions => "actions",
            Part::Notes => "notes",
            Part::Figures => "figures",
            Part::Transcript => "transcript",
        }
    }

    /// `parts` in document order, each once.
    pub fn normalize(parts: &[Part]) -> Vec<Part> {
        let mut parts = parts.to_vec();
        parts.sort_unstable();
        parts.dedup();
        parts
    }
}

impl std::fmt::Display for Part {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Part {
    type Err = ExportError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Part::ALL
            .iter()
            .copied()
            .find(|p| p.as_str() == text)
            .ok_or_else(|| {
                ExportError::Invalid(format!(
                    "{text:?} is not one of {}",
                    names(Part::ALL.iter().map(|p| p.as_str()))
                ))
            })
    }
}

fn names<'a>(names: impl Iterator<Item = &'a str>) -> String {
    names.collect::<Vec<_>>().join(", ")
}

/// Everything that can go wrong in an export, once the meeting has been read.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// A format or part name, or a combination of them, that cannot be exported.
    #[error("{0}")]
    Invalid(String),
    #[error("cannot make the DOCX file: {0}")]
    Docx(String),
    #[error("cannot make the PDF file: {0}")]
    Pdf(String),
    /// The file could not be written (a folder that is not there or cannot be written
    /// to, a full disk).
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The file was written but its line in the audit log was not.
    #[error("the export was written but not recorded in the audit log: {0}")]
    Audit(#[from] StoreError),
}

/// What [`write_export`] wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Exported {
    pub meeting_id: i64,
    pub format: ExportFormat,
    pub parts: Vec<Part>,
    /// Where it went, as a full path.
    pub path: PathBuf,
    pub bytes: usize,
}

/// Renders `export` as `format`, saves it at `path` whole or not at all, and records it
/// in the audit log: what every front end does to export a meeting.
pub fn write_export(
    store: &Store,
    export: &MeetingExport,
    format: ExportFormat,
    path: &Path,
) -> Result<Exported, ExportError> {
    let bytes = render(export, format)?;
    save(path, &bytes)?;
    // Said as a full path, so whoever asked knows where it went whatever its folder.
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    record_export(store, export, format, &path, bytes.len())?;
    Ok(Exported {
        meeting_id: export.meeting.id,
        format,
        parts: export.parts.clone(),
        path,
        bytes: bytes.len(),
    })
}

/// `meeting-3-acme-ai-투자-심사.pdf`: the id keeps names apart, the title (its letters and
/// digits, in any script) says which meeting it is, and nothing in it reads as a path.
pub fn file_name(id: i64, title: &str, format: ExportFormat) -> String {
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

/// Writes the audit log's line for `export`, saved as `format` at `path` (`bytes`
/// long): the store keeps a line for every export, which the user can review. It names
/// the meeting, the format, the parts and the file, never the meeting's text.
pub fn record_export(
    store: &Store,
    export: &MeetingExport,
    format: ExportFormat,
    path: &Path,
    bytes: usize,
) -> Result<(), StoreError> {
    store.record_audit(
        "export",
        &format!("meeting/{}", export.meeting.id),
        &serde_json::json!({
            "format": format,
            "parts": export.parts,
            "path": path,
            "bytes": bytes,
        }),
    )
}

/// `export` as a file of `format`. Subtitles hold only the transcript: asking for them
/// without it is an error.
pub fn render(export: &MeetingExport, format: ExportFormat) -> Result<Vec<u8>, ExportError> {
    if format.transcript_only() && !export.has(Part::Transcript) {
        return Err(ExportError::Invalid(format!(
            "{format} holds the transcript only; export it with the transcript"
        )));
    }
    let mut out = Vec::new();
    let io = |e: std::io::Error| ExportError::Invalid(format!("cannot write {format}: {e}"));
    match format {
        ExportFormat::Json => {
            serde_json::to_writer_pretty(&mut out, export)
                .map_err(|e| ExportError::Invalid(format!("cannot write json: {e}")))?;
            out.push(b'\n');
        }
        ExportFormat::Srt | ExportFormat::Vtt => {
            let subtitles = match format {
                ExportFormat::Srt => TranscriptFormat::Srt,
                _ => TranscriptFormat::Vtt,
            };
            write_transcript(&mut out, subtitles, &export.header(), &export.shown_lines())
                .map_err(io)?;
        }
        ExportFormat::Md => {
            markdown::write(&mut out, &outline::Outline::of(export)).map_err(io)?;
        }
        ExportFormat::Docx => out = docx::write(&outline::Outline::of(export))?,
        ExportFormat::Pdf => {
            out = pdf::write(
                &outline::Outline::of(export),
                export.meeting.language.as_deref(),
            )?;
        }
    }
    Ok(out)
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
