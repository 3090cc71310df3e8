//! A relationship's files as a list shows them: what each is and what was read out of
//! it (its parts of text, the figures citing it), without the text itself.

use rusqlite::params;
use serde::{Deserialize, Serialize};

use crate::{FileCategory, FilePartKind, Result, Store};

/// One attached file in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ListedFile {
    pub id: i64,
    pub relationship_id: i64,
    pub name: String,
    pub media_type: String,
    pub size_bytes: u64,
    pub category: FileCategory,
    pub added_at: String,
    /// How many pages, slides or sheets of text it has; 0 for an image.
    pub parts: u32,
    /// What its parts are (the first one's kind); `None` when it has no text.
    pub part_kind: Option<FilePartKind>,
    /// The facts of the relationship that cite this file ("deck.pdf" or "deck.pdf
    /// p.2"), dismissed ones left out.
    pub figures: u32,
}

impl Store {
    /// The relationship's files, newest first, with the counts a list shows.
    pub fn listed_relationship_files(&self, relationship_id: i64) -> Result<Vec<ListedFile>> {
        // A fact read from a file cites it as its name alone or its name, a space and
        // the place (`FilePart::place`: "p.2", "slide 3", "sheet Revenue"), so the facts
        // of "deck.pdf copy.txt" are not counted for "deck.pdf". The name is compared by
        // its length, so a `%`, `_` or `*` in it never acts as a pattern.
        Ok(self
            .reader()
            .prepare(
                "SELECT f.id, f.relationship_id, f.name, f.media_type, f.size_bytes,
                        f.category, f.added_at,
                        (SELECT count(*) FROM relationship_file_parts p WHERE p.file_id = f.id),
                        (SELECT p.kind FROM relationship_file_parts p WHERE p.file_id = f.id
                         ORDER BY p.number LIMIT 1),
                        (SELECT count(*) FROM relationship_data d
                         WHERE d.relationship_id = f.relationship_id
                           AND d.dismissed_at IS NULL
                           AND (d.source = f.name
                                OR (substr(d.source, 1, length(f.name) + 1) = f.name || ' '
                                    AND (substr(d.source, length(f.name) + 2) GLOB 'p.[0-9]*'
                                         OR substr(d.source, length(f.name) + 2) GLOB 'slide [0-9]*'
                                         OR substr(d.source, length(f.name) + 2) GLOB 'sheet *'))))
                 FROM relationship_files f
                 WHERE f.relationship_id = ?1
                 ORDER BY f.added_at DESC, f.id DESC",
            )?
            .query_map(params![relationship_id], |r| {
                Ok(ListedFile {
                    id: r.get(0)?,
                    relationship_id: r.get(1)?,
                    name: r.get(2)?,
                    media_type: r.get(3)?,
                    size_bytes: r.get(4)?,
                    category: r.get(5)?,
                    added_at: r.get(6)?,
                    parts: r.get(7)?,
                    part_kind: r.get(8)?,
                    figures: r.get(9)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?)
    }
}
