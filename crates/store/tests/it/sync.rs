//! Sync between a person's devices, the store's side: stores on separate data folders
//! exchange their changes through the API only, as the sync client will.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::Instant;

use onno_store::sync::{Identity, SYNC_TABLES};
use onno_store::{RemoteChange, SearchQuery, SegmentSource, Store};
use rusqlite::Connection;
use serde_json::json;

use onno_test_support::sync_edits::{Rng, random_edit};

use crate::{meeting, segment, test_store};

type Dump = onno_store::sync::SyncedContent;

/// Fails with the rows that differ, not the whole dump.
fn assert_same(a: &Dump, b: &Dump, label: &str) {
    let keys: BTreeSet<_> = a.keys().chain(b.keys()).collect();
    let differ: Vec<_> = keys
        .into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .take(6)
        .map(|k| format!("{k:?}: {:?} vs {:?}", a.get(k), b.get(k)))
        .collect();
    assert!(differ.is_empty(), "{label} differ:\n{}", differ.join("\n"));
}

/// Per cell `(table, row, column)`: the highest stamp seen and its value.
type Cells = BTreeMap<(String, String, String), (String, serde_json::Value)>;

/// The server as the sync client sees it: an append-only list of changes, read from a
/// cursor.
#[derive(Default)]
struct Server {
    log: Vec<RemoteChange>,
}

impl Server {
    /// Sends everything `store` has pending, in small pages as a client would.
    fn push(&mut self, store: &Store) {
        loop {
            let page = store.pending_changes(37).unwrap();
            let Some(last) = page.last().map(|c| c.seq) else {
                return;
            };
            self.log.extend(page.into_iter().map(RemoteChange::from));
            store.mark_changes_sent(last).unwrap();
        }
    }

    /// Applies everything after `store`'s cursor, in pages, moving the cursor.
    fn pull(&self, store: &Store) -> onno_store::ApplyReport {
        let mut total = onno_store::ApplyReport::default();
        loop {
            let from = usize::try_from(store.sync_cursor().unwrap()).unwrap();
            if from >= self.log.len() {
                return total;
            }
            let to = (from + 53).min(self.log.len());
            let report = store.apply_remote_changes(&self.log[from..to]).unwrap();
            total.applied += report.applied;
            total.duplicates += report.duplicates;
            total.older_ignored += report.older_ignored;
            total.deleted_ignored += report.deleted_ignored;
            total.parked += report.parked;
            total.conflicts += report.conflicts;
            store.set_sync_cursor(to as i64).unwrap();
        }
    }

    fn sync(&mut self, store: &Store) {
        self.push(store);
        self.pull(store);
    }
}

/// What every device must hold once all changes are everywhere, worked out from the
/// server's log alone: per cell the value with the highest stamp; a row deleted
/// anywhere (or whose meeting was) is absent.
fn expected_from_log(log: &[RemoteChange]) -> (Cells, BTreeSet<(String, String)>) {
    let mut cells = Cells::new();
    let mut deleted = BTreeSet::new();
    let mut made = BTreeSet::new();
    for change in log {
        let row = (change.table.clone(), change.row_gid.clone());
        let mut put = |col: &str, value: &serde_json::Value| {
            let key = (change.table.clone(), change.row_gid.clone(), col.to_owned());
            if cells.get(&key).is_none_or(|(h, _)| *h < change.hlc) {
                cells.insert(key, (change.hlc.clone(), value.clone()));
            }
        };
        match change.column.as_str() {
            "_deleted" => {
                deleted.insert(row);
            }
            "_row" => {
                made.insert(row);
                for (col, value) in change.value.as_object().unwrap() {
                    put(col, value);
                }
            }
            col => put(col, &change.value),
        }
    }
    // A child of a deleted meeting went with it.
    let dead_meetings: BTreeSet<String> = deleted
        .iter()
        .filter(|(t, _)| t == "meetings")
        .map(|(_, g)| g.clone())
        .collect();
    let mut alive = BTreeSet::new();
    for row in made {
        if deleted.contains(&row) {
            continue;
        }
        let meeting = cells.get(&(row.0.clone(), row.1.clone(), "meeting_id".to_owned()));
        let orphan = row.0 != "meetings"
            && meeting.is_some_and(|(_, v)| v.as_str().is_some_and(|g| dead_meetings.contains(g)));
        if !orphan {
            alive.insert(row);
        }
    }
    (cells, alive)
}

