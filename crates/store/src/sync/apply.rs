//! Applying changes from another device: last writer wins per column, a deleted row
//! stays deleted, and applying a change twice changes nothing.

use std::collections::{BTreeMap, HashMap};

use rusqlite::types::Value;
use rusqlite::{Connection, ErrorCode, OptionalExtension as _, params};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use super::spec::{self, Identity, SyncTable};
use super::{DELETED_COLUMN, ROW_COLUMN, RemoteChange, hlc};
use crate::{Result, Store, StoreError};

/// What applying a batch did, change by change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplyReport {
    /// Changes that wrote at least one cell or deleted a row.
    pub applied: u64,
    /// Changes older (by stamp) than what the cells already hold.
    pub older_ignored: u64,
    /// Changes already applied (or made here and echoed back).
    pub duplicates: u64,
    /// Changes to a row that was deleted: a deleted row stays deleted.
    pub deleted_ignored: u64,
    /// Changes waiting for their row or its parent row to arrive; they apply then.
    pub parked: u64,
    /// New rows that clashed with a row made on another device on a unique column
    /// (a glossary term, a meeting's summary): the row with the lower gid is kept.
    pub conflicts: u64,
}

enum Outcome {
    Applied,
    Older,
    Dead,
    Parked,
    Conflict,
}

fn malformed(change: &RemoteChange, reason: impl std::fmt::Display) -> StoreError {
    StoreError::invalid(
        "sync change",
        format!("change {:?}: {reason}", change.change_id),
    )
}

impl Store {
    /// Applies changes from other devices, in one transaction: for each cell the change
    /// with the later stamp wins, whatever order they arrive in; a deleted row stays
    /// deleted; a change applied before is counted as a duplicate and changes nothing.
    /// Foreign keys arrive as gids and land as this device's integer ids. The local
    /// clock moves past every stamp received, so a later edit here wins over them.
    /// Nothing applied here is logged as a change of this device.
    ///
    /// A malformed change (an unknown table or column, a stamp that is not one, a value
    /// the schema refuses) fails the whole batch: nothing of it is applied.
    pub fn apply_remote_changes(&self, changes: &[RemoteChange]) -> Result<ApplyReport> {
        self.write(|tx| {
            tx.execute("UPDATE sync_state SET applying = 1", [])?;
            fold_local_changes(tx)?;
            let own: String = tx.query_row("SELECT device FROM sync_state", [], |r| r.get(0))?;
            let mut report = ApplyReport::default();
            let mut not_null = NotNull::default();
            for change in changes {
                let table = validate(change)?;
                if change.device == own || hlc::device(&change.hlc) == own {
                    report.duplicates += 1;
                    continue;
                }
                let fresh = tx.execute(
                    "INSERT OR IGNORE INTO sync_received (change_id) VALUES (?1)",
                    [&change.change_id],
                )?;
                if fresh == 0 {
                    report.duplicates += 1;
                    continue;
                }
                let clock = hlc::parse(&change.hlc).map_err(|e| malformed(change, e))?;
                tx.execute("UPDATE sync_state SET hlc = max(hlc, ?1)", [clock])?;
                let outcome = apply_one(tx, table, change, &mut not_null)?;
                count(&mut report, outcome);
            }
            retry_parked(tx, &mut report, &mut not_null)?;
            tx.execute("UPDATE sync_state SET applying = 0", [])?;
            Ok(report)
        })
    }
}

fn count(report: &mut ApplyReport, outcome: Outcome) {
    match outcome {
        Outcome::Applied => report.applied += 1,
        Outcome::Older => report.older_ignored += 1,
        Outcome::Dead => report.deleted_ignored += 1,
        Outcome::Parked => report.parked += 1,
        Outcome::Conflict => report.conflicts += 1,
    }
}

