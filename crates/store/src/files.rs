//! Files attached to a relationship (pitch decks, financials, ...). The store keeps its
//! own copy inside the data folder, so the attachment survives the user moving or
//! deleting the original, and the data folder stays one self-contained piece.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use rusqlite::{OptionalExtension, Row, Transaction, params};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::clock::now_timestamp;
use crate::error::missing_parent;
use crate::relationship_data::{EncodedData, encode_data, insert_data_once};
use crate::validate::{bounded_text, from_json, required_text, to_json};
use crate::{
    DataDir, FileCategory, FilePartKind, NewRelationshipData, RelationshipData, Result, Store,
    StoreError,
};

/// The text of one page of a PDF, slide of a deck or sheet of a workbook; a Word
/// document or a text file is one part of kind `Text`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FilePart {
    pub kind: FilePartKind,
    /// From 1, in the file's order.
    pub number: u32,
    /// A sheet's name; empty for the other kinds.
    pub label: String,
    pub text: String,
}

impl FilePart {
    /// Where in its file the part is, as a person cites it: "p.12", "slide 3",
    /// "sheet Revenue"; empty for a whole-file part.
    pub fn place(&self) -> String {
        place(self.kind, self.number, &self.label)
    }
}

pub(crate) fn place(kind: FilePartKind, number: u32, label: &str) -> String {
    match kind {
        FilePartKind::Page => format!("p.{number}"),
        FilePartKind::Slide => format!("slide {number}"),
        FilePartKind::Sheet if !label.trim().is_empty() => format!("sheet {}", label.trim()),
        FilePartKind::Sheet => format!("sheet {number}"),
        FilePartKind::Text => String::new(),
    }
}

/// What was read out of a file, stored with it in one transaction.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileContent {
    pub parts: Vec<FilePart>,
    /// Facts read from the text (figures); one already recorded with the same key,
    /// value, unit and source (a file added again) is not recorded twice.
    pub facts: Vec<NewRelationshipData>,
}

/// The result of [`Store::add_relationship_file_with_content`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AddedFile {
    pub file: RelationshipFile,
    /// The relationship already had this file (same name, same bytes): nothing new was
    /// stored but facts it did not have yet.
    pub already_attached: bool,
    /// How many parts of text the file has.
    pub parts: u32,
    /// The facts this call recorded (not those already recorded).
    pub facts: Vec<RelationshipData>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewRelationshipFile {
    pub category: FileCategory,
    pub tags: Vec<String>,
    pub description: String,
    pub meeting_id: Option<i64>,
    /// Text pulled out of the file, for search and for the copilot.
    pub extracted_text: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RelationshipFile {
    pub id: i64,
    pub relationship_id: i64,
    pub name: String,
    pub media_type: String,
    pub size_bytes: u64,
    pub sha256: String,
    /// Relative to the data folder.
    pub stored_path: String,
    pub added_at: String,
    #[serde(flatten)]
    pub fields: NewRelationshipFile,
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<RelationshipFile> {
    Ok(RelationshipFile {
        id: row.get(0)?,
        relationship_id: row.get(1)?,
        name: row.get(2)?,
        media_type: row.get(3)?,
        size_bytes: row.get(4)?,
        sha256: row.get(5)?,
        stored_path: row.get(10)?,
        added_at: row.get(12)?,
        fields: NewRelationshipFile {
            category: row.get(6)?,
            tags: from_json(&row.get::<_, String>(7)?),
            description: row.get(8)?,
            meeting_id: row.get(9)?,
            extracted_text: row.get(11)?,
        },
    })
}

const SELECT: &str = "SELECT id, relationship_id, name, media_type, size_bytes, sha256,
        category, tags, description, meeting_id, stored_path, extracted_text, added_at
    FROM relationship_files";

fn media_type(name: &str) -> &'static str {
    let ext = Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "pdf" => "application/pdf",
        "ppt" => "application/vnd.ms-powerpoint",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "csv" => "text/csv",
        "txt" | "md" => "text/plain",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "mp4" => "video/mp4",
        "mov" => "video/quicktime",
        "key" => "application/vnd.apple.keynote",
        _ => "application/octet-stream",
    }
}

/// Copies `source` to `target` while hashing it; returns (bytes, sha256 hex).
fn copy_hashing(source: &Path, target: &Path) -> std::io::Result<(u64, String)> {
    let mut output = std::fs::File::create(target)?;
    let hashed = hash_stream(std::fs::File::open(source)?, &mut output)?;
    output.sync_all()?;
    Ok(hashed)
}

/// Copies `input` to `output`, returning its size and SHA-256 (lowercase hex).
pub(crate) fn hash_stream(
    mut input: impl Read,
    output: &mut impl Write,
) -> std::io::Result<(u64, String)> {
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 64 * 1024];
    let mut size = 0u64;
    loop {
        let n = input.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
        output.write_all(&buffer[..n])?;
        size += n as u64;
    }
    Ok((size, hex::encode(hasher.finalize())))
}