fn converge(server: &mut Server, stores: &[&Store]) {
    for _ in 0..2 {
        for store in stores {
            server.sync(store);
        }
    }
}

fn random_rounds(devices: usize, rounds: usize, seed: u64) {
    let stores: Vec<_> = (0..devices).map(|_| test_store()).collect();
    let refs: Vec<&Store> = stores.iter().map(|s| &s.store).collect();
    let mut server = Server::default();
    let mut rng = Rng(seed);
    let mut offline = vec![0usize; devices];
    for step in 0..rounds {
        let who = rng.below(devices as u64) as usize;
        random_edit(refs[who], &mut rng, step);
        for d in 0..devices {
            if offline[d] > 0 {
                offline[d] -= 1;
                continue;
            }
            if rng.chance(10) {
                // A partition: this device does not exchange for a while.
                offline[d] = 1 + rng.below(15) as usize;
                continue;
            }
            if rng.chance(60) {
                server.sync(refs[d]);
            }
            if rng.chance(10) && !server.log.is_empty() {
                // A batch delivered again.
                let from = rng.below(server.log.len() as u64) as usize;
                let to = (from + 1 + rng.below(40) as usize).min(server.log.len());
                refs[d].apply_remote_changes(&server.log[from..to]).unwrap();
            }
        }
    }
    converge(&mut server, &refs);

    let first = refs[0].synced_content().unwrap();
    for (i, store) in refs.iter().enumerate().skip(1) {
        assert_same(
            &store.synced_content().unwrap(),
            &first,
            &format!("device {i} and device 0"),
        );
    }
    for store in &refs {
        assert_eq!(store.pending_change_count().unwrap(), 0);
    }

    // Zero lost writes, zero resurrected deletes: the log decides.
    let (cells, alive) = expected_from_log(&server.log);
    let present: BTreeSet<(String, String)> = first.keys().cloned().collect();
    let synced_user_rows: BTreeSet<_> = present
        .iter()
        .filter(|(t, _)| {
            ["meetings", "notes", "transcript_segments", "relationships"].contains(&t.as_str())
        })
        .cloned()
        .collect();
    let expected_rows: BTreeSet<_> = alive
        .iter()
        .filter(|(t, _)| {
            ["meetings", "notes", "transcript_segments", "relationships"].contains(&t.as_str())
        })
        .cloned()
        .collect();
    assert_eq!(
        synced_user_rows, expected_rows,
        "no row lost, none resurrected"
    );
    let mut checked = 0;
    for row in &expected_rows {
        let table = onno_store::sync::SYNC_TABLES
            .iter()
            .find(|t| t.name == row.0)
            .unwrap();
        for (i, col) in table.columns.iter().enumerate() {
            let Some((_, value)) = cells.get(&(row.0.clone(), row.1.clone(), (*col).to_owned()))
            else {
                continue;
            };
            let held = &first[row][i];
            let expected = match value {
                serde_json::Value::Null => "Null".to_owned(),
                serde_json::Value::String(s) if table.foreign_key(col).is_some() => {
                    // A reference to a row deleted since reads NULL, as a local delete leaves it.
                    if present.contains(&(table.foreign_key(col).unwrap().to_owned(), s.clone())) {
                        format!("Text({s:?})")
                    } else {
                        "Null".to_owned()
                    }
                }
                serde_json::Value::String(s) => format!("Text({s:?})"),
                serde_json::Value::Number(n) if n.is_i64() => format!("Integer({n})"),
                serde_json::Value::Number(n) => format!("Real({n})"),
                other => panic!("unexpected {other}"),
            };
            assert_eq!(held, &expected, "{row:?}.{col}: the latest write wins");
            checked += 1;
        }
    }
    assert!(
        checked > 100,
        "the run made enough cells to check ({checked})"
    );
    eprintln!(
        "{devices} devices, {rounds} rounds: {} changes exchanged, {} rows, {checked} cells checked",
        server.log.len(),
        expected_rows.len()
    );
}

