//! Facts gathered about a relationship (MRR, headcount, burn, ...), each with where it
//! came from and how far it can be trusted.

use rusqlite::{OptionalExtension, Row, Transaction, params};
use serde::{Deserialize, Serialize};

use crate::clock::{normalize_date, now_timestamp};
use crate::validate::{bounded_text, optional_text, required_text};
use crate::{Confidence, DataCategory, Page, Paged, Result, Store, StoreError};

/// A typed value. Numbers are also kept as numbers so they sort and compare.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum DataValue {
    Text(String),
    Number(f64),
    /// "YYYY-MM-DD".
    Date(String),
    Json(serde_json::Value),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewRelationshipData {
    pub relationship_id: i64,
    pub category: DataCategory,
    /// "MRR", "headcount", ...
    pub key: String,
    pub value: DataValue,
    /// "$", "₩", "%", "months", "x", the Korean counter for people, or a unit typed in.
    pub unit: Option<String>,
    /// "pitch deck p.12", "meeting 2026-11-02 at 12:34".
    pub source: String,
    pub confidence: Confidence,
    /// The meeting it was heard in, if any.
    pub meeting_id: Option<i64>,
    /// When the fact was true ("as of"); defaults to today.
    pub recorded_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RelationshipData {
    pub id: i64,
    #[serde(flatten)]
    pub fields: NewRelationshipData,
}

fn encode(value: &DataValue) -> Result<(&'static str, String, Option<f64>)> {
    Ok(match value {
        DataValue::Text(t) => ("text", bounded_text("value", t, 10_000)?, None),
        DataValue::Number(n) if !n.is_finite() => {
            return Err(StoreError::invalid(
                "value",
                format!("{n} is not a finite number"),
            ));
        }
        DataValue::Number(n) => ("number", n.to_string(), Some(*n)),
        DataValue::Date(d) => ("date", normalize_date("value", d)?, None),
        DataValue::Json(j) => ("json", j.to_string(), None),
    })
}

fn decode(kind: &str, text: String, number: Option<f64>) -> DataValue {
    match kind {
        "number" => DataValue::Number(number.unwrap_or_default()),
        "date" => DataValue::Date(text),
        "json" => DataValue::Json(serde_json::from_str(&text).unwrap_or_default()),
        _ => DataValue::Text(text),
    }
}

const SELECT: &str = "SELECT id, relationship_id, category, key, value_kind, value_text,
        value_number, unit, source, confidence, meeting_id, recorded_at
    FROM relationship_data";

/// The facts a user sees: not those dismissed (see [`Store::delete_relationship_data`]).
const SHOWN: &str = "dismissed_at IS NULL";

fn from_row(row: &Row<'_>) -> rusqlite::Result<RelationshipData> {
    let kind: String = row.get(4)?;
    Ok(RelationshipData {
        id: row.get(0)?,
        fields: NewRelationshipData {
            relationship_id: row.get(1)?,
            category: row.get(2)?,
            key: row.get(3)?,
            value: decode(&kind, row.get(5)?, row.get(6)?),
            unit: row.get(7)?,
            source: row.get(8)?,
            confidence: row.get(9)?,
            meeting_id: row.get(10)?,
            recorded_at: row.get(11)?,
        },
    })
}

/// A fact checked and encoded for its row.
pub(crate) struct EncodedData<'a> {
    data: &'a NewRelationshipData,
    key: String,
    kind: &'static str,
    text: String,
    number: Option<f64>,
    unit: Option<String>,
    source: String,
    recorded_at: String,
}

pub(crate) fn encode_data(data: &NewRelationshipData) -> Result<EncodedData<'_>> {
    let key = required_text("key", &data.key, 100)?;
    let (kind, text, number) = encode(&data.value)?;
    let unit = optional_text("unit", data.unit.as_deref(), 20)?;
    let source = bounded_text("source", data.source.trim(), 500)?;
    let recorded_at = match &data.recorded_at {
        Some(d) => normalize_date("recorded_at", d)?,
        None => now_timestamp()[..10].to_owned(),
    };
    Ok(EncodedData {
        data,
        key,
        kind,
        text,
        number,
        unit,
        source,
        recorded_at,
    })
}

/// Takes fact `id` out of every list: one typed in is deleted, one heard in a meeting is
/// dismissed (kept, so analysing the meeting again does not record it anew).
fn retire(tx: &Transaction<'_>, id: i64) -> Result<()> {
    let changed = tx.execute(
        &format!("DELETE FROM relationship_data WHERE id = ?1 AND meeting_id IS NULL AND {SHOWN}"),
        [id],
    )? + tx.execute(
        &format!("UPDATE relationship_data SET dismissed_at = ?2 WHERE id = ?1 AND {SHOWN}"),
        params![id, now_timestamp()],
    )?;
    if changed == 0 {
        return Err(StoreError::NotFound {
            entity: "relationship data",
            id,
        });
    }
    Ok(())
}

fn insert_data(tx: &Transaction<'_>, e: &EncodedData<'_>) -> Result<i64> {
    tx.execute(
        "INSERT INTO relationship_data (relationship_id, category, key, value_kind,
            value_text, value_number, unit, source, confidence, recorded_at, meeting_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            e.data.relationship_id,
            e.data.category,
            e.key,
            e.kind,
            e.text,
            e.number,
            e.unit,
            e.source,
            e.data.confidence,
            e.recorded_at,
            e.data.meeting_id
        ],
    )
    .map_err(|err| crate::error::missing_parent(err, "relationship", e.data.relationship_id))?;
    Ok(tx.last_insert_rowid())
}