impl Store {
    /// Copies the file at `source` into the data folder and attaches it to a relationship.
    pub fn add_relationship_file(
        &self,
        relationship_id: i64,
        source: &Path,
        input: &NewRelationshipFile,
    ) -> Result<RelationshipFile> {
        Ok(self
            .add_relationship_file_with_content(
                relationship_id,
                source,
                input,
                &FileContent::default(),
            )?
            .file)
    }

    /// Copies the file at `source` into the data folder and attaches it to a
    /// relationship with its text (searchable) and the facts read from it, all or
    /// nothing: the row, its parts and the facts are one transaction, and the copy is
    /// removed when it fails. Adding a file the relationship already has (same name,
    /// same bytes) stores nothing again and records only facts it did not have.
    pub fn add_relationship_file_with_content(
        &self,
        relationship_id: i64,
        source: &Path,
        input: &NewRelationshipFile,
        content: &FileContent,
    ) -> Result<AddedFile> {
        let name = source
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| {
                StoreError::invalid("file", format!("{} names no file", source.display()))
            })?;
        let name = required_text("file name", &name, 255)?;
        let description = bounded_text("description", input.description.trim(), 5_000)?;
        for tag in &input.tags {
            required_text("tag", tag, 50)?;
        }
        let facts = checked_content(relationship_id, content)?;
        self.relationship(relationship_id)?;