#[test]
fn two_devices_converge_through_edits_deletes_partitions_and_redelivery() {
    random_rounds(2, 300, 0x5eed_0002);
}

#[test]
fn three_devices_converge_through_edits_deletes_partitions_and_redelivery() {
    random_rounds(3, 300, 0x5eed_0003);
}

/// A stamp `ahead` ticks after `base`'s, from another device.
fn stamp_after(base: &str, ahead: u64, device: &str) -> String {
    let clock = u64::from_str_radix(&base[..16], 16).unwrap();
    format!("{:016x}-{device}", clock + ahead)
}

fn change(
    table: &str,
    gid: &str,
    column: &str,
    value: serde_json::Value,
    hlc: &str,
    id: &str,
) -> RemoteChange {
    let device = hlc
        .split_once('-')
        .map(|(_, d)| d)
        .unwrap_or("devx")
        .to_owned();
    RemoteChange {
        change_id: id.to_owned(),
        table: table.to_owned(),
        row_gid: gid.to_owned(),
        column: column.to_owned(),
        value,
        hlc: hlc.to_owned(),
        device,
    }
}

fn meeting_gid(store: &Store, id: i64) -> String {
    Connection::open(store.db_path())
        .unwrap()
        .query_row("SELECT gid FROM meetings WHERE id = ?1", [id], |r| r.get(0))
        .unwrap()
}

fn local_meeting(store: &Store, gid: &str) -> Option<i64> {
    use rusqlite::OptionalExtension as _;
    Connection::open(store.db_path())
        .unwrap()
        .query_row("SELECT id FROM meetings WHERE gid = ?1", [gid], |r| {
            r.get(0)
        })
        .optional()
        .unwrap()
}

#[test]
fn the_later_stamp_wins_per_column_whatever_the_arrival_order() {
    let a = test_store();
    let b = test_store();
    let c = test_store();
    let mut server = Server::default();
    let id = meeting(&a, "Acme screening", "2026-11-02T09:00:00Z");
    let gid = meeting_gid(&a, id);
    server.push(&a);
    server.pull(&b);
    server.pull(&c);
    let base = server.log.last().unwrap().hlc.clone();
    let older = change(
        "meetings",
        &gid,
        "title",
        json!("older"),
        &stamp_after(&base, 10, "devx"),
        "c-older",
    );
    let newer = change(
        "meetings",
        &gid,
        "title",
        json!("newer"),
        &stamp_after(&base, 20, "devy"),
        "c-newer",
    );
    let other = change(
        "meetings",
        &gid,
        "language",
        json!("en"),
        &stamp_after(&base, 5, "devx"),
        "c-lang",
    );

    let report = b
        .apply_remote_changes(&[newer.clone(), older.clone(), other.clone()])
        .unwrap();
    assert_eq!((report.applied, report.older_ignored), (2, 1));
    c.apply_remote_changes(&[older, other.clone()]).unwrap();
    c.apply_remote_changes(&[newer]).unwrap();
    for store in [&b, &c] {
        let m = store.meeting(local_meeting(store, &gid).unwrap()).unwrap();
        assert_eq!(m.title, "newer");
        assert_eq!(
            m.language.as_deref(),
            Some("en"),
            "another column keeps its own winner"
        );
    }

    // A local edit made after seeing those stamps is later than all of them.
    let local = local_meeting(&b, &gid).unwrap();
    Connection::open(b.db_path())
        .unwrap()
        .execute("UPDATE meetings SET title = 'mine' WHERE id = ?1", [local])
        .unwrap();
    let mine = b.pending_changes(10_000).unwrap();
    let mine = mine.iter().find(|c| c.column == "title").unwrap();
    assert!(mine.hlc > stamp_after(&base, 20, "devy"));
    assert_eq!(mine.value, json!("mine"));
}