/// Inserts the fact unless the relationship has one with the same key, value, unit and
/// source already (dismissed or not); returns the new row's id.
pub(crate) fn insert_data_once(tx: &Transaction<'_>, e: &EncodedData<'_>) -> Result<Option<i64>> {
    let known: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM relationship_data
            WHERE relationship_id = ?1 AND key = ?2 AND value_kind = ?3 AND value_text = ?4
              AND unit IS ?5 AND source = ?6)",
        params![
            e.data.relationship_id,
            e.key,
            e.kind,
            e.text,
            e.unit,
            e.source
        ],
        |r| r.get(0),
    )?;
    if known {
        return Ok(None);
    }
    insert_data(tx, e).map(Some)
}

impl Store {
    pub fn add_relationship_data(&self, data: &NewRelationshipData) -> Result<RelationshipData> {
        let encoded = encode_data(data)?;
        let id = self.write(|tx| insert_data(tx, &encoded))?;
        self.relationship_datum(id)
    }

    pub fn relationship_datum(&self, id: i64) -> Result<RelationshipData> {
        self.reader()
            .query_row(
                &format!("{SELECT} WHERE id = ?1 AND {SHOWN}"),
                [id],
                from_row,
            )
            .optional()?
            .ok_or(StoreError::NotFound {
                entity: "relationship data",
                id,
            })
    }

    /// A relationship's facts by category and key, latest first within a key.
    pub fn relationship_data(
        &self,
        relationship_id: i64,
        page: Page,
    ) -> Result<Paged<RelationshipData>> {
        self.read(|conn| {
            let total: u64 = conn.query_row(
                &format!(
                    "SELECT count(*) FROM relationship_data WHERE relationship_id = ?1 AND {SHOWN}"
                ),
                [relationship_id],
                |r| r.get(0),
            )?;
            let items = conn
                .prepare(&format!(
                    "{SELECT} WHERE relationship_id = ?1 AND {SHOWN}
                     ORDER BY category, key, recorded_at DESC, id DESC LIMIT ?2 OFFSET ?3"
                ))?
                .query_map(
                    params![relationship_id, page.clamped_limit(), page.offset],
                    from_row,
                )?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(Paged::new(items, total, page))
        })
    }

    /// The facts heard in meeting `meeting_id` (the figures its analysis found), in the
    /// order they were recorded; not those the user removed.
    pub fn meeting_data(&self, meeting_id: i64) -> Result<Vec<RelationshipData>> {
        self.read(|conn| {
            Ok(conn
                .prepare(&format!(
                    "{SELECT} WHERE meeting_id = ?1 AND {SHOWN} ORDER BY id"
                ))?
                .query_map([meeting_id], from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// Marks a fact as checked (or not) by the user.
    pub fn set_relationship_data_confidence(
        &self,
        id: i64,
        confidence: Confidence,
    ) -> Result<RelationshipData> {
        let changed = self.write(|tx| {
            Ok(tx.execute(
                &format!("UPDATE relationship_data SET confidence = ?2 WHERE id = ?1 AND {SHOWN}"),
                params![id, confidence],
            )?)
        })?;
        if changed == 0 {
            return Err(StoreError::NotFound {
                entity: "relationship data",
                id,
            });
        }
        self.relationship_datum(id)
    }

    /// Corrects a fact's value, as the user knows it to be: the corrected fact is
    /// verified, keeps its source and date, and takes the old one's place. One heard in
    /// a meeting stays behind dismissed (see [`Store::delete_relationship_data`]), so
    /// analysing the meeting again does not bring the misheard value back.
    pub fn correct_relationship_data(&self, id: i64, value: DataValue) -> Result<RelationshipData> {
        let old = self.relationship_datum(id)?;
        let corrected = NewRelationshipData {
            value,
            confidence: Confidence::Verified,
            ..old.fields.clone()
        };
        let encoded = encode_data(&corrected)?;
        let new_id = self.write(|tx| {
            retire(tx, id)?;
            let new_id = insert_data(tx, &encoded)?;
            crate::audit::record(
                tx,
                "correct",
                &format!("relationship_data/{id}"),
                &serde_json::json!({ "corrected_by": new_id }),
            )?;
            Ok(new_id)
        })?;
        self.relationship_datum(new_id)
    }

    /// Removes a fact. One heard in a meeting is dismissed instead: hidden everywhere, but
    /// still known to [`Store::facts_heard_in`], so analysing the meeting again does not
    /// record it anew.
    pub fn delete_relationship_data(&self, id: i64) -> Result<()> {
        self.write(|tx| {
            retire(tx, id)?;
            crate::audit::record(
                tx,
                "delete",
                &format!("relationship_data/{id}"),
                &serde_json::json!({}),
            )
        })
    }

    /// Every fact recorded from a meeting, the dismissed ones included: what analysing it
    /// again must not record a second time.
    pub fn facts_heard_in(&self, meeting_id: i64) -> Result<Vec<RelationshipData>> {
        self.read(|conn| {
            conn.prepare(&format!("{SELECT} WHERE meeting_id = ?1 ORDER BY id"))?
                .query_map([meeting_id], from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(Into::into)
        })
    }
}
