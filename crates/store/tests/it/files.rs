use onno_store::{
    Confidence, DataCategory, DataValue, ErrorKind, FileCategory, FileContent, FilePart,
    FilePartKind, HitKind, MeetingType, NewRelationship, NewRelationshipData, NewRelationshipFile,
    Page, RelationshipType, SearchQuery,
};

use crate::{meeting, test_store};

fn deck() -> NewRelationshipFile {
    NewRelationshipFile {
        category: FileCategory::PitchDeck,
        tags: vec!["seed".into()],
        description: "Seed deck".into(),
        meeting_id: None,
        extracted_text: Some("MRR $50K".into()),
    }
}

#[test]
fn an_attached_file_is_a_copy_that_outlives_the_original() {
    let s = test_store();
    let rel = s
        .create_relationship(&NewRelationship::new("Acme", RelationshipType::Deal))
        .unwrap();
    let outside = tempfile::tempdir().unwrap();
    let original = outside.path().join("Acme deck.pdf");
    std::fs::write(&original, b"%PDF-1.7 deck bytes").unwrap();

    let file = s.add_relationship_file(rel.id, &original, &deck()).unwrap();
    assert_eq!(file.name, "Acme deck.pdf");
    assert_eq!(file.media_type, "application/pdf");
    assert_eq!(file.size_bytes, 19);
    assert_eq!(file.sha256.len(), 64);
    std::fs::remove_file(&original).unwrap();
    let stored = s.relationship_file_path(&file);
    assert!(stored.starts_with(s.dir.path()));
    assert_eq!(std::fs::read(&stored).unwrap(), b"%PDF-1.7 deck bytes");

    // The same file attached again is the same attachment.
    std::fs::write(&original, b"%PDF-1.7 deck bytes").unwrap();
    let twin = s.add_relationship_file(rel.id, &original, &deck()).unwrap();
    assert_eq!(twin.id, file.id);
    assert_eq!(s.relationship_files(rel.id).unwrap().len(), 1);
    s.delete_relationship_file(twin.id).unwrap();
    assert!(!s.relationship_file_path(&twin).exists());
    assert!(s.relationship_files(rel.id).unwrap().is_empty());
}

#[test]
fn deleting_a_relationship_says_what_goes_and_takes_its_files_and_facts() {
    let s = test_store();
    let rel = s
        .create_relationship(&NewRelationship::new("Acme", RelationshipType::Deal))
        .unwrap();
    let outside = tempfile::tempdir().unwrap();
    let original = outside.path().join("deck.pdf");
    std::fs::write(&original, b"%PDF-1.7 deck bytes").unwrap();
    let file = s.add_relationship_file(rel.id, &original, &deck()).unwrap();
    s.add_relationship_data(&fact(rel.id, "mrr", 50_000.0, "call"))
        .unwrap();
    let mut m = onno_store::NewMeeting::new("Intro", MeetingType::General, "2026-11-01T00:00:00Z");
    m.relationship_id = Some(rel.id);
    let kept = s.create_meeting(&m).unwrap();

    let goes = s.relationship_footprint(rel.id).unwrap();
    assert_eq!(
        (goes.facts, goes.files, goes.file_bytes, goes.meetings_kept),
        (1, 1, 19, 1)
    );
    s.delete_relationship(rel.id).unwrap();
    assert!(!s.relationship_file_path(&file).exists());
    assert_eq!(s.meeting(kept.id).unwrap().relationship_id, None);
    let gone = s.relationship_footprint(rel.id).unwrap_err();
    assert_eq!(gone.kind(), ErrorKind::NotFound);
}

fn fact(relationship_id: i64, key: &str, value: f64, source: &str) -> NewRelationshipData {
    NewRelationshipData {
        relationship_id,
        category: DataCategory::Metrics,
        key: key.into(),
        value: DataValue::Number(value),
        unit: Some("$".into()),
        source: source.into(),
        confidence: Confidence::Unverified,
        meeting_id: None,
        recorded_at: None,
    }
}

