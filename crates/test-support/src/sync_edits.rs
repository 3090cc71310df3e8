//! Random edits of a store, as a person and the app make them, for the sync tests: a
//! deterministic generator (a failure replays from its seed) of creates, edits and
//! deletes through the store's API and through a plain SQLite connection (the store's
//! change log must catch both).

use onno_store::{
    MeetingType, NewMeeting, NewRelationship, NewSegment, RelationshipType, SegmentSource, Store,
};
use rusqlite::Connection;

/// A small deterministic PRNG (xorshift64*), so a failure replays.
pub struct Rng(pub u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

fn random_id(conn: &Connection, table: &str, rng: &mut Rng) -> Option<i64> {
    let count: i64 = conn
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .expect("a test edit");
    if count == 0 {
        return None;
    }
    let offset = rng.below(count as u64) as i64;
    Some(
        conn.query_row(
            &format!("SELECT id FROM {table} ORDER BY id LIMIT 1 OFFSET ?1"),
            [offset],
            |r| r.get(0),
        )
        .expect("a test edit"),
    )
}

/// One random edit on `store`: through the API or through a plain SQLite connection
/// (the triggers must catch both).
pub fn random_edit(store: &Store, rng: &mut Rng, step: usize) {
    let conn = Connection::open(store.db_path()).expect("a test edit");
    conn.pragma_update(None, "foreign_keys", true)
        .expect("a test edit");
    let word = format!("w{step}");
    match rng.below(12) {
        0 | 1 => {
            let new = NewMeeting::new(
                &format!("meeting {word}"),
                MeetingType::General,
                "2026-11-02T09:00:00Z",
            );
            store.create_meeting(&new).expect("a test edit");
        }
        2 => {
            store
                .create_relationship(&NewRelationship::new(
                    &format!("company {word}"),
                    RelationshipType::Deal,
                ))
                .expect("a test edit");
        }
        3 | 4 => {
            if let Some(m) = random_id(&conn, "meetings", rng) {
                let lines: Vec<_> = (0..1 + rng.below(3) as i64)
                    .map(|i| NewSegment {
                        meeting_id: m,
                        source: SegmentSource::Them,
                        speaker: None,
                        text: format!("said {word}"),
                        start_ms: i * 2000,
                        end_ms: i * 2000 + 1_500,
                        confidence: Some(0.9),
                        language: Some("ko".to_owned()),
                        is_final: true,
                    })
                    .collect();
                store.add_segments(&lines).expect("a test edit");
            }
        }
        5 => {
            if let Some(s) = random_id(&conn, "transcript_segments", rng) {
                conn.execute(
                    "UPDATE transcript_segments SET text = ?1, edited = 1 WHERE id = ?2",
                    rusqlite::params![format!("edited {word}"), s],
                )
                .expect("a test edit");
            }
        }
        6 => {
            if let Some(m) = random_id(&conn, "meetings", rng) {
                store
                    .add_note(m, &format!("note {word}"))
                    .expect("a test edit");
            }
        }
        7 => {
            if let Some(n) = random_id(&conn, "notes", rng) {
                conn.execute(
                    "UPDATE notes SET body = ?1 WHERE id = ?2",
                    rusqlite::params![format!("body {word}"), n],
                )
                .expect("a test edit");
            }
        }
        8 => {
            if let Some(m) = random_id(&conn, "meetings", rng) {
                conn.execute(
                    "UPDATE meetings SET title = ?1 WHERE id = ?2",
                    rusqlite::params![format!("title {word}"), m],
                )
                .expect("a test edit");
            }
        }
        9 => {
            if let (Some(m), Some(r)) = (
                random_id(&conn, "meetings", rng),
                random_id(&conn, "relationships", rng),
            ) {
                conn.execute(
                    "UPDATE meetings SET relationship_id = ?1 WHERE id = ?2",
                    [r, m],
                )
                .expect("a test edit");
            }
        }
        10 => {
            if let Some(n) = random_id(&conn, "notes", rng) {
                conn.execute("DELETE FROM notes WHERE id = ?1", [n])
                    .expect("a test edit");
            }
        }
        _ => {
            if rng.chance(40)
                && let Some(m) = random_id(&conn, "meetings", rng)
            {
                store.delete_meeting(m).expect("a test edit");
            }
        }
    }
}
