//! The user's changes to checklists: items added, edited, moved and deleted, in the
//! built-in checklists as in the user's own, and a relationship's own checklist (made
//! with its first item). Positions stay 1, 2, 3 … in every checklist after each change,
//! so "move to position n" means the same thing to every front end.

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use crate::audit;
use crate::checklists::{ChecklistItem, NewChecklistItem, item_row};
use crate::clock::now_timestamp;
use crate::meetings::ensure_exists;
use crate::validate::{bounded_text, required_text, to_json};
use crate::{Checklist, MeetingType, Result, Store, StoreError};

/// The longest item text, in characters.
const CHECKLIST_ITEM_MAX_CHARS: usize = 500;
/// The longest keyword, in characters.
const KEYWORD_MAX_CHARS: usize = 100;
/// The most keywords one item may have.
const KEYWORDS_MAX: usize = 50;

/// An item's text and keywords as stored: trimmed, blank keywords dropped, the same
/// keyword (ignoring case) kept once; `(text, keywords as JSON)`.
pub(crate) fn valid_item(item: &NewChecklistItem) -> Result<(String, String)> {
    let text = required_text("checklist item", &item.text, CHECKLIST_ITEM_MAX_CHARS)?;
    let mut keywords: Vec<String> = Vec::new();
    for keyword in item.keywords.iter().map(|k| k.trim()) {
        if keyword.is_empty() {
            continue;
        }
        let keyword = bounded_text("checklist keyword", keyword, KEYWORD_MAX_CHARS)?;
        if !keywords
            .iter()
            .any(|k| k.to_lowercase() == keyword.to_lowercase())
        {
            keywords.push(keyword);
        }
    }
    if keywords.len() > KEYWORDS_MAX {
        return Err(StoreError::invalid(
            "checklist keywords",
            format!(
                "an item has {} keywords; the limit is {KEYWORDS_MAX}",
                keywords.len()
            ),
        ));
    }
    Ok((text, to_json(&keywords)))
}