/// Checks a change's shape against the spec before anything is written.
fn validate(change: &RemoteChange) -> Result<&'static SyncTable> {
    let table =
        spec::table(&change.table).ok_or_else(|| malformed(change, "the table does not sync"))?;
    if change.change_id.is_empty() || change.change_id.len() > 100 {
        return Err(malformed(change, "the change id is empty or too long"));
    }
    if change.row_gid.is_empty() || change.row_gid.len() > 200 {
        return Err(malformed(change, "the row id is empty or too long"));
    }
    hlc::parse(&change.hlc).map_err(|e| malformed(change, e))?;
    if let Some(keys) = table.only_keys
        && !keys.contains(&change.row_gid.as_str())
    {
        return Err(malformed(change, "the setting does not sync"));
    }
    if table.identity == Identity::Key("id") && change.row_gid.parse::<i64>().is_err() {
        return Err(malformed(change, "the row id is not a number"));
    }
    match change.column.as_str() {
        // The profile is one row every device always has.
        DELETED_COLUMN if table.identity == Identity::Key("id") => {
            return Err(malformed(change, "the profile cannot be deleted"));
        }
        DELETED_COLUMN => {}
        ROW_COLUMN => {
            let object = change
                .value
                .as_object()
                .ok_or_else(|| malformed(change, "a new row is not a JSON object"))?;
            for (column, value) in object {
                if !table.columns.contains(&column.as_str()) {
                    return Err(malformed(change, format!("{column} does not sync")));
                }
                scalar(change, value)?;
            }
        }
        column if table.columns.contains(&column) => {
            scalar(change, &change.value)?;
        }
        column => return Err(malformed(change, format!("{column} does not sync"))),
    }
    Ok(table)
}

/// A JSON value as the SQLite value it stands for.
fn scalar(change: &RemoteChange, value: &Json) -> Result<Value> {
    Ok(match value {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Integer(i64::from(*b)),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Real(
                n.as_f64()
                    .ok_or_else(|| malformed(change, "a number out of range"))?,
            ),
        },
        Json::String(s) => Value::Text(s.clone()),
        Json::Array(_) | Json::Object(_) => {
            return Err(malformed(change, "a cell value is not a scalar"));
        }
    })
}

