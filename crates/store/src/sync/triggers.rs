//! The SQL generated from the table spec: the triggers that give new rows a gid and log
//! every change, the first snapshot of the rows that existed before sync, and the gid
//! backfill. Everything here is plain SQL with no function of the store's own, so a
//! write through any connection (the command-line client, a test, a person's `sqlite3`
//! shell) is logged and never fails for want of a function.

use rusqlite::Connection;

use super::spec::{Identity, SYNC_TABLES, SyncTable};
use crate::migrate;

/// Milliseconds since 1970 now, as SQLite sees it (constant within one statement).
const NOW_MS: &str = "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";

/// A fresh UUID v7 in SQL: 48 bits of milliseconds, the version and variant nibbles,
/// random bits. Inline rather than a subquery, so each row gets its own.
pub(crate) fn uuid_v7_sql() -> String {
    format!(
        "substr(printf('%012x', {NOW_MS}), 1, 8) || '-' || substr(printf('%012x', {NOW_MS}), 9, 4) \
         || '-7' || substr(lower(hex(randomblob(2))), 2, 3) \
         || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(lower(hex(randomblob(2))), 2, 3) \
         || '-' || lower(hex(randomblob(6)))"
    )
}

/// Advances the clock for one stamp: past the wall clock and past every stamp so far.
pub(crate) const STAMP_SQL: &str = "UPDATE sync_state SET hlc = max(hlc + 1, \
     CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) << 16)";

/// The current stamp as text: 16 hex digits, then the device id, so text order is
/// clock order (ties broken by device).
const HLC_TEXT: &str = "(SELECT printf('%016x', hlc) || '-' || device FROM sync_state)";

