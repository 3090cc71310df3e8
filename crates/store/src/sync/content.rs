//! The synced content of a store as every device should hold it: each synced row by its
//! global id (or key), its synced columns with foreign keys as gids, no local integer
//! ids. Two devices in sync have equal [`SyncedContent`]; a test or a support tool
//! compares them.

use std::collections::BTreeMap;

use rusqlite::types::Value;

use super::spec::{Identity, SYNC_TABLES};
use crate::{Result, Store};

/// `(table, row id) → the row's synced values`, each written as `Debug` of SQLite's value.
pub type SyncedContent = BTreeMap<(String, String), Vec<String>>;

impl Store {
    /// Every synced row, as [`SyncedContent`], read in one snapshot.
    pub fn synced_content(&self) -> Result<SyncedContent> {
        self.read(|conn| {
            let mut rows = SyncedContent::new();
            for table in SYNC_TABLES {
                let ident = match table.identity {
                    Identity::Gid => "r.gid".to_owned(),
                    Identity::Key(c) => format!("CAST(r.{c} AS TEXT)"),
                };
                let columns = table
                    .columns
                    .iter()
                    .map(|c| match table.foreign_key(c) {
                        Some(p) => format!("(SELECT gid FROM {p} WHERE id = r.{c})"),
                        None => format!("r.{c}"),
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                let filter = table
                    .only_keys
                    .map(|keys| {
                        let list = keys.iter().map(|k| format!("'{k}'")).collect::<Vec<_>>();
                        format!(" WHERE {ident} IN ({})", list.join(", "))
                    })
                    .unwrap_or_default();
                let sql = format!("SELECT {ident}, {columns} FROM {} AS r{filter}", table.name);
                let mut statement = conn.prepare(&sql)?;
                let found = statement
                    .query_map([], |r| {
                        let ident: String = r.get(0)?;
                        let values = (1..=table.columns.len())
                            .map(|i| Ok(format!("{:?}", r.get::<_, Value>(i)?)))
                            .collect::<rusqlite::Result<Vec<_>>>()?;
                        Ok((ident, values))
                    })?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                for (ident, mut values) in found {
                    if table.name == "profile" {
                        // A profile never filled in is not sent, and keeps the time its
                        // own device made it.
                        values.pop();
                    }
                    rows.insert((table.name.to_owned(), ident), values);
                }
            }
            Ok(rows)
        })
    }
}
