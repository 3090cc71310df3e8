//! Taking everything out, bringing it back, deleting it all: on real files.

use std::collections::BTreeMap;
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

use onno_store::{
    Confidence, DataCategory, DataValue, ErrorKind, FileCategory, LATEST_SCHEMA_VERSION,
    NewRelationship, NewRelationshipData, NewRelationshipFile, Page, RelationshipType, SearchQuery,
    SegmentSource, Store, SummaryInput,
};
use rusqlite::Connection;
use rusqlite::types::Value;

use crate::{meeting, segment, test_store};

/// Every row of every table (search index and SQLite's own left out), read straight
/// from the file, in a stable order.
fn all_rows(db: &Path) -> BTreeMap<String, Vec<Vec<Value>>> {
    let conn = Connection::open(db).unwrap();
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table'
             AND name NOT LIKE 'sqlite_%'",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    tables
        .into_iter()
        .map(|t| {
            let mut stmt = conn
                .prepare(&format!("SELECT * FROM \"{t}\" ORDER BY 1"))
                .unwrap();
            let n = stmt.column_count();
            let rows = stmt
                .query_map([], |row| (0..n).map(|i| row.get::<_, Value>(i)).collect())
                .unwrap()
                .collect::<Result<Vec<Vec<Value>>, _>>()
                .unwrap();
            (t, rows)
        })
        .collect()
}

/// How many entries each full-text index holds, from its shadow tables.
fn index_entries(db: &Path) -> BTreeMap<String, i64> {
    let conn = Connection::open(db).unwrap();
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE sql LIKE 'CREATE VIRTUAL TABLE%fts5%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(names.len() >= 5, "{names:?}");
    names
        .into_iter()
        .map(|n| {
            let count = conn
                .query_row(&format!("SELECT count(*) FROM \"{n}_docsize\""), [], |r| {
                    r.get(0)
                })
                .unwrap();
            (n, count)
        })
        .collect()
}

