//! `onno relationships files ...`: the files attached to a relationship.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::Subcommand;
use indicatif::{ProgressBar, ProgressStyle};
use onno_files::FilesError;
use onno_store::{
    AddedFile, FileCategory, NewRelationshipFile, RelationshipFile, Store, StoreError,
};
use serde::Serialize;

use crate::args::choice;
use crate::output::{self, Output, Table, clean, fit, minute};

/// Files this large get a spinner while they are read (on a terminal).
const SPINNER_FROM_BYTES: u64 = 5 * 1024 * 1024;

#[derive(Subcommand)]
pub enum Command {
    /// Attach files to a relationship
    ///
    /// A copy is kept in the data folder, the text is searchable (onno search) and the
    /// figures in it are recorded as unverified facts citing the page ("deck.pdf p.12"). PDF, Word (.docx), PowerPoint (.pptx), Excel (.xlsx, .xls,
    /// .ods), text, Markdown and CSV are read; images and videos are kept without text.
    /// Adding a file again changes nothing.
    Add {
        #[arg(value_parser = clap::value_parser!(i64).range(1..))]
        id: i64,
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// [default: financial for spreadsheets and CSV, else pitch_deck]
        #[arg(long, value_parser = choice::<FileCategory>())]
        category: Option<FileCategory>,
        /// Add a tag; repeatable
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        #[arg(long, default_value = "")]
        description: String,
    },
    /// List a relationship's files, newest first
    List {
        #[arg(value_parser = clap::value_parser!(i64).range(1..))]
        id: i64,
    },
    /// Open a file with the system's viewer; with --json, print its path instead
    Open {
        #[arg(value_parser = clap::value_parser!(i64).range(1..))]
        id: i64,
        #[arg(value_parser = clap::value_parser!(i64).range(1..))]
        file_id: i64,
    },
    /// Remove a file: its copy and its text (facts read from it stay)
    Remove {
        #[arg(value_parser = clap::value_parser!(i64).range(1..))]
        id: i64,
        #[arg(value_parser = clap::value_parser!(i64).range(1..))]
        file_id: i64,
        /// Remove without asking (required when stdin is not a terminal)
        #[arg(long, short)]
        yes: bool,
    },
}

/// What `files open --json` prints.
#[derive(Serialize)]
struct Opened {
    id: i64,
    name: String,
    path: PathBuf,
}

pub fn run(store: &Store, out: Output, command: Command) -> anyhow::Result<()> {
    match command {
        Command::Add {
            id,
            paths,
            category,
            tags,
            description,
        } => {
            store.relationship(id)?;
            let mut added = Vec::new();
            for path in &paths {
                let input = NewRelationshipFile {
                    category: category.unwrap_or_else(|| onno_files::default_category(path)),
                    tags: tags.clone(),
                    description: description.clone(),
                    meeting_id: None,
                    extracted_text: None,
                };
                let result =
                    with_spinner(out, path, || onno_files::attach(store, id, path, &input));
                match result {
                    Ok(file) => added.push(file),
                    Err(e) => {
                        let before = match added.len() {
                            0 => String::new(),
                            n => format!(" ({n} file(s) before it were attached)"),
                        };
                        return Err(files_error(e)).with_context(|| {
                            format!("{} was not attached{before}", path.display())
                        });
                    }
                }
            }
            out.emit(&added, |a| add_text(a))
        }
        Command::List { id } => {
            store.relationship(id)?;
            let files = store.relationship_files(id)?;
            out.emit(&files, |f| list_text(f))
        }
        Command::Open { id, file_id } => {
            let file = file_of(store, id, file_id)?;
            let opened = Opened {
                id: file.id,
                path: store.relationship_file_path(&file),
                name: file.name,
            };
            if !out.is_json() {
                onno_files::open_with_viewer(&opened.path)?;
            }
            out.emit(&opened, |o| {
                format!("Opened {} ({})", clean(&o.name), o.path.display())
            })
        }
        Command::Remove { id, file_id, yes } => {
            let file = file_of(store, id, file_id)?;
            if !yes {
                output::confirm(
                    &format!(
                        "Remove file {file_id} \"{}\" with its text from relationship {id}?",
                        clean(&file.name)
                    ),
                    &format!("file {file_id} was not removed"),
                )?;
            }
            store.delete_relationship_file(file_id)?;
            out.emit(
                &serde_json::json!({ "deleted": "relationship_file", "id": file_id }),
                |_| format!("Removed file {file_id}: {}", clean(&file.name)),
            )
        }
    }
}

/// The file `file_id`, which must be one of relationship `id`'s.
fn file_of(store: &Store, id: i64, file_id: i64) -> anyhow::Result<RelationshipFile> {
    store.relationship(id)?;
    let file = store.relationship_file(file_id)?;
    if file.relationship_id != id {
        return Err(StoreError::NotFound {
            entity: "relationship file",
            id: file_id,
        })
        .with_context(|| format!("relationship {id} has no file {file_id}"));
    }
    Ok(file)
}

/// A store error stays one, so a missing relationship exits with its own status.
fn files_error(e: FilesError) -> anyhow::Error {
    match e {
        FilesError::Store(e) => e.into(),
        e => e.into(),
    }
}

/// Runs `read` with a spinner on stderr for a large file (on a terminal, not with
/// --json).
fn with_spinner<T>(out: Output, path: &Path, read: impl FnOnce() -> T) -> T {
    let large = std::fs::metadata(path).is_ok_and(|m| m.len() >= SPINNER_FROM_BYTES);
    if out.is_json() || !large || !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        return read();
    }
    let spinner = ProgressBar::new_spinner();
    spinner.set_style(
        ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    spinner.set_message(format!("reading {}", path.display()));
    spinner.enable_steady_tick(std::time::Duration::from_millis(120));
    let value = read();
    spinner.finish_and_clear();
    value
}

fn add_text(added: &[AddedFile]) -> String {
    let mut text = String::new();
    for a in added {
        let f = &a.file;
        let what = if a.already_attached {
            "Already attached"
        } else {
            "Attached"
        };
        let parts = match a.parts {
            0 => "no text".to_owned(),
            1 => "1 part of text".to_owned(),
            n => format!("{n} parts of text"),
        };
        text.push_str(&format!(
            "{what} file {}: {} ({parts}, {} new fact(s))\n",
            f.id,
            clean(&f.name),
            a.facts.len()
        ));
        for d in &a.facts {
            let value = match &d.fields.value {
                onno_store::DataValue::Number(n) => n.to_string(),
                other => format!("{other:?}"),
            };
            text.push_str(&format!(
                "  {} = {value}{} · {}\n",
                clean(&d.fields.key),
                d.fields
                    .unit
                    .as_deref()
                    .map(|u| format!(" {}", clean(u)))
                    .unwrap_or_default(),
                clean(&d.fields.source)
            ));
        }
    }
    text
}

fn list_text(files: &[RelationshipFile]) -> String {
    if files.is_empty() {
        return "No files.".to_owned();
    }
    let mut table = Table::new(&["ID", "NAME", "CATEGORY", "SIZE", "ADDED"]);
    for f in files {
        table.row(vec![
            f.id.to_string(),
            fit(&f.name, 40),
            f.fields.category.to_string(),
            size(f.size_bytes),
            minute(&f.added_at),
        ]);
    }
    table.render()
}

fn size(bytes: u64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{:.0} KB", b as f64 / 1024.0),
        b => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_units() {
        assert_eq!(size(512), "512 B");
        assert_eq!(size(20 * 1024), "20 KB");
        assert_eq!(size(3 * 1024 * 1024 + 1024 * 512), "3.5 MB");
    }
}