#[test]
fn a_deleted_row_stays_deleted_whatever_edit_arrives_after() {
    let a = test_store();
    let b = test_store();
    let mut server = Server::default();
    let id = meeting(&a, "Acme screening", "2026-11-02T09:00:00Z");
    a.add_segments(&[segment(id, SegmentSource::Me, 0, "hello")])
        .unwrap();
    let gid = meeting_gid(&a, id);
    server.push(&a);
    server.pull(&b);
    let base = server.log.last().unwrap().hlc.clone();

    a.delete_meeting(id).unwrap();
    server.push(&a);
    let tombstones: Vec<_> = server
        .log
        .iter()
        .filter(|c| c.column == "_deleted")
        .collect();
    assert_eq!(
        tombstones.len(),
        2,
        "the meeting and its segment (by cascade)"
    );
    server.pull(&b);
    assert_eq!(local_meeting(&b, &gid), None);

    let older = change(
        "meetings",
        &gid,
        "title",
        json!("too late"),
        &stamp_after(&base, 1, "devx"),
        "late-1",
    );
    let newer = change(
        "meetings",
        &gid,
        "title",
        json!("later still"),
        &stamp_after(&base, 1 << 30, "devx"),
        "late-2",
    );
    let report = b
        .apply_remote_changes(&[older.clone(), newer.clone()])
        .unwrap();
    assert_eq!(report.deleted_ignored, 2);
    assert_eq!(local_meeting(&b, &gid), None, "no edit resurrects it");
    // Nor does the row itself, delivered again.
    let made: Vec<RemoteChange> = server
        .log
        .iter()
        .filter(|c| c.column == "_row")
        .cloned()
        .collect();
    let fresh: Vec<RemoteChange> = made
        .into_iter()
        .map(|mut c| {
            c.change_id.push_str("-again");
            c
        })
        .collect();
    b.apply_remote_changes(&fresh).unwrap();
    assert_eq!(local_meeting(&b, &gid), None);
    assert_eq!(a.synced_content().unwrap(), b.synced_content().unwrap());
}

#[test]
fn a_batch_applied_twice_changes_nothing_and_is_not_logged_again() {
    let a = test_store();
    let b = test_store();
    let mut server = Server::default();
    server.push(&b);
    let b_own = server.log.len();
    assert_eq!(b_own, 0, "a fresh install has nothing of its own to send");
    let id = meeting(&a, "Acme screening", "2026-11-02T09:00:00Z");
    a.add_note(id, "runway 18 months").unwrap();
    let mut a_server = Server::default();
    a_server.push(&a);
    let batch = a_server.log.clone();

    let first = b.apply_remote_changes(&batch).unwrap();
    assert!(first.applied > 0);
    assert_eq!(
        b.pending_change_count().unwrap(),
        0,
        "applied changes are not logged as local"
    );
    let before = b.synced_content().unwrap();
    let again = b.apply_remote_changes(&batch).unwrap();
    assert_eq!(again.duplicates, batch.len() as u64);
    assert_eq!((again.applied, again.older_ignored), (0, 0));
    assert_eq!(b.synced_content().unwrap(), before);
    // Its own changes echoed back are duplicates too.
    let own = a.apply_remote_changes(&batch).unwrap();
    assert_eq!(own.duplicates, batch.len() as u64);
}

#[test]
fn foreign_keys_arrive_as_gids_and_land_as_local_ids_and_search_finds_the_text() {
    let a = test_store();
    let b = test_store();
    // B has rows of its own first, so the integer ids differ between the devices.
    for i in 0..3 {
        meeting(&b, &format!("local {i}"), "2026-11-01T09:00:00Z");
    }
    let id = meeting(&a, "Acme screening", "2026-11-02T09:00:00Z");
    a.add_segments(&[segment(
        id,
        SegmentSource::Them,
        0,
        "our runway is eighteen months",
    )])
    .unwrap();
    let mut server = Server::default();
    server.push(&a);
    // The segment arrives before its meeting: it waits for it.
    let (rows, rest): (Vec<_>, Vec<_>) = server
        .log
        .iter()
        .cloned()
        .partition(|c| c.table == "transcript_segments");
    let early = b.apply_remote_changes(&rows).unwrap();
    assert_eq!(early.parked, 1);
    b.apply_remote_changes(&rest).unwrap();

    let gid = meeting_gid(&a, id);
    let local = local_meeting(&b, &gid).unwrap();
    assert_ne!(local, id);
    let lines = b.transcript(local).unwrap();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].text, "our runway is eighteen months");
    let hits = b.search(&SearchQuery::new("runway")).unwrap();
    assert!(
        hits.hits.iter().any(|h| h.meeting_id == Some(local)),
        "search finds text that came from another device: {hits:?}"
    );
    let titles = b.search(&SearchQuery::new("Acme")).unwrap();
    assert!(!titles.hits.is_empty());
}

