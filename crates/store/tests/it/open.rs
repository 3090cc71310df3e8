use onno_store::{DATABASE_FILE_NAME, ErrorKind, LATEST_SCHEMA_VERSION, Store, move_aside};

use crate::test_store;

#[test]
fn an_empty_folder_gets_the_latest_schema_and_the_starter_content() {
    let s = test_store();
    assert_eq!(s.schema_version().unwrap(), LATEST_SCHEMA_VERSION);
    assert!(s.dir.path().join(DATABASE_FILE_NAME).is_file());
    assert!(s.glossary(Default::default()).unwrap().total >= 40);
    assert!(!s.benchmarks().unwrap().is_empty());
    assert_eq!(s.profile().unwrap().locale, onno_store::Locale::Ko);
}

#[test]
fn reopening_keeps_data_and_does_not_reapply_migrations() {
    let dir = tempfile::tempdir().unwrap();
    let id = {
        let store = Store::open(dir.path()).unwrap();
        crate::meeting(&store, "Kept", "2026-11-02T10:00:00Z")
    };
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.meeting(id).unwrap().title, "Kept");
    // The seed migration ran once: no duplicate checklists.
    assert_eq!(
        store
            .checklists(Some(onno_store::MeetingType::Sales))
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn a_garbage_file_is_reported_as_damaged_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DATABASE_FILE_NAME);
    let garbage: Vec<u8> = (0..8192u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(&path, &garbage).unwrap();

    let err = Store::open(dir.path()).err().expect("must refuse");
    assert_eq!(err.kind(), ErrorKind::Corrupt);
    assert!(err.to_string().contains(DATABASE_FILE_NAME), "{err}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        garbage,
        "nothing may be written"
    );

    // Moving it aside keeps the bytes and lets a fresh database start.
    let kept = move_aside(&path).unwrap();
    assert_eq!(std::fs::read(&kept).unwrap(), garbage);
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_SCHEMA_VERSION);
}

#[test]
fn a_database_from_a_newer_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(dir.path()).unwrap());
    let path = dir.path().join(DATABASE_FILE_NAME);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", LATEST_SCHEMA_VERSION + 1)
        .unwrap();
    drop(conn);

    let err = Store::open(dir.path()).err().expect("must refuse");
    assert_eq!(err.kind(), ErrorKind::NewerVersion);
    assert!(err.to_string().contains("newer version"), "{err}");
}

/// Each shipped schema version has a fixture database written by that release; every
/// one of them must open, upgrade and keep its rows.
#[test]
fn databases_from_every_earlier_schema_version_open_and_keep_their_data() {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut seen = 0;
    for version in 1..=LATEST_SCHEMA_VERSION {
        let fixture = fixtures.join(format!("schema-v{version}.db"));
        if !fixture.exists() {
            continue;
        }
        seen += 1;
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(&fixture, dir.path().join(DATABASE_FILE_NAME)).unwrap();

        let store = Store::open(dir.path()).unwrap();
        assert_eq!(store.schema_version().unwrap(), LATEST_SCHEMA_VERSION);
        let meetings = store
            .list_meetings(&Default::default(), Default::default())
            .unwrap();
        assert_eq!(meetings.total, 1, "fixture v{version}");
        let id = meetings.items[0].id;
        assert_eq!(store.segments(id, Default::default()).unwrap().total, 2);
        let hits = store
            .search(&onno_store::SearchQuery::new("runway"))
            .unwrap();
        assert_eq!(
            hits.total, 1,
            "the search index survives the upgrade (v{version})"
        );
        let titles = store
            .search(&onno_store::SearchQuery::new("screening"))
            .unwrap();
        assert_eq!(
            titles.hits.first().map(|h| h.kind),
            Some(onno_store::HitKind::Meeting),
            "titles of meetings from before version 3 are indexed (v{version})"
        );
        let usage = onno_store::NewLlmUsage {
            meeting_id: Some(id),
            purpose: "summary".into(),
            model: "m".into(),
            prompt_tokens: 1,
            completion_tokens: 1,
            estimated: true,
            latency_ms: 1,
            error_kind: None,
            attempt: onno_store::LlmAttempt::First,
            format_refused: false,
        };
        store.record_llm_usage(&usage).unwrap();
        assert_eq!(
            store.llm_usage(id).unwrap().len(),
            1,
            "language model usage is recorded after the upgrade (v{version})"
        );
        let line = store.transcript(id).unwrap()[0].id;
        store
            .edit_segment_text(line, "runway of 20 months")
            .unwrap();
        store
            .set_side_speaker(id, onno_store::SegmentSource::Them, Some("Kim"))
            .unwrap();
        assert_eq!(store.segment(line).unwrap().speaker.as_deref(), Some("Kim"));
        store.undo_last_correction(id).unwrap().unwrap();
        store.undo_last_correction(id).unwrap().unwrap();
        assert!(
            store.transcript(id).unwrap()[0].text.contains("18 months"),
            "a transcript is corrected and the correction undone after the upgrade (v{version})"
        );
    }
    assert_eq!(
        seen,
        LATEST_SCHEMA_VERSION,
        "a fixture per schema version in {}",
        fixtures.display()
    );
}