fn files_under(root: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(dir: &Path, root: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries {
            let path = e.unwrap().path();
            if path.is_dir() {
                walk(&path, root, out);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(&root.join("meetings"), root, &mut out);
    walk(&root.join("files"), root, &mut out);
    out
}

/// A store with a relationship, its file and fact, two meetings with transcripts,
/// notes, a summary and recordings.
fn filled() -> crate::TestStore {
    let store = test_store();
    let acme = store
        .create_relationship(&NewRelationship::new("Acme AI", RelationshipType::Deal))
        .unwrap();
    let first = meeting(&store, "Acme 스크리닝", "2026-11-02T10:00:00Z");
    let second = meeting(&store, "Weekly sync", "2026-11-03T10:00:00Z");
    store
        .add_segments(&[
            segment(first, SegmentSource::Me, 0, "매출은 얼마인가요"),
            segment(
                first,
                SegmentSource::Them,
                2_000,
                "runway is eighteen months",
            ),
            segment(second, SegmentSource::Me, 0, "hiring plan"),
        ])
        .unwrap();
    store.add_note(first, "follow up on churn").unwrap();
    store
        .save_summary(
            first,
            &SummaryInput {
                content: "Runway and revenue".into(),
                key_points: vec!["18 months".into()],
                decisions: vec![],
                missed_questions: vec![],
            },
        )
        .unwrap();
    store
        .add_relationship_data(&NewRelationshipData {
            relationship_id: acme.id,
            category: DataCategory::Metrics,
            key: "MRR".into(),
            value: DataValue::Number(0.1 + 0.2),
            unit: Some("$".into()),
            source: "meeting".into(),
            confidence: Confidence::Estimated,
            meeting_id: Some(first),
            recorded_at: None,
        })
        .unwrap();
    // Recordings: a few hundred kilobytes of non-repeating bytes.
    for (id, name, len) in [
        (first, "mic", 300_001usize),
        (first, "system", 17),
        (second, "mic", 0),
    ] {
        let folder = store.layout().meeting(id);
        std::fs::create_dir_all(folder.path()).unwrap();
        let bytes: Vec<u8> = (0..len).map(|i| (i * 7919 % 251) as u8).collect();
        std::fs::write(folder.path().join(format!("{name}.wav")), bytes).unwrap();
    }
    store
        .set_meeting_audio_paths(
            first,
            &["meetings/1/mic.wav".into(), "meetings/1/system.wav".into()],
        )
        .unwrap();
    let deck = store.dir.path().join("deck.pdf");
    std::fs::write(&deck, b"%PDF-1.7 deck").unwrap();
    store
        .add_relationship_file(
            acme.id,
            &deck,
            &NewRelationshipFile {
                category: FileCategory::PitchDeck,
                tags: vec!["seed".into()],
                description: "deck".into(),
                meeting_id: Some(first),
                extracted_text: Some("ARR 1.2M".into()),
            },
        )
        .unwrap();
    std::fs::remove_file(&deck).unwrap();
    store
}

fn export(store: &Store, out: &Path) -> onno_store::ArchiveSummary {
    let mut last = (0, 0);
    let summary = store
        .export_archive(out, &mut |done, total| {
            assert!(done <= total);
            assert!(done >= last.0);
            last = (done, total);
        })
        .unwrap();
    assert_eq!(last.0, last.1, "progress reaches the total");
    summary
}

fn import(archive: &Path, target: &Path) -> onno_store::Result<onno_store::ArchiveSummary> {
    Store::import_archive(archive, target, &mut |_, _| {})
}

#[test]
fn an_archive_restores_every_row_and_every_byte() {
    let store = filled();
    let before = all_rows(store.db_path());
    let files_before = files_under(store.data_dir());
    let out_dir = tempfile::tempdir().unwrap();
    let archive = out_dir.path().join("all.onno");
    let summary = export(&store, &archive);
    assert_eq!(summary.files, 4, "three recordings and one attached file");
    assert_eq!(summary.rows["meetings"], 2);
    assert_eq!(summary.schema_version, LATEST_SCHEMA_VERSION);
    // Nothing is left beside the archive.
    assert_eq!(std::fs::read_dir(out_dir.path()).unwrap().count(), 1);

    let target = out_dir.path().join("restored");
    let restored = import(&archive, &target).unwrap();
    assert_eq!(restored.files, 4);
    assert_eq!(restored.rows, summary.rows);

    let mut after = all_rows(&target.join("onno.db"));
    // The restored log gains the import; the rest is the same row for row.
    let log = after.remove("audit_log").unwrap();
    let mut expected = before.clone();
    let old_log = expected.remove("audit_log").unwrap();
    // A restored folder is a device of its own for sync: a new device id, the rest kept.
    let (state, old_state) = (
        after.remove("sync_state").unwrap(),
        expected.remove("sync_state").unwrap(),
    );
    assert_ne!(state[0][1], old_state[0][1]);
    assert_eq!(state[0][2..], old_state[0][2..]);
    // Nothing of it counts as sent: its rows are logged again, for whichever account
    // it joins, beside the changes that were waiting.
    let (changes, old_changes) = (
        after.remove("sync_changes").unwrap(),
        expected.remove("sync_changes").unwrap(),
    );
    assert!(changes.len() > old_changes.len());
    assert_eq!(after, expected);
    assert_eq!(&log[..old_log.len()], &old_log[..]);
    assert_eq!(log.len(), old_log.len() + 1);
    assert_eq!(files_under(&target), files_before);
    assert_eq!(
        index_entries(&target.join("onno.db")),
        index_entries(store.db_path())
    );

    // It opens, and search finds what was said, in Korean too.
    let restored = Store::open(&target).unwrap();
    assert!(
        !restored
            .search(&SearchQuery::new("runway"))
            .unwrap()
            .hits
            .is_empty()
    );
    assert!(
        !restored
            .search(&SearchQuery::new("매출"))
            .unwrap()
            .hits
            .is_empty()
    );
    let log = restored.audit_log(Page::default()).unwrap();
    assert_eq!(log.items[0].action, "import");
    // The source's log records the export.
    let source_log = store.audit_log(Page::default()).unwrap();
    assert_eq!(
        (
            source_log.items[0].action.as_str(),
            source_log.items[0].resource.as_str()
        ),
        ("export", "archive")
    );
}

#[test]
fn an_existing_file_is_not_replaced() {
    let store = filled();
    let out = store.dir.path().join("taken.onno");
    std::fs::write(&out, b"mine").unwrap();
    let err = store.export_archive(&out, &mut |_, _| {}).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Io);
    assert_eq!(std::fs::read(&out).unwrap(), b"mine");
}

/// Rewrites the archive with `change` applied to one member's bytes (the manifest
/// kept), or to the manifest itself.
fn rewrite(archive: &Path, out: &Path, change: impl Fn(&str, Vec<u8>) -> Vec<u8>) {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(archive).unwrap()).unwrap();
    let mut writer = zip::ZipWriter::new(std::fs::File::create(out).unwrap());
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().into_owned();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        writer
            .start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        writer.write_all(&change(&name, bytes)).unwrap();
    }
    writer.finish().unwrap();
}

