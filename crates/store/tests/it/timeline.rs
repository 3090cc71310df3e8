use onno_store::{
    ActionItemStatus, Confidence, DataCategory, DataValue, ErrorKind, MeetingType, NewActionItem,
    NewMeeting, NewRelationship, NewRelationshipData, RelationshipStatus, RelationshipType, Store,
    SummaryInput,
};

use crate::{meeting, test_store};

fn meeting_with(s: &Store, relationship_id: i64, title: &str, started_at: &str) -> i64 {
    let mut m = NewMeeting::new(title, MeetingType::General, started_at);
    m.relationship_id = Some(relationship_id);
    s.create_meeting(&m).unwrap().id
}

fn item(s: &Store, meeting_id: i64, text: &str) -> i64 {
    s.add_action_item(&NewActionItem {
        meeting_id,
        text: text.into(),
        assignee: None,
        due_date: None,
        confidence: None,
    })
    .unwrap()
    .id
}

fn figure(s: &Store, relationship_id: i64, meeting_id: Option<i64>, value: f64) -> i64 {
    s.add_relationship_data(&NewRelationshipData {
        relationship_id,
        category: DataCategory::Metrics,
        key: "MRR".into(),
        value: DataValue::Number(value),
        unit: Some("$".into()),
        source: "meeting".into(),
        confidence: Confidence::Unverified,
        meeting_id,
        recorded_at: None,
    })
    .unwrap()
    .id
}

#[test]
fn a_timeline_shows_each_meeting_with_its_open_items_and_figures() {
    let s = test_store();
    let acme = s
        .create_relationship(&NewRelationship::new("Acme", RelationshipType::Deal))
        .unwrap()
        .id;
    let other = s
        .create_relationship(&NewRelationship::new("Other", RelationshipType::Deal))
        .unwrap()
        .id;
    let first = meeting_with(&s, acme, "Intro", "2026-09-01T10:00:00Z");
    let second = meeting_with(&s, acme, "Follow-up", "2026-10-01T10:00:00Z");
    meeting_with(&s, other, "Elsewhere", "2026-10-02T10:00:00Z");
    s.save_summary(
        second,
        &SummaryInput {
            content: "\n  MRR grew to $60K.  \nMore detail.".into(),
            ..SummaryInput::default()
        },
    )
    .unwrap();
    let open = item(&s, second, "Send the deck");
    let approved = item(&s, second, "Book the partner meeting");
    s.set_action_item_status(approved, ActionItemStatus::Approved)
        .unwrap();
    let done = item(&s, second, "Sign the NDA");
    s.set_action_item_status(done, ActionItemStatus::Completed)
        .unwrap();
    let rejected = item(&s, second, "Not a task");
    s.set_action_item_status(rejected, ActionItemStatus::Rejected)
        .unwrap();
    let removed = item(&s, second, "Removed by the user");
    s.remove_action_item(removed).unwrap();
    let heard = figure(&s, acme, Some(second), 60_000.0);
    let dismissed = figure(&s, acme, Some(second), 1.0);
    s.delete_relationship_data(dismissed).unwrap();
    figure(&s, acme, None, 70_000.0);

    let timeline = s.relationship_timeline(acme).unwrap();
    let ids: Vec<i64> = timeline.iter().map(|e| e.meeting.id).collect();
    assert_eq!(
        ids,
        vec![second, first],
        "newest first, only this relationship's"
    );
    let latest = &timeline[0];
    assert_eq!(latest.summary_line.as_deref(), Some("MRR grew to $60K."));
    let items: Vec<i64> = latest.open_action_items.iter().map(|a| a.id).collect();
    assert_eq!(items, vec![open, approved]);
    let figures: Vec<i64> = latest.figures.iter().map(|f| f.id).collect();
    assert_eq!(
        figures,
        vec![heard],
        "not dismissed, not one without a meeting"
    );
    assert_eq!(timeline[1].summary_line, None);
    assert!(timeline[1].open_action_items.is_empty());

    assert_eq!(
        s.relationship_timeline(9_999).unwrap_err().kind(),
        ErrorKind::NotFound
    );
}

#[test]
fn due_relationships_are_active_ones_met_before_the_given_time() {
    let s = test_store();
    let with_next = |name: &str, next: Option<&str>, status: RelationshipStatus| {
        let mut r = NewRelationship::new(name, RelationshipType::Client);
        r.next_meeting_at = next.map(str::to_owned);
        r.status = status;
        s.create_relationship(&r).unwrap().id
    };
    let overdue = with_next(
        "Overdue",
        Some("2026-11-01T09:00:00Z"),
        RelationshipStatus::Active,
    );
    let today = with_next(
        "Today",
        Some("2026-11-03T09:00:00+09:00"),
        RelationshipStatus::Active,
    );
    with_next(
        "Later",
        Some("2026-11-10T09:00:00Z"),
        RelationshipStatus::Active,
    );
    with_next("None", None, RelationshipStatus::Active);
    with_next(
        "Archived",
        Some("2026-10-01T09:00:00Z"),
        RelationshipStatus::Archived,
    );

    let due = s.due_relationships("2026-11-03T23:59:59+09:00").unwrap();
    let ids: Vec<i64> = due.iter().map(|r| r.id).collect();
    assert_eq!(ids, vec![overdue, today]);
    assert_eq!(
        s.due_relationships("tomorrow").unwrap_err().kind(),
        ErrorKind::Invalid
    );
}

#[test]
fn pending_action_items_span_meetings_and_leave_out_decided_and_removed_ones() {
    let s = test_store();
    let older = meeting(&s, "Older", "2026-10-01T10:00:00Z");
    let newer = meeting(&s, "Newer", "2026-11-01T10:00:00Z");
    let a = item(&s, older, "From the older meeting");
    let b = item(&s, newer, "From the newer meeting");
    let approved = item(&s, newer, "Approved already");
    s.set_action_item_status(approved, ActionItemStatus::Approved)
        .unwrap();
    let removed = item(&s, newer, "Removed");
    s.remove_action_item(removed).unwrap();

    let pending = s.pending_action_items().unwrap();
    let ids: Vec<i64> = pending.iter().map(|p| p.item.id).collect();
    assert_eq!(ids, vec![b, a]);
    assert_eq!(pending[0].meeting_title, "Newer");
    assert_eq!(pending[0].meeting_started_at, "2026-11-01T10:00:00Z");
    assert_eq!(pending[0].item.text, "From the newer meeting");
}
