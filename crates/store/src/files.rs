//! Files attached to a relationship (pitch decks, financials, ...). The store keeps its
//! own copy inside the data folder, so the attachment survives the user moving or
//! deleting the original, and the data folder stays one self-contained piece.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use rusqlite::{OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::clock::now_timestamp;
use crate::error::missing_parent;
use crate::validate::{bounded_text, from_json, required_text, to_json};
use crate::{DataDir, FileCategory, Result, Store, StoreError};

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
    let mut input = std::fs::File::open(source)?;
    let mut output = std::fs::File::create(target)?;
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
    output.sync_all()?;
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
        self.relationship(relationship_id)?;

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
        std::fs::rename(&partial, self.absolute(&stored_path))
            .map_err(io_error("cannot store", self.absolute(&stored_path)))?;

        let inserted = self.write(|tx| {
            tx.execute(
                "INSERT INTO relationship_files (relationship_id, name, media_type, size_bytes,
                    sha256, category, tags, description, meeting_id, stored_path,
                    extracted_text, added_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                params![
                    relationship_id,
                    name,
                    media_type(&name),
                    size,
                    sha256,
                    input.category,
                    to_json(&input.tags),
                    description,
                    input.meeting_id,
                    stored_path,
                    input.extracted_text,
                    now_timestamp()
                ],
            )
            .map_err(|e| missing_parent(e, "relationship", relationship_id))?;
            Ok(tx.last_insert_rowid())
        });
        match inserted {
            Ok(id) => self.relationship_file(id),
            Err(e) => {
                self.remove_data_file(&stored_path);
                Err(e)
            }
        }
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