#[track_caller]
fn refused(archive: &Path, target: &Path, kind: ErrorKind, says: &str) {
    let parent = target.parent().unwrap();
    let siblings_before = std::fs::read_dir(parent).unwrap().count();
    let existed = target.exists();
    let err = import(archive, target).unwrap_err();
    assert_eq!(err.kind(), kind, "{err}");
    assert!(err.to_string().contains(says), "{err}");
    assert_eq!(target.exists(), existed, "the target is left as it was");
    if existed {
        assert!(std::fs::read_dir(target).unwrap().count() <= 1);
    }
    assert_eq!(
        std::fs::read_dir(parent).unwrap().count(),
        siblings_before,
        "no staging folder is left behind"
    );
}

#[test]
fn damaged_altered_and_newer_archives_are_refused_with_nothing_written() {
    let store = filled();
    let work = tempfile::tempdir().unwrap();
    let archive = work.path().join("all.onno");
    export(&store, &archive);
    let target = work.path().join("target");

    // A recording altered after the export.
    let tampered = work.path().join("tampered.onno");
    rewrite(&archive, &tampered, |name, mut bytes| {
        if name == "data/meetings/1/mic.wav" {
            bytes[1000] ^= 1;
        }
        bytes
    });
    refused(
        &tampered,
        &target,
        ErrorKind::Invalid,
        "does not match the manifest",
    );

    // Rows altered after the export.
    let rows = work.path().join("rows.onno");
    rewrite(&archive, &rows, |name, bytes| {
        if name == "database.json" {
            String::from_utf8(bytes)
                .unwrap()
                .replace("Acme AI", "Acme XX")
                .into_bytes()
        } else {
            bytes
        }
    });
    refused(
        &rows,
        &target,
        ErrorKind::Invalid,
        "database.json does not match",
    );

    // Cut short, as by a full disk or an interrupted copy.
    let bytes = std::fs::read(&archive).unwrap();
    let truncated = work.path().join("truncated.onno");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    refused(&truncated, &target, ErrorKind::Invalid, "incomplete");

    // From a newer Onno.
    let newer = work.path().join("newer.onno");
    rewrite(&archive, &newer, |name, bytes| {
        if name == "manifest.json" {
            let mut manifest: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            manifest["schema_version"] = (LATEST_SCHEMA_VERSION + 1).into();
            serde_json::to_vec(&manifest).unwrap()
        } else {
            bytes
        }
    });
    refused(&newer, &target, ErrorKind::NewerVersion, "newer version");

    // A folder that already holds something; an empty one is fine.
    std::fs::create_dir(&target).unwrap();
    std::fs::write(target.join("keep.txt"), b"mine").unwrap();
    refused(&archive, &target, ErrorKind::Invalid, "not empty");
    assert_eq!(std::fs::read(target.join("keep.txt")).unwrap(), b"mine");
    std::fs::remove_file(target.join("keep.txt")).unwrap();
    import(&archive, &target).unwrap();
    assert!(target.join("onno.db").is_file());
}

#[test]
fn an_older_schema_is_brought_forward() {
    let store = filled();
    let work = tempfile::tempdir().unwrap();
    let archive = work.path().join("all.onno");
    export(&store, &archive);
    // The same rows, labelled one schema back: the tables and columns the last
    // migration adds are dropped, as an archive of that version would not have them.
    let older = work.path().join("older.onno");
    let previous = LATEST_SCHEMA_VERSION - 1;
    let (tables, columns) = added_by_the_last_migration();
    assert!(!tables.is_empty() || !columns.is_empty());
    let fix = |mut dump: serde_json::Value| {
        dump["schema_version"] = previous.into();
        let all = dump["tables"].as_array_mut().unwrap();
        all.retain(|t| !tables.iter().any(|name| t["name"] == name.as_str()));
        for (table, column) in &columns {
            let Some(t) = all.iter_mut().find(|t| t["name"] == table.as_str()) else {
                continue;
            };
            drop_column(t, column);
        }
        dump
    };
    with_rows(&archive, &older, fix);
    let target = work.path().join("restored");
    let summary = import(&older, &target).unwrap();
    assert_eq!(summary.schema_version, previous);
    let restored = Store::open(&target).unwrap();
    assert_eq!(restored.schema_version().unwrap(), LATEST_SCHEMA_VERSION);
    assert_eq!(restored.meeting(1).unwrap().title, "Acme 스크리닝");
}

