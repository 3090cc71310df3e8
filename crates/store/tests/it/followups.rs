use onno_store::{
    ActionItemStatus, ErrorKind, NewActionItem, NewAiQuestion, Page, QuestionAction,
    QuestionPriority, SummaryInput,
};

use crate::{meeting, test_store};

#[test]
fn questions_record_what_the_user_did_with_them() {
    let s = test_store();
    let id = meeting(&s, "Call", "2026-11-02T10:00:00Z");
    let q = s
        .add_question(&NewAiQuestion {
            meeting_id: id,
            text: "What is your LTV?".into(),
            priority: QuestionPriority::Critical,
            reason: "LTV not discussed yet; CAC was $30".into(),
        })
        .unwrap();
    assert_eq!(q.user_action, None);
    let used = s.set_question_action(q.id, QuestionAction::Used).unwrap();
    assert_eq!(used.user_action, Some(QuestionAction::Used));
    assert!(used.actioned_at.is_some());
    assert_eq!(s.questions(id).unwrap(), vec![used]);
}

#[test]
fn action_items_start_pending_and_validate_dates() {
    let s = test_store();
    let id = meeting(&s, "Call", "2026-11-02T10:00:00Z");
    let mut item = NewActionItem {
        meeting_id: id,
        text: "Send the data room link".into(),
        assignee: Some("김민수".into()),
        due_date: Some("2026-11-06".into()),
        confidence: Some(0.8),
    };
    let created = s.add_action_item(&item).unwrap();
    assert_eq!(created.status, ActionItemStatus::Pending);
    let approved = s
        .set_action_item_status(created.id, ActionItemStatus::Approved)
        .unwrap();
    assert_eq!(approved.status, ActionItemStatus::Approved);
    assert_eq!(s.action_items(id).unwrap().len(), 1);

    item.due_date = Some("next friday".into());
    assert_eq!(
        s.add_action_item(&item).unwrap_err().kind(),
        ErrorKind::Invalid
    );
    item.due_date = None;
    item.meeting_id = 9_999;
    assert_eq!(
        s.add_action_item(&item).unwrap_err().kind(),
        ErrorKind::NotFound
    );
}

#[test]
fn a_summary_is_replaced_not_duplicated() {
    let s = test_store();
    let id = meeting(&s, "Call", "2026-11-02T10:00:00Z");
    let mut input = SummaryInput {
        content: "First draft".into(),
        key_points: vec!["MRR $50K".into()],
        decisions: vec!["Second meeting".into()],
        missed_questions: vec!["LTV?".into()],
    };
    s.save_summary(id, &input).unwrap();
    input.content = "Final".into();
    let saved = s.save_summary(id, &input).unwrap();
    assert_eq!(saved.body, input);
    assert_eq!(
        s.search(&onno_store::SearchQuery::new("draft"))
            .unwrap()
            .total,
        0
    );
    assert_eq!(
        s.search(&onno_store::SearchQuery::new("final"))
            .unwrap()
            .total,
        1
    );
}

#[test]
fn notes_are_edited_searched_and_deleted() {
    let s = test_store();
    let id = meeting(&s, "Call", "2026-11-02T10:00:00Z");
    let note = s.add_note(id, "팀 구성이 인상적").unwrap();
    s.update_note(note.id, "팀 구성이 탄탄함").unwrap();
    assert_eq!(
        s.search(&onno_store::SearchQuery::new("탄탄"))
            .unwrap()
            .total,
        1
    );
    assert_eq!(
        s.search(&onno_store::SearchQuery::new("인상적"))
            .unwrap()
            .total,
        0
    );
    s.delete_note(note.id).unwrap();
    assert!(s.notes(id).unwrap().is_empty());
    assert_eq!(
        s.search(&onno_store::SearchQuery::new("탄탄"))
            .unwrap()
            .total,
        0
    );
    assert_eq!(
        s.audit_log(Page::default()).unwrap().items[0].resource,
        format!("note/{}", note.id)
    );
}

#[test]
fn settings_and_profile_round_trip() {
    let s = test_store();
    assert_eq!(s.setting::<bool>("llm.enabled").unwrap(), None);
    s.set_setting("llm.enabled", &true).unwrap();
    assert_eq!(s.setting::<bool>("llm.enabled").unwrap(), Some(true));
    s.set_setting("retention.days", &30).unwrap();
    assert_eq!(s.setting::<u32>("retention.days").unwrap(), Some(30));

    let mut profile: onno_store::ProfileUpdate = s.profile().unwrap().into();
    assert_eq!(profile.timezone, "Asia/Seoul");
    profile.name = "Jiwoo".into();
    profile.locale = onno_store::Locale::En;
    profile.domains = vec![onno_store::DomainLevel {
        domain: "saas".into(),
        level: 4,
    }];
    let saved = s.update_profile(&profile).unwrap();
    assert_eq!(saved.name, "Jiwoo");
    assert_eq!(saved.domains[0].level, 4);
    profile.domains[0].level = 9;
    assert_eq!(
        s.update_profile(&profile).unwrap_err().kind(),
        ErrorKind::Invalid
    );
}

#[test]
fn outside_actions_are_audited() {
    let s = test_store();
    s.record_audit(
        "export",
        "meeting/1",
        &serde_json::json!({ "format": "md" }),
    )
    .unwrap();
    s.record_audit("key_change", "llm_api_key", &serde_json::json!({}))
        .unwrap();
    let log = s.audit_log(Page::new(10, 0)).unwrap();
    let actions: Vec<_> = log.items.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["key_change", "export"]);
}

#[test]
fn a_meetings_notes_are_saved_as_one_text_as_the_user_types() {
    let s = test_store();
    let id = meeting(&s, "Call", "2026-11-02T10:00:00Z");
    // Nothing typed yet: nothing stored.
    assert_eq!(s.save_meeting_notes(id, "  ").unwrap(), None);
    assert!(s.notes(id).unwrap().is_empty());
    let first = s.save_meeting_notes(id, "런웨이 확인").unwrap().unwrap();
    let second = s
        .save_meeting_notes(id, "런웨이 확인\nAsk about churn\n")
        .unwrap()
        .unwrap();
    // The same note, updated in place, and searchable.
    assert_eq!(first.id, second.id);
    assert_eq!(second.body, "런웨이 확인\nAsk about churn");
    assert_eq!(s.notes(id).unwrap(), vec![second]);
    assert_eq!(
        s.search(&onno_store::SearchQuery::new("churn"))
            .unwrap()
            .total,
        1
    );
    // Emptied, the note goes.
    assert_eq!(s.save_meeting_notes(id, "").unwrap(), None);
    assert!(s.notes(id).unwrap().is_empty());
    // A meeting that does not exist is a clear error, not a stray row.
    let err = s.save_meeting_notes(id + 1_000, "x").unwrap_err();
    assert_eq!(err.kind(), onno_store::ErrorKind::NotFound, "{err}");
}
