//! The rows of the database as an archive carries them: every user table, cell by
//! cell with its SQLite type kept, and the way back into a database.

use std::collections::BTreeMap;
use std::path::Path;

use rusqlite::types::{Value, ValueRef};
use rusqlite::{Connection, OptionalExtension as _, params_from_iter};
use serde::{Deserialize, Serialize};

use super::damaged;
use crate::Result;
use crate::migrate;

#[derive(Debug, Serialize, Deserialize)]
pub(super) struct DatabaseDump {
    pub(super) schema_version: u32,
    pub(super) tables: Vec<TableDump>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct TableDump {
    name: String,
    columns: Vec<String>,
    rows: Vec<Vec<Cell>>,
}

/// One SQLite value, its storage class kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
enum Cell {
    Null,
    Integer(i64),
    Text(String),
    Real { real: String },
    Blob { blob: String },
}

impl Cell {
    fn from_sql(value: ValueRef<'_>) -> Cell {
        match value {
            ValueRef::Null => Cell::Null,
            ValueRef::Integer(i) => Cell::Integer(i),
            ValueRef::Real(f) => Cell::Real {
                real: f.to_string(),
            },
            ValueRef::Text(t) => Cell::Text(String::from_utf8_lossy(t).into_owned()),
            ValueRef::Blob(b) => Cell::Blob {
                blob: hex::encode(b),
            },
        }
    }

    fn to_sql(&self) -> Result<Value> {
        Ok(match self {
            Cell::Null => Value::Null,
            Cell::Integer(i) => Value::Integer(*i),
            Cell::Text(t) => Value::Text(t.clone()),
            Cell::Real { real } => Value::Real(
                real.parse()
                    .map_err(|_| damaged(format!("{real:?} is not a number")))?,
            ),
            Cell::Blob { blob } => Value::Blob(
                hex::decode(blob).map_err(|_| damaged("a binary value is not hexadecimal"))?,
            ),
        })
    }
}

/// Rows per table in a serialized dump.
pub(super) fn rows_of(dump: &[u8]) -> Result<BTreeMap<String, u64>> {
    #[derive(Deserialize)]
    struct Counts {
        tables: Vec<TableCount>,
    }
    #[derive(Deserialize)]
    struct TableCount {
        name: String,
        rows: Vec<serde::de::IgnoredAny>,
    }
    let counts: Counts = serde_json::from_slice(dump)
        .map_err(|e| damaged(format!("the rows cannot be read: {e}")))?;
    Ok(counts
        .tables
        .into_iter()
        .map(|t| (t.name, t.rows.len() as u64))
        .collect())
}

/// Creates the database at `db_path` under the dump's schema and loads its rows.
pub(super) fn restore_database(db_path: &Path, dump: &DatabaseDump) -> Result<()> {
    let mut conn = Connection::open(db_path)?;
    migrate::apply_up_to(&mut conn, 0, dump.schema_version)?;
    if migrate::schema_version(&conn)? != dump.schema_version {
        return Err(damaged(format!(
            "schema {} is not one Onno has written",
            dump.schema_version
        )));
    }
    // Rows go in table by table, so a child may come before its parent; the check
    // below proves every reference holds once all are in.
    conn.pragma_update(None, "foreign_keys", false)?;
    let tx = conn.transaction()?;
    replace_rows(&tx, &dump.tables, &[])?;
    let broken = tx
        .query_row("SELECT \"table\" FROM pragma_foreign_key_check", [], |r| {
            r.get::<_, String>(0)
        })
        .optional()?;
    if let Some(table) = broken {
        return Err(damaged(format!(
            "a row of {table} refers to a row that is not there"
        )));
    }
    // A restored folder is a device of its own: two machines restored from one archive
    // must not share a sync identity, or each would take the other's changes for its own.
    // It is not signed in (its keys were in the other device's keychain, never in the
    // archive): the sync settings go, and where it read the server up to and which files
    // the server held mean nothing for the account it signs in to next.
    let table_exists = |name: &str| -> rusqlite::Result<bool> {
        tx.query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1",
            [name],
            |r| r.get(0),
        )
    };
    if table_exists("sync_state")? {
        tx.execute(
            "UPDATE sync_state SET device = lower(hex(randomblob(16))), cursor = 0",
            [],
        )?;
        tx.execute("DELETE FROM settings WHERE key LIKE 'sync.%'", [])?;
    }
    if table_exists("sync_blobs_sent")? {
        // Logged again at the first open, for whichever account it joins.
        tx.execute_batch("DELETE FROM sync_blobs_sent; DELETE FROM sync_snapshots;")?;
    }
    tx.commit()?;
    Ok(())
}