#[test]
fn a_files_text_is_searchable_by_part_and_its_facts_are_recorded_once() {
    let s = test_store();
    let rel = s
        .create_relationship(&NewRelationship::new("Acme", RelationshipType::Deal))
        .unwrap();
    let outside = tempfile::tempdir().unwrap();
    let path = outside.path().join("deck.pdf");
    std::fs::write(&path, b"%PDF-1.7 two pages").unwrap();
    let part = |number: u32, text: &str| FilePart {
        kind: FilePartKind::Page,
        number,
        label: String::new(),
        text: text.into(),
    };
    let content = FileContent {
        parts: vec![part(1, "세무 자동화 플랫폼"), part(12, "MRR is $50K")],
        facts: vec![fact(rel.id, "mrr", 50_000.0, "deck.pdf p.12")],
    };
    let added = s
        .add_relationship_file_with_content(rel.id, &path, &deck(), &content)
        .unwrap();
    assert_eq!((added.parts, added.facts.len()), (2, 1));
    assert_eq!(
        s.relationship_file_parts(added.file.id).unwrap()[1].number,
        12
    );

    let hits = s.search(&SearchQuery::new("MRR")).unwrap().hits;
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].kind, HitKind::File);
    assert_eq!(hits[0].file_name.as_deref(), Some("deck.pdf"));
    assert_eq!(hits[0].place.as_deref(), Some("p.12"));
    assert_eq!(hits[0].relationship_name.as_deref(), Some("Acme"));
    // Filtering by meeting leaves files out; by relationship keeps them.
    let mut q = SearchQuery::new("세무");
    q.relationship_id = Some(rel.id);
    assert_eq!(s.search(&q).unwrap().total, 1);
    q.meeting_type = Some(MeetingType::Sales);
    assert_eq!(s.search(&q).unwrap().total, 0);

    // Again: the same attachment, no second fact.
    let again = s
        .add_relationship_file_with_content(rel.id, &path, &deck(), &content)
        .unwrap();
    assert!(again.already_attached);
    assert!(again.facts.is_empty());
    assert_eq!(
        s.relationship_data(rel.id, Page::default()).unwrap().total,
        1
    );
    assert_eq!(s.search(&SearchQuery::new("MRR")).unwrap().total, 1);

    // Parts numbered twice, or a fact of another relationship: nothing stored.
    let other = s
        .create_relationship(&NewRelationship::new("Beta", RelationshipType::Deal))
        .unwrap();
    let bad = [
        FileContent {
            parts: vec![part(2, "a"), part(2, "b")],
            facts: vec![],
        },
        FileContent {
            parts: vec![],
            facts: vec![fact(rel.id, "mrr", 1.0, "x")],
        },
    ];
    for content in &bad {
        let e = s
            .add_relationship_file_with_content(other.id, &path, &deck(), content)
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Invalid);
    }
    assert!(s.relationship_files(other.id).unwrap().is_empty());

    // Removing the file removes its text from search; its facts stay.
    s.delete_relationship_file(added.file.id).unwrap();
    assert_eq!(s.search(&SearchQuery::new("MRR")).unwrap().total, 0);
    assert!(s.relationship_file_parts(added.file.id).unwrap().is_empty());
    assert_eq!(
        s.relationship_data(rel.id, Page::default()).unwrap().total,
        1
    );

    // Deleting the relationship takes its files' text out of search.
    let again = s
        .add_relationship_file_with_content(rel.id, &path, &deck(), &content)
        .unwrap();
    assert_eq!(s.search(&SearchQuery::new("MRR")).unwrap().total, 1);
    s.delete_relationship(rel.id).unwrap();
    assert_eq!(s.search(&SearchQuery::new("MRR")).unwrap().total, 0);
    assert!(s.relationship_file_parts(again.file.id).unwrap().is_empty());
}

/// Text a version 8 database kept in the file's one column is searchable after the
/// upgrade.
#[test]
fn text_kept_before_version_9_becomes_a_searchable_part() {
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema-v8.db");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(onno_store::DATABASE_FILE_NAME);
    std::fs::copy(&fixture, &db).unwrap();
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "INSERT INTO relationship_files (relationship_id, name, media_type, size_bytes, sha256,
            category, stored_path, extracted_text, added_at)
         VALUES (1, 'memo.txt', 'text/plain', 5, ?1, 'contract', 'files/1/x-memo.txt',
                 '세무 자동화', '2026-11-02T09:00:00Z')",
        [&"0".repeat(64)],
    )
    .unwrap();
    drop(conn);
    let s = onno_store::Store::open(dir.path()).unwrap();
    let hits = s.search(&SearchQuery::new("자동화")).unwrap().hits;
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].kind, HitKind::File);
    assert_eq!(hits[0].place.as_deref(), Some(""));
}