#[test]
fn a_malformed_change_fails_the_batch_and_applies_none_of_it() {
    let a = test_store();
    let b = test_store();
    meeting(&a, "Acme screening", "2026-11-02T09:00:00Z");
    let mut server = Server::default();
    server.push(&a);
    let good = server.log.last().unwrap().clone();
    let before = b.synced_content().unwrap();
    let hlc = good.hlc.clone();
    for bad in [
        change("audit_log", "x", "action", json!("x"), &hlc, "bad-1"),
        change(
            "meetings",
            &good.row_gid,
            "audio_paths",
            json!("[]"),
            &hlc,
            "bad-2",
        ),
        change(
            "meetings",
            &good.row_gid,
            "title",
            json!("t"),
            "yesterday",
            "bad-3",
        ),
        change(
            "meetings",
            &good.row_gid,
            "title",
            json!(["t"]),
            &hlc,
            "bad-4",
        ),
        change(
            "meetings",
            "g",
            "_row",
            json!({"title": null}),
            &hlc,
            "bad-5",
        ),
        change("settings", "llm", "value", json!("{}"), &hlc, "bad-6"),
        change("profile", "1", "_deleted", json!(null), &hlc, "bad-7"),
    ] {
        let err = b.apply_remote_changes(&[good.clone(), bad]).unwrap_err();
        assert_eq!(err.kind(), onno_store::ErrorKind::Invalid, "{err}");
    }
    assert_eq!(b.synced_content().unwrap(), before, "nothing half-applied");
    b.apply_remote_changes(&[good]).unwrap();
    assert_ne!(b.synced_content().unwrap(), before);
}

#[test]
fn the_persons_settings_travel_and_the_devices_do_not() {
    let a = test_store();
    let b = test_store();
    a.set_setting("spoken_languages", &["ko", "ja"]).unwrap();
    a.set_setting("speech.default_model", &"small").unwrap();
    let mut server = Server::default();
    server.push(&a);
    server.pull(&b);
    assert_eq!(b.spoken_languages().unwrap(), ["ko", "ja"]);
    assert_eq!(b.setting::<String>("speech.default_model").unwrap(), None);
    assert_ne!(a.sync_device_id().unwrap(), b.sync_device_id().unwrap());
}

#[test]
fn the_previous_schema_upgrades_with_a_unique_gid_for_every_synced_row() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema-v12.db");
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(&fixture, dir.path().join("onno.db")).unwrap();
    let store = Store::open(dir.path()).unwrap();
    let conn = Connection::open(store.db_path()).unwrap();
    for table in SYNC_TABLES.iter().filter(|t| t.identity == Identity::Gid) {
        let (rows, distinct, shaped): (i64, i64, i64) = conn
            .query_row(
                &format!(
                    "SELECT count(*), count(DISTINCT gid),
                            sum(gid GLOB '????????-????-7???-[89ab]???-????????????'
                                AND gid = lower(gid))
                     FROM {}",
                    table.name
                ),
                [],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get::<_, Option<i64>>(2)?.unwrap_or(0),
                    ))
                },
            )
            .unwrap();
        assert_eq!(rows, distinct, "{}: every row has its own gid", table.name);
        assert_eq!(rows, shaped, "{}: every gid is a UUID v7", table.name);
    }
    // The rows that were there before sync are logged, so the other devices get them.
    let pending = store.pending_changes(10_000).unwrap();
    assert!(
        pending
            .iter()
            .any(|c| c.table == "transcript_segments" && c.column == "_row")
    );
    assert!(
        pending
            .iter()
            .any(|c| c.table == "meetings" && c.value["title"] == "Acme screening")
    );
}

