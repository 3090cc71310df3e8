//! Append-only schema migrations, embedded at build time and applied at open.

use rusqlite::Connection;

/// `(version, sql)`: the file `migrations/NNNN_*.sql` brings the schema to version NNNN.
const MIGRATIONS: &[(u32, &str)] = &[
    (1, include_str!("../../../migrations/0001_init.sql")),
    (2, include_str!("../../../migrations/0002_seed.sql")),
    (
        3,
        include_str!("../../../migrations/0003_meeting_title_search.sql"),
    ),
    (4, include_str!("../../../migrations/0004_llm_usage.sql")),
    (
        5,
        include_str!("../../../migrations/0005_meeting_llm_switch.sql"),
    ),
    (
        6,
        include_str!("../../../migrations/0006_llm_usage_dropped.sql"),
    ),
    (
        7,
        include_str!("../../../migrations/0007_dismissed_facts.sql"),
    ),
    (
        8,
        include_str!("../../../migrations/0008_transcript_corrections.sql"),
    ),
    (9, include_str!("../../../migrations/0009_file_text.sql")),
    (10, include_str!("../../../migrations/0010_user_edits.sql")),
    (
        11,
        include_str!("../../../migrations/0011_relationship_checklists.sql"),
    ),
    (
        12,
        include_str!("../../../migrations/0012_llm_usage_attempt.sql"),
    ),
    (13, include_str!("../../../migrations/0013_sync.sql")),
    (14, include_str!("../../../migrations/0014_sync_blobs.sql")),
];

/// The schema version this build writes.
pub const LATEST_SCHEMA_VERSION: u32 = MIGRATIONS[MIGRATIONS.len() - 1].0;

pub(crate) fn schema_version(conn: &Connection) -> rusqlite::Result<u32> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
}

/// Applies every migration newer than the file's version, all in one transaction: a
/// failure leaves the file exactly as it was.
pub(crate) fn apply_pending(conn: &mut Connection, from: u32) -> rusqlite::Result<u32> {
    apply_up_to(conn, from, LATEST_SCHEMA_VERSION)
}

/// Applies the migrations after `from` up to and including `to`, in one transaction.
/// Restoring an archive builds the schema its rows were written under this way, loads
/// them, then lets [`apply_pending`] bring them forward like any older file.
pub(crate) fn apply_up_to(conn: &mut Connection, from: u32, to: u32) -> rusqlite::Result<u32> {
    let pending: Vec<_> = MIGRATIONS
        .iter()
        .filter(|(v, _)| *v > from && *v <= to)
        .collect();
    let Some((last, _)) = pending.last() else {
        return Ok(from);
    };
    let tx = conn.transaction()?;
    for (version, sql) in &pending {
        tracing::info!(version, "applying schema migration");
        tx.execute_batch(sql)?;
    }
    tx.pragma_update(None, "user_version", last)?;
    tx.commit()?;
    Ok(*last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_numbered_without_gaps() {
        for (i, (version, _)) in MIGRATIONS.iter().enumerate() {
            assert_eq!(*version as usize, i + 1);
        }
    }
}