        let copy = self.store_copy(relationship_id, source, &name)?;
        let existing: Option<i64> = self
            .reader()
            .query_row(
                "SELECT id FROM relationship_files
                 WHERE relationship_id = ?1 AND name = ?2 AND sha256 = ?3
                 ORDER BY id LIMIT 1",
                params![relationship_id, name, copy.sha256],
                |r| r.get(0),
            )
            .optional()?;
        let inserted = self.write(|tx| {
            let (id, parts) = match existing {
                Some(id) => {
                    let parts: u32 = tx.query_row(
                        "SELECT count(*) FROM relationship_file_parts WHERE file_id = ?1",
                        [id],
                        |r| r.get(0),
                    )?;
                    (id, parts)
                }
                None => {
                    let row = FileRow {
                        relationship_id,
                        name: &name,
                        description: &description,
                        copy: &copy,
                    };
                    let id = insert_file(tx, &row, input, content)?;
                    (id, content.parts.len() as u32)
                }
            };
            let mut recorded = Vec::new();
            for fact in &facts {
                if let Some(fact_id) = insert_data_once(tx, fact)? {
                    recorded.push(fact_id);
                }
            }
            Ok((id, parts, recorded))
        });
        match inserted {
            Ok((id, parts, recorded)) => Ok(AddedFile {
                file: self.relationship_file(id)?,
                already_attached: existing.is_some(),
                parts,
                facts: recorded
                    .into_iter()
                    .map(|id| self.relationship_datum(id))
                    .collect::<Result<_>>()?,
            }),
            Err(e) => {
                if !copy.already_stored {
                    self.remove_data_file(&copy.stored_path);
                }
                Err(e)
            }
        }
    }

    /// Copies `source` into the relationship's folder under a name that starts with its
    /// hash, through a partial file renamed into place, so a copy cut short is never
    /// taken for a stored file. The same bytes under the same name are stored once.
    fn store_copy(&self, relationship_id: i64, source: &Path, name: &str) -> Result<StoredCopy> {
        let folder = DataDir::relationship_files(relationship_id);
        let io_error = |action, path: PathBuf| {
            move |source| StoreError::Io {
                action,
                path,
                source,
            }
        };
        std::fs::create_dir_all(self.absolute(&folder))
            .map_err(io_error("cannot create", self.absolute(&folder)))?;
        let partial = self.absolute(&format!("{folder}/.incoming-{}", std::process::id()));
        let (size, sha256) = copy_hashing(source, &partial).map_err(|e| {
            let _ = std::fs::remove_file(&partial);
            io_error("cannot copy", source.to_owned())(e)
        })?;
        let stored_path = format!("{folder}/{}-{name}", &sha256[..12]);
        let already_stored = self.absolute(&stored_path).is_file();
        if already_stored {
            // The same bytes under the same name: the stored copy is this one already.
            let _ = std::fs::remove_file(&partial);
        } else {
            std::fs::rename(&partial, self.absolute(&stored_path))
                .map_err(io_error("cannot store", self.absolute(&stored_path)))?;
        }
        Ok(StoredCopy {
            size,
            sha256,
            stored_path,
            already_stored,
        })
    }

    /// The text of a file, part by part in the file's order.
    pub fn relationship_file_parts(&self, file_id: i64) -> Result<Vec<FilePart>> {
        Ok(self
            .reader()
            .prepare(
                "SELECT kind, number, label, text FROM relationship_file_parts
                 WHERE file_id = ?1 ORDER BY number",
            )?
            .query_map([file_id], |r| {
                Ok(FilePart {
                    kind: r.get(0)?,
                    number: r.get(1)?,
                    label: r.get(2)?,
                    text: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?)
    }

    pub fn relationship_file(&self, id: i64) -> Result<RelationshipFile> {
        self.reader()
            .query_row(&format!("{SELECT} WHERE id = ?1"), [id], from_row)
            .optional()?
            .ok_or(StoreError::NotFound {
                entity: "relationship file",
                id,
            })
    }

    pub fn relationship_files(&self, relationship_id: i64) -> Result<Vec<RelationshipFile>> {
        Ok(self
            .reader()
            .prepare(&format!(
                "{SELECT} WHERE relationship_id = ?1 ORDER BY added_at DESC, id DESC"
            ))?
            .query_map([relationship_id], from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Absolute path of a stored file, for opening it.
    pub fn relationship_file_path(&self, file: &RelationshipFile) -> PathBuf {
        self.absolute(&file.stored_path)
    }

    pub fn delete_relationship_file(&self, id: i64) -> Result<()> {
        let stored_path = self.write(|tx| {
            let path: Option<String> = tx
                .query_row(
                    "SELECT stored_path FROM relationship_files WHERE id = ?1",
                    [id],
                    |r| r.get(0),
                )
                .optional()?;
            let path = path.ok_or(StoreError::NotFound {
                entity: "relationship file",
                id,
            })?;
            // Its parts (and their search index) go with it.
            tx.execute("DELETE FROM relationship_files WHERE id = ?1", [id])?;
            crate::audit::record(
                tx,
                "delete",
                &format!("relationship_file/{id}"),
                &serde_json::json!({}),
            )?;
            // The same bytes attached twice share one stored copy.
            let still_used: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM relationship_files WHERE stored_path = ?1)",
                [&path],
                |r| r.get(0),
            )?;
            Ok((!still_used).then_some(path))
        })?;
        if let Some(path) = stored_path {
            self.remove_data_file(&path);
        }
        Ok(())
    }
}

/// A file copied into the data folder by [`Store::store_copy`].
struct StoredCopy {
    size: u64,
    sha256: String,
    /// Relative to the data folder, as the row keeps it.
    stored_path: String,
    /// The same bytes were stored before; a failed insert must not remove them.
    already_stored: bool,
}

/// What a new file's row holds beyond the caller's input.
struct FileRow<'a> {
    relationship_id: i64,
    name: &'a str,
    description: &'a str,
    copy: &'a StoredCopy,
}

/// Checks a file's parts (numbered from 1, each number once) and that its facts are
/// about the file's relationship; returns the facts ready to insert.
fn checked_content(relationship_id: i64, content: &FileContent) -> Result<Vec<EncodedData<'_>>> {
    for (i, part) in content.parts.iter().enumerate() {
        if part.number == 0 || content.parts[..i].iter().any(|p| p.number == part.number) {
            return Err(StoreError::invalid(
                "file part",
                format!(
                    "part numbers start at 1 and differ; {} does not",
                    part.number
                ),
            ));
        }
    }
    content
        .facts
        .iter()
        .map(|f| {
            if f.relationship_id != relationship_id {
                return Err(StoreError::invalid(
                    "fact",
                    "a file's facts are about the file's relationship",
                ));
            }
            encode_data(f)
        })
        .collect()
}

/// Inserts a new file's row and its parts; returns the row's id.
fn insert_file(
    tx: &Transaction<'_>,
    row: &FileRow<'_>,
    input: &NewRelationshipFile,
    content: &FileContent,
) -> Result<i64> {
    tx.execute(
        "INSERT INTO relationship_files (relationship_id, name, media_type,
            size_bytes, sha256, category, tags, description, meeting_id,
            stored_path, extracted_text, added_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            row.relationship_id,
            row.name,
            media_type(row.name),
            row.copy.size,
            row.copy.sha256,
            input.category,
            to_json(&input.tags),
            row.description,
            input.meeting_id,
            row.copy.stored_path,
            input.extracted_text,
            now_timestamp()
        ],
    )
    .map_err(|e| missing_parent(e, "relationship", row.relationship_id))?;
    let id = tx.last_insert_rowid();
    let mut insert = tx.prepare_cached(
        "INSERT INTO relationship_file_parts (file_id, kind, number, label, text)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for part in &content.parts {
        insert.execute(params![id, part.kind, part.number, part.label, part.text])?;
    }
    Ok(id)
}