#[test]
fn the_starter_rows_have_the_same_gid_on_every_device() {
    let a = test_store();
    let b = test_store();
    let gids = |s: &Store| -> Vec<String> {
        Connection::open(s.db_path())
            .unwrap()
            .prepare("SELECT gid FROM glossary_terms UNION ALL SELECT gid FROM checklist_items ORDER BY 1")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    assert_eq!(gids(&a), gids(&b));
}

/// The triggers' cost on the hottest write path: a long transcript stored in one go.
#[test]
fn logging_ten_thousand_segments_costs_a_bounded_factor() {
    let lines = |m: i64| -> Vec<_> {
        (0..10_000)
            .map(|i| {
                segment(
                    m,
                    SegmentSource::Them,
                    i * 2000,
                    &format!("line {i} of a long meeting about runway"),
                )
            })
            .collect()
    };
    let with = test_store();
    let m = meeting(&with, "long", "2026-11-02T09:00:00Z");
    let batch = lines(m);
    let started = Instant::now();
    with.add_segments(&batch).unwrap();
    let logged = started.elapsed();

    let without = test_store();
    let m = meeting(&without, "long", "2026-11-02T09:00:00Z");
    let conn = Connection::open(without.db_path()).unwrap();
    for name in [
        "sync_transcript_segments_insert",
        "sync_transcript_segments_update",
        "sync_transcript_segments_delete",
    ] {
        conn.execute_batch(&format!("DROP TRIGGER {name}")).unwrap();
    }
    drop(conn);
    let batch = lines(m);
    let started = Instant::now();
    without.add_segments(&batch).unwrap();
    let plain = started.elapsed();

    let ratio = logged.as_secs_f64() / plain.as_secs_f64();
    eprintln!(
        "10,000 segments: {logged:?} with the sync triggers, {plain:?} without, ratio {ratio:.2}"
    );
    assert!(with.pending_change_count().unwrap() >= 10_000);
    assert!(ratio < 6.0, "ratio {ratio:.2}");
}

#[test]
fn a_device_set_up_later_does_not_send_its_starter_rows_over_the_persons_edits() {
    let a = test_store();
    Connection::open(a.db_path())
        .unwrap()
        .execute(
            "UPDATE glossary_terms SET definition_en = 'Our own wording' WHERE term = 'MRR'",
            [],
        )
        .unwrap();
    let mut server = Server::default();
    server.push(&a);
    let b = test_store();
    server.sync(&b);
    server.sync(&a);
    let term = |s: &Store| -> String {
        Connection::open(s.db_path())
            .unwrap()
            .query_row(
                "SELECT definition_en FROM glossary_terms WHERE term = 'MRR'",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(term(&a), "Our own wording");
    assert_eq!(term(&b), "Our own wording");
    assert_same(
        &a.synced_content().unwrap(),
        &b.synced_content().unwrap(),
        "the devices",
    );
}

#[test]
fn rows_two_devices_made_with_the_same_unique_name_settle_on_one() {
    let a = test_store();
    let b = test_store();
    let mut server = Server::default();
    let id = meeting(&a, "Acme screening", "2026-11-02T09:00:00Z");
    server.sync(&a);
    server.sync(&b);
    let on_b = local_meeting(&b, &meeting_gid(&a, id)).unwrap();
    for (store, meeting_id, words) in [(&a, id, "from a"), (&b, on_b, "from b")] {
        Connection::open(store.db_path())
            .unwrap()
            .execute(
                "INSERT INTO glossary_terms (term, definition_en, definition_ko)
                 VALUES ('Foo', ?1, ?1)",
                [words],
            )
            .unwrap();
        let summary = onno_store::SummaryInput {
            content: words.to_owned(),
            key_points: vec![],
            decisions: vec![],
            missed_questions: vec![],
        };
        store.save_summary(meeting_id, &summary).unwrap();
    }
    server.push(&a);
    server.push(&b);
    let report_a = server.pull(&a);
    let report_b = server.pull(&b);
    assert_eq!(
        report_a.conflicts + report_b.conflicts,
        2,
        "one side of each clash gives way: {report_a:?} {report_b:?}"
    );
    assert_same(
        &a.synced_content().unwrap(),
        &b.synced_content().unwrap(),
        "the devices",
    );
    let foo = |s: &Store| -> i64 {
        Connection::open(s.db_path())
            .unwrap()
            .query_row(
                "SELECT count(*) FROM glossary_terms WHERE term = 'foo'",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!((foo(&a), foo(&b)), (1, 1));
    assert_eq!(
        a.summary(id).unwrap().unwrap().body.content,
        b.summary(on_b).unwrap().unwrap().body.content
    );

    // The row kept takes edits from both devices from then on.
    Connection::open(b.db_path())
        .unwrap()
        .execute(
            "UPDATE glossary_terms SET example = 'edited on b' WHERE term = 'Foo'",
            [],
        )
        .unwrap();
    converge(&mut server, &[&a, &b]);
    assert_same(
        &a.synced_content().unwrap(),
        &b.synced_content().unwrap(),
        "the devices after an edit",
    );
}

#[test]
fn recordings_are_described_once_the_meeting_ends_and_fetched_files_stay_in_the_files_folder() {
    let (laptop, desk) = (test_store(), test_store());
    let id = meeting(&laptop, "Recorded", "2026-11-02T09:00:00Z");
    let folder = laptop.layout().meeting(id);
    std::fs::create_dir_all(folder.path()).unwrap();
    let mic = folder.recording(SegmentSource::Me).unwrap();
    std::fs::write(laptop.layout().absolute(&mic), b"RIFF mic samples").unwrap();
    laptop
        .set_meeting_audio_paths(id, std::slice::from_ref(&mic))
        .unwrap();

    assert_eq!(
        laptop.describe_recordings().unwrap(),
        0,
        "a meeting still recording is left alone"
    );
    laptop.end_meeting(id, "2026-11-02T10:00:00Z").unwrap();
    assert_eq!(laptop.describe_recordings().unwrap(), 1);
    assert_eq!(laptop.describe_recordings().unwrap(), 0, "described once");
    let to_send = laptop.blobs_to_send().unwrap();
    assert_eq!(to_send.len(), 1);
    assert_eq!(to_send[0].size_bytes, 16);
    laptop.mark_blob_sent(&to_send[0].sha256).unwrap();
    assert!(laptop.blobs_to_send().unwrap().is_empty());

    let mut server = Server::default();
    server.push(&laptop);
    server.pull(&desk);
    let wanted = desk.blobs_to_fetch().unwrap();
    assert_eq!(wanted.len(), 1, "the desk learns the recording exists");
    assert!(wanted[0].target.starts_with("meetings/"));
    assert!(
        desk.blobs_to_send().unwrap().is_empty(),
        "a device sends only what it holds"
    );

    // A recording removed here by the retention rule is not fetched back.
    laptop
        .set_audio_retention(onno_store::AudioRetention::Days30)
        .unwrap();
    assert_eq!(
        laptop
            .apply_audio_retention("2027-01-01T00:00:00Z")
            .unwrap(),
        1
    );
    assert!(laptop.blobs_to_fetch().unwrap().is_empty());

    // Signed out and into an account again, a device sends all it holds once more,
    // and reads that account from its start.
    desk.set_sync_cursor(9).unwrap();
    assert_eq!(desk.pending_change_count().unwrap(), 0);
    desk.restart_sync().unwrap();
    assert_eq!(desk.sync_cursor().unwrap(), 0);
    assert!(
        desk.pending_changes(10_000)
            .unwrap()
            .iter()
            .any(|c| c.table == "meeting_recordings"),
        "the rows it received are logged to send again"
    );

    // A file row naming a path outside the files folder (only a device with the
    // workspace key could write one) is never fetched to it.
    let relationship = desk
        .create_relationship(&onno_store::NewRelationship::new(
            "Acme",
            onno_store::RelationshipType::Deal,
        ))
        .unwrap();
    let gid: String = Connection::open(desk.db_path())
        .unwrap()
        .query_row(
            "SELECT gid FROM relationships WHERE id = ?1",
            [relationship.id],
            |r| r.get(0),
        )
        .unwrap();
    let hlc = stamp_after("0000000000000001-x", 1 << 40, "devz");
    let row = |path: &str| {
        json!({
            "relationship_id": gid, "name": "x.pdf", "media_type": "application/pdf",
            "size_bytes": 3, "sha256": "ab".repeat(32), "category": "contract", "tags": "[]",
            "description": "", "meeting_id": null, "stored_path": path,
            "added_at": "2026-11-02T09:00:00Z"
        })
    };
    let changes = [
        change(
            "relationship_files",
            "0190e0e0-0000-7000-8000-000000000001",
            "_row",
            row("../../etc/x.pdf"),
            &hlc,
            "c1",
        ),
        change(
            "relationship_files",
            "0190e0e0-0000-7000-8000-000000000002",
            "_row",
            row("meetings/1/mic.wav"),
            &hlc,
            "c2",
        ),
        change(
            "relationship_files",
            "0190e0e0-0000-7000-8000-000000000003",
            "_row",
            row("files/9/abc-x.pdf"),
            &hlc,
            "c3",
        ),
    ];
    desk.apply_remote_changes(&changes).unwrap();
    let targets: Vec<String> = desk
        .blobs_to_fetch()
        .unwrap()
        .into_iter()
        .map(|b| b.target)
        .filter(|t| !t.starts_with("meetings/"))
        .collect();
    assert_eq!(targets, vec!["files/9/abc-x.pdf".to_owned()]);
}

#[test]
fn names_given_to_a_side_of_the_call_travel_and_those_given_before_they_synced_go_once() {
    // A folder that had synced under version 13, with a side named then, when speaker
    // names stayed on the device.
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema-v13.db");
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(&fixture, dir.path().join("onno.db")).unwrap();
    {
        let conn = Connection::open(dir.path().join("onno.db")).unwrap();
        conn.execute_batch(
            "UPDATE sync_state SET snapshot = 1;
             INSERT INTO meeting_speakers (meeting_id, source, name) VALUES (1, 'them', 'Dr. Park');",
        )
        .unwrap();
    }
    let laptop = Store::open(dir.path()).unwrap();
    let pending = laptop.pending_changes(10_000).unwrap();
    let speakers: Vec<_> = pending
        .iter()
        .filter(|c| c.table == "meeting_speakers")
        .collect();
    assert_eq!(speakers.len(), 1, "the name given before is logged once");
    assert_eq!(speakers[0].value["name"], "Dr. Park");
    assert!(
        !pending.iter().any(|c| c.table == "meetings"),
        "tables logged under version 13 are not logged again"
    );
    drop(laptop);
    assert!(
        Store::open(dir.path())
            .unwrap()
            .pending_changes(10_000)
            .unwrap()
            .iter()
            .filter(|c| c.table == "meeting_speakers")
            .count()
            == 1,
        "opening again logs nothing more"
    );

    // A side named on one device shows on the other's lines, and so does renaming it.
    let (a, b) = (test_store(), test_store());
    let id = meeting(&a, "Named", "2026-11-02T09:00:00Z");
    a.add_segments(&[segment(
        id,
        SegmentSource::Them,
        0,
        "Our runway is 18 months",
    )])
    .unwrap();
    a.set_side_speaker(id, SegmentSource::Them, Some("Kim"))
        .unwrap();
    let mut server = Server::default();
    converge(&mut server, &[&a, &b]);
    let on_b = local_meeting(&b, &meeting_gid(&a, id)).unwrap();
    assert_eq!(
        b.transcript(on_b).unwrap()[0].speaker.as_deref(),
        Some("Kim")
    );
    b.set_side_speaker(on_b, SegmentSource::Them, Some("Kim Jiwoo"))
        .unwrap();
    converge(&mut server, &[&a, &b]);
    assert_eq!(
        a.transcript(id).unwrap()[0].speaker.as_deref(),
        Some("Kim Jiwoo")
    );
}