/// Rewrites the archive's rows with `change`, and the manifest to match them (its
/// hash, size and schema version), as a careful forger would.
fn with_rows(archive: &Path, out: &Path, change: impl Fn(serde_json::Value) -> serde_json::Value) {
    let database = {
        let mut zip = zip::ZipArchive::new(std::fs::File::open(archive).unwrap()).unwrap();
        let mut bytes = Vec::new();
        zip.by_name("database.json")
            .unwrap()
            .read_to_end(&mut bytes)
            .unwrap();
        serde_json::to_vec(&change(serde_json::from_slice(&bytes).unwrap())).unwrap()
    };
    let schema =
        serde_json::from_slice::<serde_json::Value>(&database).unwrap()["schema_version"].clone();
    let digest = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&database));
    rewrite(archive, out, |name, bytes| match name {
        "database.json" => database.clone(),
        "manifest.json" => {
            let mut manifest: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            manifest["schema_version"] = schema.clone();
            for member in manifest["members"].as_array_mut().unwrap() {
                if member["path"] == "database.json" {
                    member["sha256"] = digest.clone().into();
                    member["size"] = database.len().into();
                }
            }
            serde_json::to_vec(&manifest).unwrap()
        }
        _ => bytes,
    });
}

#[test]
fn rows_that_refer_to_missing_rows_are_refused_late_with_nothing_written() {
    let store = filled();
    let work = tempfile::tempdir().unwrap();
    let archive = work.path().join("all.onno");
    export(&store, &archive);
    let broken = work.path().join("broken.onno");
    with_rows(&archive, &broken, |mut dump| {
        for table in dump["tables"].as_array_mut().unwrap() {
            if table["name"] == "meetings" {
                table["rows"].as_array_mut().unwrap().remove(0);
            }
        }
        dump
    });
    let target = work.path().join("target");
    refused(
        &broken,
        &target,
        ErrorKind::Invalid,
        "refers to a row that is not there",
    );
}

