//! The files attached to a relationship: their text, page by page, and the figures in
//! it. A crate of its own so the store does not carry the parsers.
//!
//! [`extract`] reads a file into [`FilePart`]s: a PDF by page (so a figure can cite
//! "deck.pdf p.12"), a PowerPoint deck by slide, a workbook by sheet, a Word document
//! or a text, Markdown or CSV file as one text. Images (and videos, Keynote decks) are
//! kept with no text: there is no OCR. [`attach`] stores the file with its text (which
//! [`onno_store::Store::search`] then finds) and records each figure the signals crate
//! spots in it as an unverified fact of the relationship, all in one transaction.
//!
//! # Untrusted input
//!
//! A file is anything the user picked. Files over [`MAX_FILE_BYTES`] are refused before
//! they are read; a zip entry may not inflate past [`MAX_ENTRY_BYTES`]. A damaged or
//! password-protected file is an [`FilesError::Unreadable`] and nothing is stored. The
//! parsers are run under `catch_unwind`: the PDF parser (pdf-extract on lopdf) and
//! calamine index and slice what the file declares and have panicked on malformed
//! files, and a panic there must be an error about that one file, never the end of the
//! app.

mod extract;
mod figures;

use std::path::Path;

use onno_store::{
    AddedFile, FileCategory, FileContent, NewRelationshipFile, RelationshipFile, Store, StoreError,
};

pub use extract::{Format, extract, extract_bytes, format_of};
pub use figures::figures;
pub use onno_store::{FilePart, FilePartKind};

/// The largest file read (100 MB): a pitch deck or a financial model is a few MB; much
/// more is a video or a mistake, and it would be read into memory whole.
pub const MAX_FILE_BYTES: u64 = 100 * 1024 * 1024;

/// The most one entry of a DOCX, PPTX or XLSX may inflate to (256 MB): a document's XML
/// is a few MB, and a zip bomb stops here.
pub const MAX_ENTRY_BYTES: u64 = 256 * 1024 * 1024;

/// The extensions [`attach`] takes, for a file picker's filter: those [`format_of`]
/// reads or keeps without text.
pub const ATTACHABLE_EXTENSIONS: &[&str] = &[
    "pdf", "docx", "pptx", "xlsx", "xlsm", "xlsb", "xls", "ods", "txt", "md", "markdown", "csv",
    "tsv", "png", "jpg", "jpeg", "gif", "webp", "heic", "mp4", "mov", "key",
];

#[derive(Debug, thiserror::Error)]
pub enum FilesError {
    #[error("{name} is {size} bytes; files over {limit} bytes are not attached")]
    TooLarge { name: String, size: u64, limit: u64 },

    #[error("{name}: {reason}")]
    Unsupported { name: String, reason: String },

    #[error("{name} cannot be read: {reason}")]
    Unreadable { name: String, reason: String },

    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },

    /// The system has no program that would open the file, or it refused.
    #[error("cannot open {path} with the system's viewer: {reason}")]
    Viewer { path: String, reason: String },

    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The kind of a [`FilesError`], for callers that map errors to their own vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    TooLarge,
    Unsupported,
    /// Damaged, encrypted or not what its name says.
    Unreadable,
    Io,
    Viewer,
    Store(onno_store::ErrorKind),
}

impl FilesError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            FilesError::TooLarge { .. } => ErrorKind::TooLarge,
            FilesError::Unsupported { .. } => ErrorKind::Unsupported,
            FilesError::Unreadable { .. } => ErrorKind::Unreadable,
            FilesError::Io { .. } => ErrorKind::Io,
            FilesError::Viewer { .. } => ErrorKind::Viewer,
            FilesError::Store(e) => ErrorKind::Store(e.kind()),
        }
    }
}

pub type Result<T, E = FilesError> = std::result::Result<T, E>;

/// The category a file gets when none is given: spreadsheets are financials, the rest
/// decks.
pub fn default_category(path: &Path) -> FileCategory {
    match format_of(path) {
        Ok(Format::Spreadsheet) | Ok(Format::Csv) => FileCategory::Financial,
        _ => FileCategory::PitchDeck,
    }
}

/// Reads the file at `path`, then stores it for the relationship with its text and
/// the figures in it (unverified facts, source "deck.pdf p.12"). Nothing is stored when
/// the file cannot be read. Adding a file the relationship already has stores nothing
/// new and records no fact twice.
pub fn attach(
    store: &Store,
    relationship_id: i64,
    path: &Path,
    input: &NewRelationshipFile,
) -> Result<AddedFile> {
    // A missing relationship is said before a file is read.
    store.relationship(relationship_id)?;
    let parts = extract(path)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let content = FileContent {
        facts: figures(relationship_id, &name, &parts),
        parts,
    };
    Ok(store.add_relationship_file_with_content(relationship_id, path, input, &content)?)
}

/// The file `file_id`, which must be one of relationship `relationship_id`'s: a file of
/// another relationship is not found, so a stale window cannot open or remove it.
pub fn file_of(store: &Store, relationship_id: i64, file_id: i64) -> Result<RelationshipFile> {
    store.relationship(relationship_id)?;
    let file = store.relationship_file(file_id)?;
    if file.relationship_id != relationship_id {
        return Err(StoreError::NotFound {
            entity: "relationship file",
            id: file_id,
        }
        .into());
    }
    Ok(file)
}

/// Opens `path` with what the system opens such files with, and waits for the opener
/// (not the viewer) to say whether it could.
pub fn open_with_viewer(path: &Path) -> Result<()> {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        // `start`'s first quoted argument is a window title.
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    let program = command.get_program().to_string_lossy().into_owned();
    let viewer = |reason: String| FilesError::Viewer {
        path: path.display().to_string(),
        reason,
    };
    let status = command
        .arg(path)
        .status()
        .map_err(|e| viewer(format!("cannot run {program}: {e}")))?;
    if !status.success() {
        return Err(viewer(format!("{program} failed ({status})")));
    }
    Ok(())
}