/// Which columns of each table are NOT NULL, read once per batch.
#[derive(Default)]
struct NotNull(HashMap<&'static str, Vec<String>>);

impl NotNull {
    fn get(&mut self, conn: &Connection, table: &'static str) -> rusqlite::Result<&[String]> {
        if !self.0.contains_key(table) {
            let columns = conn
                .prepare("SELECT name FROM pragma_table_info(?1) WHERE \"notnull\"")?
                .query_map([table], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()?;
            self.0.insert(table, columns);
        }
        Ok(self.0.get(table).map(Vec::as_slice).unwrap_or(&[]))
    }
}

/// Folds the stamps of the changes made here since the last fold into `sync_clock`,
/// so a change from another device is compared with the latest local edit of a cell.
/// Done lazily (before a merge, before the log is trimmed) so local writes pay nothing.
pub(super) fn fold_local_changes(tx: &Connection) -> Result<()> {
    let folded: i64 = tx.query_row("SELECT folded FROM sync_state", [], |r| r.get(0))?;
    let last: Option<i64> = tx.query_row("SELECT max(id) FROM sync_changes", [], |r| r.get(0))?;
    let Some(last) = last.filter(|l| *l > folded) else {
        return Ok(());
    };
    tx.execute(
        "INSERT INTO sync_clock (tbl, row_gid, col, hlc)
         SELECT tbl, row_gid, col, hlc FROM (
             SELECT c.tbl, c.row_gid, j.key AS col, c.hlc
             FROM sync_changes AS c, json_each(c.value) AS j
             WHERE c.id > ?1 AND c.col = '_row'
             UNION ALL
             SELECT tbl, row_gid, col, hlc FROM sync_changes
             WHERE id > ?1 AND col NOT IN ('_row', '_deleted')
         ) WHERE true
         ON CONFLICT (tbl, row_gid, col) DO UPDATE SET hlc = max(hlc, excluded.hlc)",
        [folded],
    )?;
    tx.execute("UPDATE sync_state SET folded = ?1", [last])?;
    Ok(())
}

/// The local rowid of the row a change names, if it is here.
fn local_row(tx: &Connection, table: &SyncTable, ident: &str) -> rusqlite::Result<Option<i64>> {
    let sql = match table.identity {
        Identity::Gid => format!("SELECT rowid FROM {} WHERE gid = ?1", table.name),
        Identity::Key(column) => format!(
            "SELECT rowid FROM {} WHERE CAST({column} AS TEXT) = ?1",
            table.name
        ),
    };
    tx.query_row(&sql, [ident], |r| r.get(0)).optional()
}

fn tombstone(tx: &Connection, table: &str, ident: &str) -> rusqlite::Result<Option<String>> {
    tx.query_row(
        "SELECT hlc FROM sync_tombstones WHERE tbl = ?1 AND row_gid = ?2",
        [table, ident],
        |r| r.get(0),
    )
    .optional()
}

fn winner(
    tx: &Connection,
    table: &str,
    ident: &str,
    column: &str,
) -> rusqlite::Result<Option<String>> {
    tx.query_row(
        "SELECT hlc FROM sync_clock WHERE tbl = ?1 AND row_gid = ?2 AND col = ?3",
        [table, ident, column],
        |r| r.get(0),
    )
    .optional()
}

fn set_winner(
    tx: &Connection,
    table: &str,
    ident: &str,
    column: &str,
    stamp: &str,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO sync_clock (tbl, row_gid, col, hlc) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (tbl, row_gid, col) DO UPDATE SET hlc = max(hlc, excluded.hlc)",
        [table, ident, column, stamp],
    )?;
    Ok(())
}

fn park(tx: &Connection, change: &RemoteChange) -> Result<Outcome> {
    tx.execute(
        "INSERT OR IGNORE INTO sync_parked (change_id, tbl, row_gid, col, value, hlc, device)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            change.change_id,
            change.table,
            change.row_gid,
            change.column,
            change.value.to_string(),
            change.hlc,
            change.device
        ],
    )?;
    Ok(Outcome::Parked)
}

/// A foreign key's gid as this device's integer id.
enum Parent {
    Here(Value),
    Dead,
    NotYet,
}

fn parent(tx: &Connection, parent_table: &str, value: &Value) -> rusqlite::Result<Parent> {
    let Value::Text(gid) = value else {
        return Ok(Parent::Here(Value::Null));
    };
    let id: Option<i64> = tx
        .query_row(
            &format!("SELECT id FROM {parent_table} WHERE gid = ?1"),
            [gid],
            |r| r.get(0),
        )
        .optional()?;
    Ok(match id {
        Some(id) => Parent::Here(Value::Integer(id)),
        None if tombstone(tx, parent_table, gid)?.is_some() => Parent::Dead,
        None => Parent::NotYet,
    })
}

