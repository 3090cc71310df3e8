//! Meetings corrected after the fact, and meetings brought in from files.

use onno_store::{
    Confidence, DataCategory, DataValue, ErrorKind, MeetingEdit, MeetingFilter, MeetingStatus,
    MeetingType, NewMeeting, NewParticipant, NewRelationship, NewRelationshipData, Page,
    ParticipantRole, RelationshipType, SearchQuery, SegmentSource, Store, TranscriptLine,
};

use crate::{meeting, test_store};

fn relationship(s: &Store, name: &str) -> i64 {
    s.create_relationship(&NewRelationship::new(name, RelationshipType::Deal))
        .unwrap()
        .id
}

fn fact(s: &Store, relationship_id: i64, meeting_id: Option<i64>, key: &str) -> i64 {
    s.add_relationship_data(&NewRelationshipData {
        relationship_id,
        category: DataCategory::Metrics,
        key: key.into(),
        value: DataValue::Number(50_000.0),
        unit: Some("$".into()),
        source: "heard in a meeting".into(),
        confidence: Confidence::Unverified,
        meeting_id,
        recorded_at: None,
    })
    .unwrap()
    .id
}

fn person(name: &str, email: Option<&str>, role: ParticipantRole) -> NewParticipant {
    NewParticipant {
        name: name.into(),
        email: email.map(str::to_owned),
        role,
    }
}

fn keys(s: &Store, relationship_id: i64) -> Vec<String> {
    s.relationship_data(relationship_id, Page::new(100, 0))
        .unwrap()
        .items
        .into_iter()
        .map(|d| d.fields.key)
        .collect()
}

#[test]
fn an_edit_changes_title_type_relationship_and_participants() {
    let s = test_store();
    let acme = relationship(&s, "Acme AI");
    let id = meeting(&s, "Call", "2026-11-02T10:00:00Z");
    let before = s.meeting(id).unwrap();

    let edited = s
        .edit_meeting(
            id,
            &MeetingEdit {
                title: "  Acme screening ".into(),
                kind: MeetingType::InvestmentScreening,
                relationship_id: Some(acme),
                participants: vec![
                    person("Jiwon", None, ParticipantRole::Host),
                    person("김민수", Some("minsu@acme.ai"), ParticipantRole::Guest),
                ],
            },
        )
        .unwrap();
    assert_eq!(edited.title, "Acme screening");
    assert_eq!(edited.kind, MeetingType::InvestmentScreening);
    assert_eq!(edited.relationship_name.as_deref(), Some("Acme AI"));
    assert_ne!(
        edited.checklist_id, before.checklist_id,
        "the new type's checklist"
    );
    let checklist = s.checklist(edited.checklist_id.unwrap()).unwrap();
    assert_eq!(checklist.meeting_type, MeetingType::InvestmentScreening);
    let people = s.participants(id).unwrap();
    let names: Vec<&str> = people.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Jiwon", "김민수"]);
    assert_eq!(people[1].email.as_deref(), Some("minsu@acme.ai"));

    // The relationship's timeline lists it, and counts it as an interaction.
    let filter = MeetingFilter {
        relationship_id: Some(acme),
        ..MeetingFilter::default()
    };
    let listed = s.list_meetings(&filter, Page::new(10, 0)).unwrap();
    assert_eq!(listed.items.iter().map(|m| m.id).collect::<Vec<_>>(), [id]);
    let acme_row = s.relationship(acme).unwrap();
    assert_eq!(
        acme_row.last_interaction_at.as_deref(),
        Some("2026-11-02T10:00:00Z")
    );

    // A second edit replaces the participants rather than adding to them.
    let mut again = MeetingEdit {
        title: "Acme screening".into(),
        kind: MeetingType::InvestmentScreening,
        relationship_id: Some(acme),
        participants: vec![person("Jiwon", None, ParticipantRole::Host)],
    };
    s.edit_meeting(id, &again).unwrap();
    assert_eq!(s.participants(id).unwrap().len(), 1);

    // Bad input is refused whole: nothing of the edit is kept.
    again.title = "Renamed".into();
    again
        .participants
        .push(person(" ", None, ParticipantRole::Guest));
    assert_eq!(
        s.edit_meeting(id, &again).unwrap_err().kind(),
        ErrorKind::Invalid
    );
    again.participants.pop();
    again.relationship_id = Some(9_999);
    assert_eq!(
        s.edit_meeting(id, &again).unwrap_err().kind(),
        ErrorKind::NotFound
    );
    assert_eq!(s.meeting(id).unwrap().title, "Acme screening");
    assert_eq!(
        s.edit_meeting(4_242, &again).unwrap_err().kind(),
        ErrorKind::NotFound
    );
}