fn quote_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|k| format!("'{}'", k.replace('\'', "''")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The value of `column` of row `alias` as it travels: a foreign key as its row's gid.
fn travelling(table: &SyncTable, alias: &str, column: &str) -> String {
    match table.foreign_key(column) {
        Some(parent) => format!("(SELECT gid FROM {parent} WHERE id = {alias}.{column})"),
        None => format!("{alias}.{column}"),
    }
}

/// `json_object('a', r.a, ...)` over the synced columns of row `alias`.
fn row_object(table: &SyncTable, alias: &str) -> String {
    let pairs = table
        .columns
        .iter()
        .map(|c| format!("'{c}', {}", travelling(table, alias, c)))
        .collect::<Vec<_>>()
        .join(", ");
    format!("json_object({pairs})")
}

/// The condition that limits a table to its synced rows (settings: the allow-list).
fn only_keys(table: &SyncTable, alias: &str) -> Option<String> {
    table
        .only_keys
        .map(|keys| format!("{} IN ({})", table.identity_sql(alias), quote_list(keys)))
}

/// `(name, sql)` of every sync trigger.
pub(crate) fn triggers() -> Vec<(String, String)> {
    let mut all = Vec::new();
    for table in SYNC_TABLES {
        all.push(insert_trigger(table));
        all.push(update_trigger(table));
        all.push(delete_trigger(table));
    }
    all
}

fn insert_trigger(table: &SyncTable) -> (String, String) {
    let t = table.name;
    let name = format!("sync_{t}_insert");
    let uuid = uuid_v7_sql();
    let body = match table.identity {
        Identity::Gid => format!(
            "    UPDATE {t} SET gid = {uuid} WHERE rowid = NEW.rowid AND gid IS NULL;\n\
             \x20   {STAMP_SQL} WHERE applying = 0;\n\
             \x20   INSERT INTO sync_changes (change_id, tbl, row_gid, col, value, hlc)\n\
             \x20   SELECT {uuid}, '{t}', r.gid, '_row', {object},\n\
             \x20          printf('%016x', s.hlc) || '-' || s.device\n\
             \x20   FROM {t} AS r, sync_state AS s WHERE r.rowid = NEW.rowid AND s.applying = 0;\n",
            object = row_object(table, "r"),
        ),
        Identity::Key(_) => format!(
            // Made again here: the name is alive again, whatever deleted it before.
            "    DELETE FROM sync_tombstones WHERE tbl = '{t}' AND row_gid = {ident};\n\
             \x20   {STAMP_SQL} WHERE applying = 0;\n\
             \x20   INSERT INTO sync_changes (change_id, tbl, row_gid, col, value, hlc)\n\
             \x20   SELECT {uuid}, '{t}', {ident}, '_row', {object},\n\
             \x20          printf('%016x', s.hlc) || '-' || s.device\n\
             \x20   FROM sync_state AS s WHERE s.applying = 0;\n",
            ident = table.identity_sql("NEW"),
            object = row_object(table, "NEW"),
        ),
    };
    let when = only_keys(table, "NEW")
        .map(|c| format!("WHEN {c}\n"))
        .unwrap_or_default();
    let sql = format!("CREATE TRIGGER {name} AFTER INSERT ON {t}\n{when}BEGIN\n{body}END");
    (name, sql)
}

fn update_trigger(table: &SyncTable) -> (String, String) {
    let t = table.name;
    let name = format!("sync_{t}_update");
    let columns = table.columns.join(", ");
    let changed = table
        .columns
        .iter()
        .map(|c| format!("NEW.{c} IS NOT OLD.{c}"))
        .collect::<Vec<_>>()
        .join(" OR ");
    let mut when = format!("(SELECT applying FROM sync_state) = 0 AND ({changed})");
    if let Some(keys) = only_keys(table, "NEW") {
        when.push_str(&format!(" AND {keys}"));
    }
    let values = table
        .columns
        .iter()
        .map(|c| {
            format!(
                "SELECT '{c}' AS col, json_quote({}) AS value WHERE NEW.{c} IS NOT OLD.{c}",
                travelling(table, "NEW", c)
            )
        })
        .collect::<Vec<_>>()
        .join("\n        UNION ALL ");
    let ident = table.identity_sql("NEW");
    let uuid = uuid_v7_sql();
    // One stamp per updated row: its changed columns share it (they are different cells).
    let sql = format!(
        "CREATE TRIGGER {name} AFTER UPDATE OF {columns} ON {t}\nWHEN {when}\nBEGIN\n\
         \x20   {STAMP_SQL};\n\
         \x20   INSERT INTO sync_changes (change_id, tbl, row_gid, col, value, hlc)\n\
         \x20   SELECT {uuid}, '{t}', {ident}, c.col, c.value, {HLC_TEXT}\n\
         \x20   FROM ({values}) AS c WHERE {ident} IS NOT NULL;\n\
         END"
    );
    (name, sql)
}

fn delete_trigger(table: &SyncTable) -> (String, String) {
    let t = table.name;
    let name = format!("sync_{t}_delete");
    let ident = table.identity_sql("OLD");
    let uuid = uuid_v7_sql();
    let when = only_keys(table, "OLD")
        .map(|c| format!("WHEN {c}\n"))
        .unwrap_or_default();
    // The tombstone is kept even while applying another device's changes: a delete that
    // cascades to children here must keep those children dead too. It is logged as a
    // change only when made here.
    let sql = format!(
        "CREATE TRIGGER {name} AFTER DELETE ON {t}\n{when}BEGIN\n\
         \x20   {STAMP_SQL};\n\
         \x20   INSERT OR IGNORE INTO sync_tombstones (tbl, row_gid, hlc)\n\
         \x20   SELECT '{t}', {ident}, {HLC_TEXT} WHERE {ident} IS NOT NULL;\n\
         \x20   DELETE FROM sync_clock WHERE tbl = '{t}' AND row_gid = {ident};\n\
         \x20   INSERT INTO sync_changes (change_id, tbl, row_gid, col, value, hlc)\n\
         \x20   SELECT {uuid}, '{t}', {ident}, '_deleted', NULL, printf('%016x', s.hlc) || '-' || s.device\n\
         \x20   FROM sync_state AS s WHERE s.applying = 0 AND {ident} IS NOT NULL;\n\
         END"
    );
    (name, sql)
}

/// A row's synced columns as JSON, leaving out `updated_at`: a starter row is the same
/// on every device except when the migration that made it ran.
fn content(table: &SyncTable, alias: &str) -> String {
    format!("json_remove({}, '$.updated_at')", row_object(table, alias))
}

/// Logs the rows that existed before sync, once per table (one that starts to sync in a
/// later version is logged when it does), so the other devices receive them.
///
/// Their stamps carry clock 0: they predate every change logged since, so any edit made
/// with sync in place wins over them. Rows exactly as a fresh install has them (the
/// starter glossary, benchmarks and checklists, the empty profile) are not logged at
/// all: every device has them under the same gid, and a device set up later must not
/// send its pristine copy over what the person changed elsewhere.
pub(crate) fn snapshot(tx: &Connection) -> rusqlite::Result<()> {
    let mut fresh = Connection::open_in_memory()?;
    migrate::apply_up_to(&mut fresh, 0, migrate::LATEST_SCHEMA_VERSION)?;
    tx.execute_batch(
        "CREATE TEMP TABLE sync_pristine (tbl TEXT, ident TEXT, body TEXT, PRIMARY KEY (tbl, ident))",
    )?;
    let uuid = uuid_v7_sql();
    for table in SYNC_TABLES {
        let t = table.name;
        let done: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM sync_snapshots WHERE tbl = ?1)",
            [t],
            |r| r.get(0),
        )?;
        if done {
            continue;
        }
        let ident = table.identity_sql("r");
        let rows: Vec<(String, String)> = fresh
            .prepare(&format!(
                "SELECT {ident}, {} FROM {t} AS r",
                content(table, "r")
            ))?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (row, body) in rows {
            tx.execute(
                "INSERT OR IGNORE INTO temp.sync_pristine (tbl, ident, body) VALUES (?1, ?2, ?3)",
                [t, row.as_str(), body.as_str()],
            )?;
        }
        let mut filter = format!(
            "NOT EXISTS (SELECT 1 FROM temp.sync_pristine AS p
                         WHERE p.tbl = '{t}' AND p.ident = {ident} AND p.body = {})",
            content(table, "r")
        );
        if let Some(keys) = only_keys(table, "r") {
            filter.push_str(&format!(" AND {keys}"));
        }
        tx.execute(
            &format!(
                "INSERT INTO sync_changes (change_id, tbl, row_gid, col, value, hlc)
                 SELECT {uuid}, '{t}', {ident}, '_row', {object},
                        (SELECT '0000000000000000-' || device FROM sync_state)
                 FROM {t} AS r WHERE {filter} ORDER BY r.rowid",
                object = row_object(table, "r"),
            ),
            [],
        )?;
        tx.execute("INSERT INTO sync_snapshots (tbl) VALUES (?1)", [t])?;
    }
    tx.execute_batch("DROP TABLE temp.sync_pristine")?;
    tx.execute("UPDATE sync_state SET snapshot = 1", [])?;
    Ok(())
}