/// Version 5 moved the per-meeting language model switch from the settings
/// (`llm.meeting.<id>.enabled`) into a column of the meeting.
#[test]
fn the_meetings_model_switch_moves_from_the_settings_into_the_meeting() {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DATABASE_FILE_NAME);
    std::fs::copy(fixtures.join("schema-v4.db"), &path).unwrap();
    {
        // As version 4 left it: meeting 1 switched off, a second meeting switched on
        // explicitly, a third never switched, and the switch of a meeting since deleted.
        let conn = rusqlite::Connection::open(&path).unwrap();
        let t = "2026-11-02T09:00:00Z";
        for id in [2, 3] {
            conn.execute(
                "INSERT INTO meetings (id, title, type, started_at, created_at, updated_at)
                 VALUES (?1, 'Later', 'general', ?2, ?2, ?2)",
                rusqlite::params![id, t],
            )
            .unwrap();
        }
        for (key, value) in [
            ("llm.meeting.1.enabled", "false"),
            ("llm.meeting.2.enabled", "true"),
            ("llm.meeting.99.enabled", "false"),
            ("llm.settings", r#"{"kept":true}"#),
        ] {
            conn.execute(
                "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3)",
                rusqlite::params![key, value, t],
            )
            .unwrap();
        }
    }

    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_SCHEMA_VERSION);
    assert!(
        !store.meeting_llm_enabled(1).unwrap(),
        "switched off before"
    );
    assert!(!store.meeting(1).unwrap().llm_enabled);
    assert!(store.meeting_llm_enabled(2).unwrap());
    assert!(
        store.meeting_llm_enabled(3).unwrap(),
        "on unless switched off"
    );
    for id in [1, 2, 99] {
        let key = format!("llm.meeting.{id}.enabled");
        assert_eq!(
            store.setting::<bool>(&key).unwrap(),
            None,
            "{key} is gone from the settings"
        );
    }
    assert_eq!(
        store.setting::<serde_json::Value>("llm.settings").unwrap(),
        Some(serde_json::json!({ "kept": true })),
        "other settings stay"
    );

    // A meeting created since takes its switch with it, and the switch goes with it.
    let mut new = onno_store::NewMeeting::new(
        "Private",
        onno_store::MeetingType::General,
        "2026-11-03T09:00:00Z",
    );
    new.llm_enabled = false;
    let private = store.create_meeting(&new).unwrap();
    assert!(!private.llm_enabled);
    store.set_meeting_llm_enabled(private.id, true).unwrap();
    assert!(store.meeting_llm_enabled(private.id).unwrap());
    store.delete_meeting(private.id).unwrap();
    assert_eq!(
        store.meeting_llm_enabled(private.id).unwrap_err().kind(),
        ErrorKind::NotFound
    );
}