fn apply_one(
    tx: &Connection,
    table: &'static SyncTable,
    change: &RemoteChange,
    not_null: &mut NotNull,
) -> Result<Outcome> {
    let t = table.name;
    let ident = change.row_gid.as_str();
    if let Some(dead_at) = tombstone(tx, t, ident)? {
        match table.identity {
            // gids are never reused: whatever the stamp, the row stays dead.
            Identity::Gid => return Ok(Outcome::Dead),
            Identity::Key(_) if change.hlc <= dead_at => return Ok(Outcome::Older),
            Identity::Key(_) => {
                if change.column == DELETED_COLUMN {
                    tx.execute(
                        "UPDATE sync_tombstones SET hlc = ?3 WHERE tbl = ?1 AND row_gid = ?2",
                        [t, ident, &change.hlc],
                    )?;
                    return Ok(Outcome::Applied);
                }
                // Made again after the delete: the name is alive again.
                tx.execute(
                    "DELETE FROM sync_tombstones WHERE tbl = ?1 AND row_gid = ?2",
                    [t, ident],
                )?;
            }
        }
    }
    let row = local_row(tx, table, ident)?;
    match change.column.as_str() {
        DELETED_COLUMN => {
            if let (Identity::Key(_), Some(_)) = (table.identity, row) {
                // A named row may be set again: the delete must be newer than every cell.
                let newest: Option<String> = tx.query_row(
                    "SELECT max(hlc) FROM sync_clock WHERE tbl = ?1 AND row_gid = ?2",
                    [t, ident],
                    |r| r.get(0),
                )?;
                if newest.is_some_and(|n| n >= change.hlc) {
                    return Ok(Outcome::Older);
                }
            }
            tx.execute(
                "INSERT OR REPLACE INTO sync_tombstones (tbl, row_gid, hlc) VALUES (?1, ?2, ?3)",
                [t, ident, &change.hlc],
            )?;
            tx.execute(
                "DELETE FROM sync_parked WHERE tbl = ?1 AND row_gid = ?2",
                [t, ident],
            )?;
            if let Some(rowid) = row {
                // Children go with it (ON DELETE CASCADE); their delete triggers keep
                // them dead here too.
                tx.execute(&format!("DELETE FROM {t} WHERE rowid = ?1"), [rowid])?;
            }
            tx.execute(
                "DELETE FROM sync_clock WHERE tbl = ?1 AND row_gid = ?2",
                [t, ident],
            )?;
            Ok(Outcome::Applied)
        }
        ROW_COLUMN => {
            let mut cells: BTreeMap<String, (Value, String)> = BTreeMap::new();
            if let Some(object) = change.value.as_object() {
                for (column, value) in object {
                    cells.insert(column.clone(), (scalar(change, value)?, change.hlc.clone()));
                }
            }
            match row {
                Some(rowid) => write_cells(tx, table, change, rowid, cells),
                None => insert_row(tx, table, change, cells, not_null),
            }
        }
        column => {
            let Some(rowid) = row else {
                // The row has not arrived yet: keep the edit until it does.
                return park(tx, change);
            };
            let mut cells = BTreeMap::new();
            cells.insert(
                column.to_owned(),
                (scalar(change, &change.value)?, change.hlc.clone()),
            );
            write_cells(tx, table, change, rowid, cells)
        }
    }
}

/// Writes the cells whose stamp beats the cell's winner into an existing row.
fn write_cells(
    tx: &Connection,
    table: &SyncTable,
    change: &RemoteChange,
    rowid: i64,
    cells: BTreeMap<String, (Value, String)>,
) -> Result<Outcome> {
    let t = table.name;
    let mut winning = Vec::new();
    for (column, (value, stamp)) in cells {
        let current = winner(tx, t, &change.row_gid, &column)?;
        if current.is_some_and(|w| w >= stamp) {
            continue;
        }
        let value = match table.foreign_key(&column) {
            None => value,
            Some(parent_table) => match parent(tx, parent_table, &value)? {
                Parent::Here(id) => id,
                // The row it points to was deleted: as when a parent is deleted here, a
                // nullable reference becomes NULL; a required one cannot move to a
                // deleted row, so the edit is dropped.
                Parent::Dead if nullable(tx, t, &column)? => Value::Null,
                Parent::Dead => continue,
                // Not here yet: wait for it rather than lose the reference.
                Parent::NotYet => return park(tx, change),
            },
        };
        winning.push((column, value, stamp));
    }
    if winning.is_empty() {
        return Ok(Outcome::Older);
    }
    let sets = winning
        .iter()
        .enumerate()
        .map(|(i, (c, _, _))| format!("{c} = ?{}", i + 2))
        .collect::<Vec<_>>()
        .join(", ");
    let mut values: Vec<Value> = vec![Value::Integer(rowid)];
    values.extend(winning.iter().map(|(_, v, _)| v.clone()));
    let updated = tx.execute(
        &format!("UPDATE {t} SET {sets} WHERE rowid = ?1"),
        rusqlite::params_from_iter(values),
    );
    match updated {
        Ok(_) => {}
        // An edit that would clash on a unique column (a term renamed to one another
        // device made) cannot win; the row keeps its value.
        Err(e)
            if !table.unique.is_empty()
                && e.sqlite_error_code() == Some(ErrorCode::ConstraintViolation) =>
        {
            return Ok(Outcome::Conflict);
        }
        Err(e) => return Err(malformed(change, e)),
    }
    for (column, _, stamp) in &winning {
        set_winner(tx, t, &change.row_gid, column, stamp)?;
    }
    Ok(Outcome::Applied)
}