/// Installs the sync triggers if they differ from this build's, gives a gid to rows
/// that lack one (written by a tool before the triggers were there), and once, logs the
/// rows that existed before sync so the other devices receive them. Runs at open in one
/// transaction; when nothing changed it only reads.
pub(crate) fn install(conn: &mut Connection) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    let wanted = triggers();
    let existing: Vec<(String, String)> = tx
        .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'sync\\_%' ESCAPE '\\'")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if existing.len() != wanted.len() || wanted.iter().any(|w| !existing.contains(w)) {
        for (name, _) in &existing {
            tx.execute_batch(&format!("DROP TRIGGER \"{name}\""))?;
        }
        for (_, sql) in &wanted {
            tx.execute_batch(sql)?;
        }
    }
    let uuid = uuid_v7_sql();
    for table in SYNC_TABLES {
        if table.identity != Identity::Gid {
            continue;
        }
        // Read first (through the gid index), so an open that finds nothing to do takes
        // no write lock while another process writes.
        let missing: bool = tx.query_row(
            &format!(
                "SELECT EXISTS (SELECT 1 FROM {} WHERE gid IS NULL)",
                table.name
            ),
            [],
            |r| r.get(0),
        )?;
        if missing {
            tx.execute(
                &format!("UPDATE {} SET gid = {uuid} WHERE gid IS NULL", table.name),
                [],
            )?;
        }
    }
    let names = SYNC_TABLES
        .iter()
        .map(|t| format!("'{}'", t.name))
        .collect::<Vec<_>>()
        .join(", ");
    let logged: i64 = tx.query_row(
        &format!("SELECT count(*) FROM sync_snapshots WHERE tbl IN ({names})"),
        [],
        |r| r.get(0),
    )?;
    if usize::try_from(logged).ok() != Some(SYNC_TABLES.len()) {
        snapshot(&tx)?;
    }
    tx.commit()
}