#[test]
fn deleting_everything_leaves_no_row_no_index_entry_and_no_file() {
    let store = filled();
    let inventory = store.inventory().unwrap();
    assert_eq!(inventory.rows["meetings"], 2);
    assert_eq!(inventory.files, 4);
    let models = store.layout().models();
    std::fs::create_dir_all(&models).unwrap();
    std::fs::write(models.join("model.bin"), b"weights").unwrap();
    let fresh = tempfile::tempdir().unwrap();
    let fresh_rows = all_rows(Store::open(fresh.path()).unwrap().db_path());

    let deleted = store.delete_everything().unwrap();
    assert_eq!(deleted.rows, inventory.rows);
    assert_eq!(deleted.files, 4);

    let mut rows = all_rows(store.db_path());
    let log = rows.remove("audit_log").unwrap();
    for (table, fresh) in &fresh_rows {
        if table == "audit_log" || table == "profile" {
            continue;
        }
        if table == "sync_state" || table == "sync_changes" {
            // A fresh install's device id and change ids are random: compare the count.
            assert_eq!(
                rows[table].len(),
                fresh.len(),
                "{table} is as on a fresh install"
            );
            continue;
        }
        assert_eq!(&rows[table], fresh, "{table} is as on a fresh install");
    }
    for table in [
        "meetings",
        "relationships",
        "transcript_segments",
        "notes",
        "summaries",
        "relationship_data",
        "relationship_files",
        "settings",
    ] {
        assert!(rows[table].is_empty(), "{table} is empty");
    }
    for (index, count) in index_entries(store.db_path()) {
        assert_eq!(count, 0, "{index} holds no entry");
    }
    let conn = Connection::open(store.db_path()).unwrap();
    let found: i64 = conn
        .query_row(
            "SELECT count(*) FROM transcript_fts WHERE transcript_fts MATCH 'runway'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(found, 0);
    assert!(files_under(store.data_dir()).is_empty());
    assert!(!store.data_dir().join("meetings").exists());
    assert!(!store.data_dir().join("files").exists());
    assert!(models.join("model.bin").is_file(), "models stay");
    // The log survives and records both steps, with counts and no text.
    assert!(log.len() >= 2);
    let entries = store.audit_log(Page::default()).unwrap().items;
    assert_eq!(
        (entries[0].action.as_str(), entries[0].resource.as_str()),
        ("delete", "everything/files")
    );
    assert_eq!(entries[0].details["files"], 4);
    assert_eq!(
        (entries[1].action.as_str(), entries[1].resource.as_str()),
        ("delete", "everything")
    );
    assert_eq!(entries[1].details["rows"]["meetings"], 2);
    assert!(!entries[1].details.to_string().contains("Acme"));
    // The store works on.
    meeting(&store, "After", "2026-12-01T10:00:00Z");
    assert_eq!(
        store.search(&SearchQuery::new("After")).unwrap().hits.len(),
        1
    );
}

#[test]
fn deleting_a_meeting_removes_its_index_entries_and_its_folder() {
    let store = filled();
    let before = index_entries(store.db_path());
    let folder: PathBuf = store.layout().meeting(1).path().to_owned();
    assert!(folder.is_dir());
    store.delete_meeting(1).unwrap();
    let after = index_entries(store.db_path());
    assert_eq!(after["transcript_fts"], before["transcript_fts"] - 2);
    assert_eq!(after["notes_fts"], before["notes_fts"] - 1);
    assert_eq!(after["summaries_fts"], before["summaries_fts"] - 1);
    assert_eq!(after["meetings_fts"], before["meetings_fts"] - 1);
    assert!(!folder.exists());
    assert!(store.layout().meeting(2).path().is_dir());
    assert!(
        store
            .search(&SearchQuery::new("runway"))
            .unwrap()
            .hits
            .is_empty()
    );
    // The fact heard in it stays with the relationship, unlinked.
    let conn = Connection::open(store.db_path()).unwrap();
    let link: Option<i64> = conn
        .query_row("SELECT meeting_id FROM relationship_data", [], |r| r.get(0))
        .unwrap();
    assert_eq!(link, None);
    let entry = &store.audit_log(Page::default()).unwrap().items[0];
    assert_eq!(
        (entry.action.as_str(), entry.resource.as_str()),
        ("delete", "meeting/1")
    );
}

/// The tables the newest migration creates, and the `(table, column)`s it adds to
/// older tables (a table it makes again counts by its new columns): the schema of every
/// migration run in SQLite, compared with the schema of all but the newest.
fn added_by_the_last_migration() -> (Vec<String>, Vec<(String, String)>) {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations");
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let schema = |files: &[PathBuf]| -> BTreeMap<String, Vec<String>> {
        let conn = Connection::open_in_memory().unwrap();
        for file in files {
            conn.execute_batch(&std::fs::read_to_string(file).unwrap())
                .unwrap();
        }
        let tables: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'table'")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        tables
            .into_iter()
            .map(|t| {
                let columns = conn
                    .prepare("SELECT name FROM pragma_table_info(?1)")
                    .unwrap()
                    .query_map([&t], |r| r.get(0))
                    .unwrap()
                    .collect::<rusqlite::Result<_>>()
                    .unwrap();
                (t, columns)
            })
            .collect()
    };
    let before = schema(&files[..files.len() - 1]);
    let after = schema(&files);
    let tables = after
        .keys()
        .filter(|t| !before.contains_key(*t))
        .cloned()
        .collect();
    let columns = after
        .iter()
        .filter_map(|(t, columns)| Some((t, columns, before.get(t)?)))
        .flat_map(|(t, columns, old)| {
            columns
                .iter()
                .filter(|c| !old.contains(c))
                .map(|c| (t.clone(), c.clone()))
        })
        .collect();
    (tables, columns)
}

/// Removes `column` from a table of an archive's rows, its values with it.
fn drop_column(table: &mut serde_json::Value, column: &str) {
    let columns = table["columns"].as_array_mut().unwrap();
    let Some(at) = columns.iter().position(|c| c == column) else {
        return;
    };
    columns.remove(at);
    for row in table["rows"].as_array_mut().unwrap() {
        row.as_array_mut().unwrap().remove(at);
    }
}

#[test]
fn a_restored_folder_is_a_new_device_not_signed_in_to_sync() {
    let store = filled();
    store
        .set_setting(
            "sync.account",
            &serde_json::json!({ "email": "kim@example.com" }),
        )
        .unwrap();
    store
        .set_setting("spoken_languages", &["ko", "en"])
        .unwrap();
    store.set_sync_cursor(42).unwrap();
    let device = store.sync_device_id().unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let archive = out_dir.path().join("all.onno");
    export(&store, &archive);
    let target = out_dir.path().join("restored");
    import(&archive, &target).unwrap();

    let restored = Store::open(&target).unwrap();
    assert_ne!(restored.sync_device_id().unwrap(), device);
    assert_eq!(
        restored
            .setting::<serde_json::Value>("sync.account")
            .unwrap(),
        None,
        "signed out: its keys were never in the archive"
    );
    assert_eq!(restored.sync_cursor().unwrap(), 0);
    assert_eq!(
        restored.setting::<Vec<String>>("spoken_languages").unwrap(),
        Some(vec!["ko".to_owned(), "en".to_owned()]),
        "the person's settings stay"
    );
}