#[test]
fn a_missing_source_file_is_a_clear_error_and_leaves_no_row() {
    let s = test_store();
    let rel = s
        .create_relationship(&NewRelationship::new("Acme", RelationshipType::Deal))
        .unwrap();
    let err = s
        .add_relationship_file(
            rel.id,
            std::path::Path::new("/nonexistent/deck.pdf"),
            &deck(),
        )
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Io);
    assert!(err.to_string().contains("deck.pdf"), "{err}");
    assert!(s.relationship_files(rel.id).unwrap().is_empty());
}

#[test]
fn relationship_data_keeps_typed_values_sources_and_confidence() {
    let s = test_store();
    let rel = s
        .create_relationship(&NewRelationship::new("Acme", RelationshipType::Deal))
        .unwrap();
    let m = meeting(&s, "Pitch", "2026-11-02T03:00:00Z");
    let values = [
        ("MRR", DataValue::Number(50_000.0), Some("$")),
        ("founded", DataValue::Date("2024-03-01".into()), None),
        ("model", DataValue::Text("B2B SaaS".into()), None),
        (
            "mix",
            DataValue::Json(serde_json::json!({"kr": 0.7, "us": 0.3})),
            None,
        ),
    ];
    for (key, value, unit) in &values {
        s.add_relationship_data(&NewRelationshipData {
            relationship_id: rel.id,
            category: DataCategory::Metrics,
            key: (*key).into(),
            value: value.clone(),
            unit: unit.map(Into::into),
            source: "meeting 2026-11-02 at 12:34".into(),
            confidence: Confidence::Unverified,
            meeting_id: Some(m),
            recorded_at: Some("2026-11-02".into()),
        })
        .unwrap();
    }
    let rows = s.relationship_data(rel.id, Page::default()).unwrap();
    assert_eq!(rows.total, 4);
    // The figures of one meeting, in the order they were heard.
    let heard: Vec<String> = s
        .meeting_data(m)
        .unwrap()
        .into_iter()
        .map(|d| d.fields.key)
        .collect();
    assert_eq!(heard, ["MRR", "founded", "model", "mix"]);
    let other = meeting(&s, "Other", "2026-11-03T03:00:00Z");
    assert!(s.meeting_data(other).unwrap().is_empty());
    let mrr = rows.items.iter().find(|r| r.fields.key == "MRR").unwrap();
    assert_eq!(mrr.fields.value, DataValue::Number(50_000.0));
    assert_eq!(mrr.fields.unit.as_deref(), Some("$"));
    let checked = s
        .set_relationship_data_confidence(mrr.id, Confidence::Verified)
        .unwrap();
    assert_eq!(checked.fields.confidence, Confidence::Verified);
    for (key, value, _) in &values {
        assert!(
            rows.items
                .iter()
                .any(|r| &r.fields.key == key && &r.fields.value == value)
        );
    }

    // Removing a fact: one typed in by hand is gone; one heard in a meeting is hidden
    // but still known as heard there.
    let founded = rows
        .items
        .iter()
        .find(|r| r.fields.key == "founded")
        .unwrap();
    s.delete_relationship_data(mrr.id).unwrap();
    let shown = s.relationship_data(rel.id, Page::default()).unwrap();
    assert_eq!(shown.total, 3);
    assert!(shown.items.iter().all(|r| r.id != mrr.id));
    assert_eq!(
        s.relationship_datum(mrr.id).unwrap_err().kind(),
        ErrorKind::NotFound
    );
    assert!(s.facts_heard_in(m).unwrap().iter().any(|r| r.id == mrr.id));
    assert_eq!(
        s.delete_relationship_data(mrr.id).unwrap_err().kind(),
        ErrorKind::NotFound
    );
    let by_hand = s
        .add_relationship_data(&NewRelationshipData {
            meeting_id: None,
            ..founded.fields.clone()
        })
        .unwrap();
    s.delete_relationship_data(by_hand.id).unwrap();
    assert!(
        s.facts_heard_in(m)
            .unwrap()
            .iter()
            .all(|r| r.id != by_hand.id)
    );
    assert_eq!(
        s.relationship_data(rel.id, Page::default()).unwrap().total,
        3
    );

    let bad = NewRelationshipData {
        relationship_id: 777,
        category: DataCategory::Team,
        key: "headcount".into(),
        value: DataValue::Number(12.0),
        unit: Some("명".into()),
        source: String::new(),
        confidence: Confidence::Estimated,
        meeting_id: None,
        recorded_at: None,
    };
    assert_eq!(
        s.add_relationship_data(&bad).unwrap_err().kind(),
        ErrorKind::NotFound
    );
}
