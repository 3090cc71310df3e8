use onno_store::{
    Confidence, DataCategory, DataValue, ErrorKind, FileCategory, NewRelationship,
    NewRelationshipData, NewRelationshipFile, Page, RelationshipType,
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

    // The same bytes attached twice share a copy; deleting one keeps the other's.
    std::fs::write(&original, b"%PDF-1.7 deck bytes").unwrap();
    let twin = s.add_relationship_file(rel.id, &original, &deck()).unwrap();
    s.delete_relationship_file(file.id).unwrap();
    assert!(s.relationship_file_path(&twin).exists());
    s.delete_relationship_file(twin.id).unwrap();
    assert!(!s.relationship_file_path(&twin).exists());
    assert!(s.relationship_files(rel.id).unwrap().is_empty());
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