/// The tables that hold the user's rows: every ordinary table, leaving out SQLite's
/// own and the search index (virtual tables and their shadow tables).
pub(super) fn user_tables(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    conn.prepare(
        "SELECT name FROM pragma_table_list
         WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'
         ORDER BY name",
    )?
    .query_map([], |r| r.get(0))?
    .collect()
}

fn columns(conn: &Connection, table: &str) -> rusqlite::Result<Vec<String>> {
    conn.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?
        .query_map([table], |r| r.get(0))?
        .collect()
}

/// Every row of every user table except `skip`, in a stable order (by the columns in
/// order, so by id where the id comes first).
pub(super) fn dump_tables(conn: &Connection, skip: &[&str]) -> Result<Vec<TableDump>> {
    let mut tables = Vec::new();
    for name in user_tables(conn)? {
        if skip.contains(&name.as_str()) {
            continue;
        }
        let columns = columns(conn, &name)?;
        let order = (1..=columns.len())
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        let list = columns
            .iter()
            .map(|c| quote(c))
            .collect::<Vec<_>>()
            .join(", ");
        let mut statement = conn.prepare(&format!(
            "SELECT {list} FROM {} ORDER BY {order}",
            quote(&name)
        ))?;
        let rows = statement
            .query_map([], |row| {
                (0..columns.len())
                    .map(|i| Ok(Cell::from_sql(row.get_ref(i)?)))
                    .collect::<rusqlite::Result<Vec<_>>>()
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        tables.push(TableDump {
            name,
            columns,
            rows,
        });
    }
    Ok(tables)
}

/// Empties every user table but `keep` and loads `tables` in their place, ids and all,
/// then rebuilds the search index. Triggers are set aside meanwhile, so the rows land
/// exactly as given (a meeting's insert would otherwise touch its relationship).
pub(super) fn replace_rows(tx: &Connection, tables: &[TableDump], keep: &[&str]) -> Result<()> {
    let triggers: Vec<(String, String)> = tx
        .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY rowid")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (name, _) in &triggers {
        tx.execute_batch(&format!("DROP TRIGGER {}", quote(name)))?;
    }
    // A child row may go in before its parent: references are checked at commit.
    tx.pragma_update(None, "defer_foreign_keys", true)?;
    let known = user_tables(tx)?;
    for table in &known {
        if !keep.contains(&table.as_str()) {
            tx.execute_batch(&format!("DELETE FROM {}", quote(table)))?;
        }
    }
    for table in tables {
        if !known.contains(&table.name) || keep.contains(&table.name.as_str()) {
            return Err(damaged(format!("{} is not a table Onno keeps", table.name)));
        }
        let existing = columns(tx, &table.name)?;
        if let Some(odd) = table.columns.iter().find(|c| !existing.contains(c)) {
            return Err(damaged(format!("{} has no column {odd}", table.name)));
        }
        let list = table
            .columns
            .iter()
            .map(|c| quote(c))
            .collect::<Vec<_>>()
            .join(", ");
        let slots = (1..=table.columns.len())
            .map(|i| format!("?{i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let mut insert = tx.prepare(&format!(
            "INSERT INTO {} ({list}) VALUES ({slots})",
            quote(&table.name)
        ))?;
        for row in &table.rows {
            if row.len() != table.columns.len() {
                return Err(damaged(format!(
                    "a row of {} has the wrong width",
                    table.name
                )));
            }
            let values = row.iter().map(Cell::to_sql).collect::<Result<Vec<_>>>()?;
            insert.execute(params_from_iter(values))?;
        }
    }
    for (_, sql) in &triggers {
        tx.execute_batch(sql)?;
    }
    rebuild_search(tx)?;
    Ok(())
}

/// Rebuilds every full-text index from the rows it indexes.
fn rebuild_search(conn: &Connection) -> Result<()> {
    let indexes: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_schema
             WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE % USING fts5%'",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for name in indexes {
        let quoted = quote(&name);
        conn.execute_batch(&format!(
            "INSERT INTO {quoted} ({quoted}) VALUES ('rebuild')"
        ))?;
    }
    Ok(())
}

pub(super) fn quote(identifier: &str) -> String {
    format!("\"{}\"", identifier.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_keep_their_type() {
        let cells = vec![
            Cell::Null,
            Cell::Integer(-7),
            Cell::Text("매출 1.2".into()),
            Cell::Real {
                real: 0.1f64.to_string(),
            },
            Cell::Blob {
                blob: "00ff".into(),
            },
        ];
        let json = serde_json::to_string(&cells).unwrap_or_default();
        let back: Vec<Cell> = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(back, cells);
        assert!(matches!(cells[3].to_sql(), Ok(Value::Real(r)) if r == 0.1));
    }
}