/// The checklist an item belongs to and its position there.
fn item_place(tx: &Transaction<'_>, item_id: i64) -> Result<(i64, u32)> {
    tx.query_row(
        "SELECT checklist_id, position FROM checklist_items WHERE id = ?1",
        [item_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()?
    .ok_or(StoreError::NotFound {
        entity: "checklist item",
        id: item_id,
    })
}

fn read_item(tx: &Transaction<'_>, item_id: i64) -> Result<ChecklistItem> {
    Ok(tx.query_row(
        "SELECT id, position, text, keywords FROM checklist_items WHERE id = ?1",
        [item_id],
        item_row,
    )?)
}

/// Appends a valid item to a checklist that exists.
fn append_item(tx: &Transaction<'_>, checklist_id: i64, item: &(String, String)) -> Result<i64> {
    tx.execute(
        "INSERT INTO checklist_items (checklist_id, position, text, keywords)
         VALUES (?1, (SELECT coalesce(max(position), 0) + 1 FROM checklist_items
                      WHERE checklist_id = ?1), ?2, ?3)",
        params![checklist_id, item.0, item.1],
    )?;
    Ok(tx.last_insert_rowid())
}

/// Numbers a checklist's items 1, 2, 3 … in the order given.
fn renumber(tx: &Transaction<'_>, ids: &[i64]) -> Result<()> {
    let mut update = tx.prepare("UPDATE checklist_items SET position = ?2 WHERE id = ?1")?;
    for (i, id) in ids.iter().enumerate() {
        update.execute(params![id, i as i64 + 1])?;
    }
    Ok(())
}

fn item_ids(tx: &Transaction<'_>, checklist_id: i64) -> Result<Vec<i64>> {
    Ok(tx
        .prepare("SELECT id FROM checklist_items WHERE checklist_id = ?1 ORDER BY position, id")?
        .query_map([checklist_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

impl Store {
    /// Adds an item at the end of checklist `checklist_id`.
    pub fn add_checklist_item(
        &self,
        checklist_id: i64,
        item: &NewChecklistItem,
    ) -> Result<ChecklistItem> {
        let item = valid_item(item)?;
        self.write(|tx| {
            ensure_exists(tx, "checklists", Some(checklist_id))?;
            let id = append_item(tx, checklist_id, &item)?;
            read_item(tx, id)
        })
    }

    /// Replaces an item's text and keywords; its place stays.
    pub fn edit_checklist_item(
        &self,
        item_id: i64,
        item: &NewChecklistItem,
    ) -> Result<ChecklistItem> {
        let (text, keywords) = valid_item(item)?;
        self.write(|tx| {
            item_place(tx, item_id)?;
            tx.execute(
                "UPDATE checklist_items SET text = ?2, keywords = ?3 WHERE id = ?1",
                params![item_id, text, keywords],
            )?;
            read_item(tx, item_id)
        })
    }

    /// Deletes an item; the ones after it move up a place.
    pub fn delete_checklist_item(&self, item_id: i64) -> Result<()> {
        self.write(|tx| {
            let (checklist_id, _) = item_place(tx, item_id)?;
            tx.execute("DELETE FROM checklist_items WHERE id = ?1", [item_id])?;
            renumber(tx, &item_ids(tx, checklist_id)?)?;
            audit::record(
                tx,
                "delete",
                &format!("checklist_item/{item_id}"),
                &serde_json::json!({ "checklist_id": checklist_id }),
            )
        })
    }

    /// Moves an item to `position` (1 is the first) of its checklist, the others
    /// keeping their order around it; returns the checklist as it now is.
    pub fn move_checklist_item(&self, item_id: i64, position: u32) -> Result<Checklist> {
        let checklist_id = self.write(|tx| {
            let (checklist_id, _) = item_place(tx, item_id)?;
            let mut ids = item_ids(tx, checklist_id)?;
            let count = ids.len();
            let to = position as usize;
            if to == 0 || to > count {
                return Err(StoreError::invalid(
                    "checklist position",
                    format!("{position} is not between 1 and {count}"),
                ));
            }
            ids.retain(|id| *id != item_id);
            ids.insert(to - 1, item_id);
            renumber(tx, &ids)?;
            Ok(checklist_id)
        })?;
        self.checklist(checklist_id)
    }

    /// Relationship `relationship_id`'s own checklist, `None` while it has none.
    pub fn relationship_checklist(&self, relationship_id: i64) -> Result<Option<Checklist>> {
        let id = self.read(|conn| {
            let known: bool = conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM relationships WHERE id = ?1)",
                [relationship_id],
                |r| r.get(0),
            )?;
            if !known {
                return Err(StoreError::NotFound {
                    entity: "relationship",
                    id: relationship_id,
                });
            }
            own_checklist(conn, relationship_id)
        })?;
        id.map(|id| self.checklist(id)).transpose()
    }

    /// Adds an item at the end of relationship `relationship_id`'s own checklist,
    /// making the checklist (named after the relationship) if it has none yet.
    pub fn add_relationship_checklist_item(
        &self,
        relationship_id: i64,
        item: &NewChecklistItem,
    ) -> Result<ChecklistItem> {
        let item = valid_item(item)?;
        self.write(|tx| {
            let name: Option<String> = tx
                .query_row(
                    "SELECT name FROM relationships WHERE id = ?1",
                    [relationship_id],
                    |r| r.get(0),
                )
                .optional()?;
            let Some(name) = name else {
                return Err(StoreError::NotFound {
                    entity: "relationship",
                    id: relationship_id,
                });
            };
            let checklist_id = match own_checklist(tx, relationship_id)? {
                Some(id) => id,
                None => {
                    tx.execute(
                        "INSERT INTO checklists
                            (name, meeting_type, builtin, created_at, relationship_id)
                         VALUES (?1, ?2, 0, ?3, ?4)",
                        params![name, MeetingType::General, now_timestamp(), relationship_id],
                    )?;
                    tx.last_insert_rowid()
                }
            };
            let id = append_item(tx, checklist_id, &item)?;
            read_item(tx, id)
        })
    }
}

fn own_checklist(conn: &Connection, relationship_id: i64) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM checklists WHERE relationship_id = ?1",
            [relationship_id],
            |r| r.get(0),
        )
        .optional()?)
}
