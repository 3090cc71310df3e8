//! The audit log: every delete, export and key change leaves a line the user can review.

use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};

use crate::clock::now_timestamp;
use crate::validate::required_text;
use crate::{Page, Paged, Result, Store};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    /// "delete", "export", "key_change", ...
    pub action: String,
    /// What it touched, as "kind/id" ("meeting/42") or a name ("llm_api_key").
    pub resource: String,
    pub details: serde_json::Value,
}

pub(crate) fn record(
    conn: &Connection,
    action: &str,
    resource: &str,
    details: &serde_json::Value,
) -> Result<()> {
    conn.execute(
        "INSERT INTO audit_log (at, action, resource, details) VALUES (?1, ?2, ?3, ?4)",
        params![now_timestamp(), action, resource, details.to_string()],
    )?;
    Ok(())
}

impl Store {
    /// Records a sensitive action done outside the store (an export, a key change).
    /// `details` must not hold secrets or transcript text.
    pub fn record_audit(
        &self,
        action: &str,
        resource: &str,
        details: &serde_json::Value,
    ) -> Result<()> {
        let action = required_text("audit action", action, 50)?;
        let resource = required_text("audit resource", resource, 200)?;
        self.write(|tx| record(tx, &action, &resource, details))
    }

    /// The audit log, newest first.
    pub fn audit_log(&self, page: Page) -> Result<Paged<AuditEntry>> {
        self.read(|conn| {
            let total: u64 = conn.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))?;
            let items = conn
                .prepare(
                    "SELECT id, at, action, resource, details FROM audit_log
                     ORDER BY id DESC LIMIT ?1 OFFSET ?2",
                )?
                .query_map(params![page.clamped_limit(), page.offset], |row| {
                    let details: String = row.get(4)?;
                    Ok(AuditEntry {
                        id: row.get(0)?,
                        at: row.get(1)?,
                        action: row.get(2)?,
                        resource: row.get(3)?,
                        details: serde_json::from_str(&details).unwrap_or_default(),
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(Paged::new(items, total, page))
        })
    }
}