#[test]
fn the_facts_heard_in_a_meeting_move_with_its_relationship() {
    let s = test_store();
    let wrong = relationship(&s, "Wrong Co");
    let right = relationship(&s, "Right Co");
    let mut new = NewMeeting::new(
        "Pitch",
        MeetingType::InvestmentScreening,
        "2026-11-02T10:00:00Z",
    );
    new.relationship_id = Some(wrong);
    let id = s.create_meeting(&new).unwrap().id;
    let older = meeting(&s, "Earlier call", "2026-10-01T10:00:00Z");
    s.edit_meeting(
        older,
        &MeetingEdit {
            title: "Earlier call".into(),
            kind: MeetingType::General,
            relationship_id: Some(wrong),
            participants: Vec::new(),
        },
    )
    .unwrap();
    fact(&s, wrong, Some(id), "mrr");
    fact(&s, wrong, Some(older), "headcount");
    fact(&s, wrong, None, "burn");

    let edit = |to: Option<i64>| MeetingEdit {
        title: "Pitch".into(),
        kind: MeetingType::InvestmentScreening,
        relationship_id: to,
        participants: Vec::new(),
    };
    s.edit_meeting(id, &edit(Some(right))).unwrap();
    assert_eq!(keys(&s, right), ["mrr"], "the meeting's fact moved");
    assert_eq!(keys(&s, wrong), ["burn", "headcount"], "the others stayed");
    // The old relationship's last interaction is its latest remaining meeting.
    assert_eq!(
        s.relationship(wrong)
            .unwrap()
            .last_interaction_at
            .as_deref(),
        Some("2026-10-01T10:00:00Z")
    );
    assert_eq!(
        s.relationship(right)
            .unwrap()
            .last_interaction_at
            .as_deref(),
        Some("2026-11-02T10:00:00Z")
    );

    // Unlinked, the meeting's facts have no relationship to stand in.
    s.edit_meeting(id, &edit(None)).unwrap();
    assert!(keys(&s, right).is_empty());
    assert_eq!(keys(&s, wrong), ["burn", "headcount"]);
    assert_eq!(s.meeting(id).unwrap().relationship_id, None);
}

fn line(start_ms: i64, speaker: &str, text: &str) -> TranscriptLine {
    TranscriptLine {
        start_ms,
        end_ms: start_ms + 2_000,
        source: SegmentSource::File,
        speaker: Some(speaker.into()),
        text: text.into(),
        confidence: None,
    }
}

#[test]
fn an_imported_meeting_is_linked_completed_and_searchable() {
    let s = test_store();
    let acme = relationship(&s, "Acme AI");
    let mut new = NewMeeting::new("Imported call", MeetingType::Sales, "2026-11-02T10:00:00Z");
    new.relationship_id = Some(acme);
    new.language = Some("en".into());
    let m = s
        .import_meeting(
            &new,
            &[
                line(0, "Alice", "Our runway is eighteen months"),
                line(61_000, "Bob", "Pricing next"),
            ],
        )
        .unwrap();
    assert_eq!(m.relationship_name.as_deref(), Some("Acme AI"));
    assert_eq!(m.kind, MeetingType::Sales);
    assert_eq!(m.status, MeetingStatus::Completed);
    assert_eq!(m.duration_ms, Some(63_000));
    assert_eq!(m.segment_count, 2);
    let transcript = s.transcript(m.id).unwrap();
    assert!(transcript.iter().all(|seg| seg.is_final));
    assert_eq!(transcript[0].speaker.as_deref(), Some("Alice"));
    let hits = s.search(&SearchQuery::new("runway")).unwrap();
    assert!(hits.hits.iter().any(|h| h.meeting_id == Some(m.id)));
}

#[test]
fn an_import_the_store_refuses_leaves_no_meeting() {
    let s = test_store();
    let new = NewMeeting::new("Broken", MeetingType::General, "2026-11-02T10:00:00Z");
    let mut backwards = line(5_000, "Alice", "fine");
    backwards.end_ms = 1_000;
    let err = s
        .import_meeting(&new, &[line(0, "Alice", "first"), backwards])
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid);
    assert_eq!(err.kind(), s.import_meeting(&new, &[]).unwrap_err().kind());
    let mut linked = new.clone();
    linked.relationship_id = Some(77);
    assert_eq!(
        s.import_meeting(&linked, &[line(0, "A", "x")])
            .unwrap_err()
            .kind(),
        ErrorKind::NotFound
    );
    let all = s
        .list_meetings(&MeetingFilter::default(), Page::new(10, 0))
        .unwrap();
    assert_eq!(all.total, 0, "nothing half-imported");
}