fn nullable(tx: &Connection, table: &str, column: &str) -> rusqlite::Result<bool> {
    let not_null: bool = tx.query_row(
        "SELECT \"notnull\" FROM pragma_table_info(?1) WHERE name = ?2",
        [table, column],
        |r| r.get(0),
    )?;
    Ok(!not_null)
}

/// Inserts a row that is not here yet, with any edits to it that arrived first.
fn insert_row(
    tx: &Connection,
    table: &'static SyncTable,
    change: &RemoteChange,
    mut cells: BTreeMap<String, (Value, String)>,
    not_null: &mut NotNull,
) -> Result<Outcome> {
    let t = table.name;
    let ident = change.row_gid.as_str();
    // Edits that arrived before the row: the newer stamp of each cell wins.
    let early: Vec<(String, Option<String>, String)> = tx
        .prepare(
            "SELECT col, value, hlc FROM sync_parked
             WHERE tbl = ?1 AND row_gid = ?2 AND col NOT IN ('_row', '_deleted')",
        )?
        .query_map([t, ident], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (column, value, stamp) in early {
        if cells.get(&column).is_some_and(|(_, s)| *s >= stamp) {
            continue;
        }
        let value: Json = value
            .as_deref()
            .map(serde_json::from_str)
            .transpose()
            .map_err(|e| malformed(change, e))?
            .unwrap_or(Json::Null);
        cells.insert(column, (scalar(change, &value)?, stamp));
    }
    let required = not_null.get(tx, t)?.to_vec();
    let mut values = Vec::with_capacity(cells.len());
    for (column, (value, _)) in &cells {
        let value = match table.foreign_key(column) {
            None => value.clone(),
            Some(parent_table) => match parent(tx, parent_table, value)? {
                Parent::Here(id) => id,
                Parent::Dead if !required.contains(column) => Value::Null,
                // Its parent was deleted: it went with it (as ON DELETE CASCADE would).
                Parent::Dead => {
                    tx.execute(
                        "INSERT OR IGNORE INTO sync_tombstones (tbl, row_gid, hlc) VALUES (?1, ?2, ?3)",
                        [t, ident, &change.hlc],
                    )?;
                    tx.execute(
                        "DELETE FROM sync_parked WHERE tbl = ?1 AND row_gid = ?2",
                        [t, ident],
                    )?;
                    return Ok(Outcome::Dead);
                }
                Parent::NotYet => return park(tx, change),
            },
        };
        values.push((column.clone(), value));
    }
    if let Some(outcome) = unique_clash(tx, table, change, &values)? {
        return Ok(outcome);
    }
    let (id_column, id_value) = match table.identity {
        Identity::Gid => ("gid", Value::Text(ident.to_owned())),
        Identity::Key(column) => (
            column,
            match column {
                // The profile's id is a number; validate() made sure it parses.
                "id" => Value::Integer(ident.parse().unwrap_or(1)),
                _ => Value::Text(ident.to_owned()),
            },
        ),
    };
    let columns = std::iter::once(id_column.to_owned())
        .chain(values.iter().map(|(c, _)| c.clone()))
        .collect::<Vec<_>>();
    let slots = (1..=columns.len())
        .map(|i| format!("?{i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!("INSERT INTO {t} ({}) VALUES ({slots})", columns.join(", "));
    let bound = std::iter::once(id_value).chain(values.into_iter().map(|(_, v)| v));
    tx.execute(&sql, rusqlite::params_from_iter(bound))
        .map_err(|e| malformed(change, e))?;
    for (column, (_, stamp)) in &cells {
        set_winner(tx, t, ident, column, stamp)?;
    }
    tx.execute(
        "DELETE FROM sync_parked WHERE tbl = ?1 AND row_gid = ?2 AND col <> '_row'",
        [t, ident],
    )?;
    Ok(Outcome::Applied)
}

/// Two devices made rows that clash on a unique column (the same glossary term, a
/// summary of the same meeting). Every device keeps the row with the lower gid, so all
/// agree without talking; the other is deleted as if it had been.
fn unique_clash(
    tx: &Connection,
    table: &SyncTable,
    change: &RemoteChange,
    values: &[(String, Value)],
) -> Result<Option<Outcome>> {
    if table.unique.is_empty() || table.identity != Identity::Gid {
        return Ok(None);
    }
    let mut key = Vec::new();
    for column in table.unique {
        match values.iter().find(|(c, _)| c == column) {
            Some((_, Value::Null)) | None => return Ok(None),
            Some((_, v)) => key.push(v.clone()),
        }
    }
    let condition = table
        .unique
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} = ?{}", i + 1))
        .collect::<Vec<_>>()
        .join(" AND ");
    let t = table.name;
    let existing: Option<(i64, String)> = tx
        .query_row(
            &format!("SELECT rowid, gid FROM {t} WHERE {condition}"),
            rusqlite::params_from_iter(key),
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((rowid, gid)) = existing else {
        return Ok(None);
    };
    if gid.as_str() < change.row_gid.as_str() {
        tx.execute(
            "INSERT OR IGNORE INTO sync_tombstones (tbl, row_gid, hlc) VALUES (?1, ?2, ?3)",
            [t, &change.row_gid, &change.hlc],
        )?;
        tx.execute(
            "DELETE FROM sync_parked WHERE tbl = ?1 AND row_gid = ?2",
            [t, &change.row_gid],
        )?;
        return Ok(Some(Outcome::Conflict));
    }
    // The row here loses: deleting it records its tombstone (the trigger), not a
    // change, since every device decides the same.
    tx.execute(&format!("DELETE FROM {t} WHERE rowid = ?1"), [rowid])?;
    Ok(None)
}

/// Applies parked changes whose row or parent row has arrived since, until a pass makes
/// no progress. Changes applied here count in this batch's report.
fn retry_parked(tx: &Connection, report: &mut ApplyReport, not_null: &mut NotNull) -> Result<()> {
    loop {
        let waiting: Vec<RemoteChange> = tx
            .prepare(
                "SELECT change_id, tbl, row_gid, col, value, hlc, device FROM sync_parked
                 ORDER BY hlc",
            )?
            .query_map([], |r| {
                let value: Option<String> = r.get(4)?;
                Ok(RemoteChange {
                    change_id: r.get(0)?,
                    table: r.get(1)?,
                    row_gid: r.get(2)?,
                    column: r.get(3)?,
                    value: value
                        .and_then(|v| serde_json::from_str(&v).ok())
                        .unwrap_or(Json::Null),
                    hlc: r.get(5)?,
                    device: r.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut progress = false;
        for change in waiting {
            let Some(table) = spec::table(&change.table) else {
                continue;
            };
            if change.column != ROW_COLUMN
                && local_row(tx, table, &change.row_gid)?.is_none()
                && tombstone(tx, table.name, &change.row_gid)?.is_none()
            {
                // An edit whose row is still not here waits on.
                continue;
            }
            // Take it out first: applying it either lands it or parks it again. Gone
            // already when its row's arrival took it in.
            let taken = tx.execute(
                "DELETE FROM sync_parked WHERE change_id = ?1",
                [&change.change_id],
            )?;
            if taken == 0 {
                continue;
            }
            match apply_one(tx, table, &change, not_null)? {
                Outcome::Parked => {}
                outcome => {
                    progress = true;
                    count(report, outcome);
                }
            }
        }
        if !progress {
            return Ok(());
        }
    }
}
