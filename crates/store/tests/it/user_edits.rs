use onno_store::{ActionItemEdit, ActionItemStatus, ErrorKind, NewActionItem, SummaryInput};

use crate::{meeting, test_store};

fn item(meeting_id: i64, text: &str) -> NewActionItem {
    NewActionItem {
        meeting_id,
        text: text.into(),
        assignee: None,
        due_date: None,
        confidence: Some(0.7),
    }
}

#[test]
fn an_edited_action_item_keeps_the_models_text_aside() {
    let s = test_store();
    let id = meeting(&s, "Call", "2026-11-02T10:00:00Z");
    let created = s.add_action_item(&item(id, "send deck")).unwrap();
    let edit = ActionItemEdit {
        text: "Send the Q3 deck to Mina".into(),
        assignee: Some("Mina".into()),
        due_date: Some("2026-11-09".into()),
    };
    let edited = s.edit_action_item(created.id, &edit).unwrap();
    assert_eq!(edited.text, "Send the Q3 deck to Mina");
    assert_eq!(edited.assignee.as_deref(), Some("Mina"));
    assert_eq!(edited.due_date.as_deref(), Some("2026-11-09"));
    assert_eq!(edited.model_text.as_deref(), Some("send deck"));

    // A second edit keeps the model's first text, not the user's previous one.
    let again = s
        .edit_action_item(
            created.id,
            &ActionItemEdit {
                due_date: Some(" ".into()),
                ..edit
            },
        )
        .unwrap();
    assert_eq!(again.model_text.as_deref(), Some("send deck"));
    assert_eq!(again.due_date, None, "a blank date clears it");
    let known = s.known_action_item_texts(id).unwrap();
    assert!(known.contains(&"send deck".to_owned()), "{known:?}");
    assert!(known.contains(&"Send the Q3 deck to Mina".to_owned()));

    // Marked complete, as the user ticks it off.
    let done = s
        .set_action_item_status(created.id, ActionItemStatus::Completed)
        .unwrap();
    assert_eq!(done.status, ActionItemStatus::Completed);
}

#[test]
fn bad_edits_are_refused_and_change_nothing() {
    let s = test_store();
    let id = meeting(&s, "Call", "2026-11-02T10:00:00Z");
    let created = s.add_action_item(&item(id, "Book the follow-up")).unwrap();
    let blank = ActionItemEdit {
        text: "  ".into(),
        assignee: None,
        due_date: None,
    };
    assert_eq!(
        s.edit_action_item(created.id, &blank).unwrap_err().kind(),
        ErrorKind::Invalid
    );
    let bad_date = ActionItemEdit {
        text: "Book it".into(),
        assignee: None,
        due_date: Some("next friday".into()),
    };
    assert_eq!(
        s.edit_action_item(created.id, &bad_date)
            .unwrap_err()
            .kind(),
        ErrorKind::Invalid
    );
    assert_eq!(
        s.edit_action_item(9_999, &bad_date).unwrap_err().kind(),
        ErrorKind::Invalid,
        "the input is checked before the row is looked for"
    );
    assert_eq!(s.action_item(created.id).unwrap(), created);
}

#[test]
fn a_removed_action_item_is_gone_from_lists_but_still_known() {
    let s = test_store();
    let id = meeting(&s, "Call", "2026-11-02T10:00:00Z");
    let kept = s.add_action_item(&item(id, "Share the cap table")).unwrap();
    let gone = s.add_action_item(&item(id, "Intro to the CTO")).unwrap();
    s.remove_action_item(gone.id).unwrap();

    assert_eq!(s.action_items(id).unwrap(), vec![kept]);
    assert_eq!(
        s.action_item(gone.id).unwrap_err().kind(),
        ErrorKind::NotFound
    );
    assert_eq!(
        s.remove_action_item(gone.id).unwrap_err().kind(),
        ErrorKind::NotFound
    );
    assert_eq!(
        s.set_action_item_status(gone.id, ActionItemStatus::Approved)
            .unwrap_err()
            .kind(),
        ErrorKind::NotFound
    );
    assert!(
        s.known_action_item_texts(id)
            .unwrap()
            .contains(&"Intro to the CTO".to_owned()),
        "analysing again must not bring it back"
    );
}

#[test]
fn an_edited_summary_is_not_replaced_by_the_next_analysis() {
    let s = test_store();
    let id = meeting(&s, "Call", "2026-11-02T10:00:00Z");
    let model = SummaryInput {
        content: "The model's summary".into(),
        ..SummaryInput::default()
    };
    let first = s.save_summary(id, &model).unwrap();
    assert_eq!(first.edited_at, None);

    let mine = SummaryInput {
        content: "My own words about the call".into(),
        key_points: vec!["MRR $50K".into()],
        ..SummaryInput::default()
    };
    let edited = s.edit_summary(id, &mine).unwrap();
    assert!(edited.edited_at.is_some());

    let after = s
        .save_summary(
            id,
            &SummaryInput {
                content: "A newer model summary".into(),
                ..SummaryInput::default()
            },
        )
        .unwrap();
    assert_eq!(after.body, mine, "the user's summary stands");
    let found = s
        .search(&onno_store::SearchQuery::new("own words"))
        .unwrap()
        .total;
    assert_eq!(found, 1, "search sees the user's summary");
    assert_eq!(
        s.edit_summary(id, &SummaryInput::default()).unwrap().body,
        SummaryInput::default(),
        "an emptied summary is the user's choice"
    );
}

#[test]
fn a_corrected_figure_is_verified_and_the_misheard_one_stays_dismissed() {
    use onno_store::{
        Confidence, DataCategory, DataValue, NewRelationship, NewRelationshipData, RelationshipType,
    };
    let s = test_store();
    let id = meeting(&s, "Call", "2026-11-02T10:00:00Z");
    let relationship = s
        .create_relationship(&NewRelationship::new("Acme", RelationshipType::Deal))
        .unwrap()
        .id;
    let heard = s
        .add_relationship_data(&NewRelationshipData {
            relationship_id: relationship,
            category: DataCategory::Metrics,
            key: "mrr".into(),
            value: DataValue::Number(15_000.0),
            unit: Some("USD".into()),
            source: "meeting 1 at 00:12".into(),
            confidence: Confidence::Unverified,
            meeting_id: Some(id),
            recorded_at: Some("2026-11-02".into()),
        })
        .unwrap();
    let fixed = s
        .correct_relationship_data(heard.id, DataValue::Number(50_000.0))
        .unwrap();
    assert_ne!(fixed.id, heard.id);
    assert_eq!(fixed.fields.value, DataValue::Number(50_000.0));
    assert_eq!(fixed.fields.confidence, Confidence::Verified);
    assert_eq!(fixed.fields.source, heard.fields.source);
    assert_eq!(fixed.fields.recorded_at, heard.fields.recorded_at);

    let shown = s
        .relationship_data(relationship, Default::default())
        .unwrap();
    assert_eq!(
        shown.items,
        vec![fixed.clone()],
        "only the corrected figure shows"
    );
    let known = s.facts_heard_in(id).unwrap();
    assert!(
        known
            .iter()
            .any(|f| f.fields.value == DataValue::Number(15_000.0)),
        "the misheard value stays known, so analysing again does not add it back"
    );
    assert_eq!(
        s.correct_relationship_data(heard.id, DataValue::Number(1.0))
            .unwrap_err()
            .kind(),
        ErrorKind::NotFound,
        "the dismissed figure cannot be corrected again"
    );
    let audit = s.audit_log(Default::default()).unwrap();
    assert!(
        audit.items.iter().any(|e| e.action == "correct"),
        "{audit:?}"
    );
}
