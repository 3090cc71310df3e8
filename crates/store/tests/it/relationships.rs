use onno_store::{
    Contact, ErrorKind, Importance, NewRelationship, Page, RelationshipFilter, RelationshipStatus,
    RelationshipType, TeamMember,
};

use crate::test_store;

fn full_relationship() -> NewRelationship {
    let mut r = NewRelationship::new("Acme AI", RelationshipType::Deal);
    r.status = RelationshipStatus::Active;
    r.industry = Some("saas".into());
    r.stage = Some("seed".into());
    r.tags = vec!["b2b".into(), "ai".into()];
    r.primary_contact = Some(Contact {
        name: "김민수".into(),
        email: Some("minsu@acme.ai".into()),
        phone: Some("+82 10-1234-5678".into()),
        title: Some("CEO".into()),
    });
    r.team_members = vec![TeamMember {
        name: "Jane Doe".into(),
        email: Some("jane@acme.ai".into()),
        role: Some("CTO".into()),
    }];
    r.first_contact_date = Some("2026-10-01".into());
    r.next_meeting_at = Some("2026-12-01T10:00:00+09:00".into());
    r.description = "Meeting-notes AI for Korean teams".into();
    r.notes = "Warm intro from a portfolio founder".into();
    r.custom_fields
        .insert("fund".into(), serde_json::json!("Fund II"));
    r.importance = Importance::High;
    r
}

#[test]
fn every_field_round_trips() {
    let s = test_store();
    let input = full_relationship();
    let created = s.create_relationship(&input).unwrap();
    let read = s.relationship(created.id).unwrap();
    let mut expected = input.clone();
    expected.next_meeting_at = Some("2026-12-01T01:00:00Z".into()); // normalized to UTC
    assert_eq!(read.fields, expected);
    assert_eq!(read.meeting_count, 0);
    assert_eq!(read.engagement_score, 0.0);
}

#[test]
fn edits_replace_fields_and_archive_keeps_the_row() {
    let s = test_store();
    let id = s.create_relationship(&full_relationship()).unwrap().id;
    let mut edit = s.relationship(id).unwrap().fields;
    edit.stage = Some("series_a".into());
    edit.tags.clear();
    let updated = s.update_relationship(id, &edit).unwrap();
    assert_eq!(updated.fields.stage.as_deref(), Some("series_a"));
    assert!(updated.fields.tags.is_empty());

    let archived = s.archive_relationship(id).unwrap();
    assert_eq!(archived.fields.status, RelationshipStatus::Archived);
    let active = RelationshipFilter {
        status: Some(RelationshipStatus::Active),
        ..Default::default()
    };
    assert_eq!(
        s.list_relationships(&active, Page::default())
            .unwrap()
            .total,
        0
    );
}

#[test]
fn meetings_raise_engagement_and_last_interaction() {
    let s = test_store();
    let id = s.create_relationship(&full_relationship()).unwrap().id;
    let now = onno_store::now_timestamp();
    let mut m = onno_store::NewMeeting::new(
        "Check-in",
        onno_store::MeetingType::InvestmentScreening,
        &now,
    );
    m.relationship_id = Some(id);
    s.create_meeting(&m).unwrap();
    let r = s.relationship(id).unwrap();
    assert_eq!(r.meeting_count, 1);
    assert_eq!(r.last_interaction_at.as_deref(), Some(now.as_str()));
    assert!(r.engagement_score > 0.6, "{}", r.engagement_score);
}

#[test]
fn invalid_input_is_refused_with_the_field_named() {
    let s = test_store();
    let mut r = NewRelationship::new("  ", RelationshipType::Client);
    let err = s.create_relationship(&r).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid);
    assert!(err.to_string().contains("name"), "{err}");

    r.name = "x".repeat(201);
    assert!(
        s.create_relationship(&r)
            .unwrap_err()
            .to_string()
            .contains("200")
    );

    r.name = "Valid".into();
    r.first_contact_date = Some("last tuesday".into());
    assert!(
        s.create_relationship(&r)
            .unwrap_err()
            .to_string()
            .contains("first contact date")
    );

    r.first_contact_date = None;
    r.primary_contact = Some(Contact {
        name: "A".into(),
        email: Some("not-an-email".into()),
        ..Default::default()
    });
    assert!(
        s.create_relationship(&r)
            .unwrap_err()
            .to_string()
            .contains("email")
    );

    let missing = s.update_relationship(999, &NewRelationship::new("x", RelationshipType::Deal));
    assert_eq!(missing.unwrap_err().kind(), ErrorKind::NotFound);
}

#[test]
fn lists_page_and_filter() {
    let s = test_store();
    for i in 0..7 {
        let kind = if i % 2 == 0 {
            RelationshipType::Deal
        } else {
            RelationshipType::Candidate
        };
        s.create_relationship(&NewRelationship::new(&format!("Company {i}"), kind))
            .unwrap();
    }
    let page1 = s
        .list_relationships(&Default::default(), Page::new(3, 0))
        .unwrap();
    assert_eq!(
        (page1.items.len(), page1.total, page1.has_more),
        (3, 7, true)
    );
    let page3 = s
        .list_relationships(&Default::default(), Page::new(3, 6))
        .unwrap();
    assert_eq!((page3.items.len(), page3.has_more), (1, false));

    let deals = RelationshipFilter {
        kind: Some(RelationshipType::Deal),
        ..Default::default()
    };
    assert_eq!(
        s.list_relationships(&deals, Page::default()).unwrap().total,
        4
    );
    let by_name = RelationshipFilter {
        name_contains: Some("ny 3".into()),
        ..Default::default()
    };
    let found = s.list_relationships(&by_name, Page::default()).unwrap();
    assert_eq!(found.items[0].fields.name, "Company 3");
}

#[test]
fn deleting_a_relationship_keeps_its_meetings_unlinked_and_is_audited() {
    let s = test_store();
    let id = s.create_relationship(&full_relationship()).unwrap().id;
    let mut m = onno_store::NewMeeting::new(
        "Intro",
        onno_store::MeetingType::General,
        "2026-11-01T00:00:00Z",
    );
    m.relationship_id = Some(id);
    let meeting = s.create_meeting(&m).unwrap();
    s.delete_relationship(id).unwrap();

    assert_eq!(s.relationship(id).unwrap_err().kind(), ErrorKind::NotFound);
    assert_eq!(s.meeting(meeting.id).unwrap().relationship_id, None);
    let audit = s.audit_log(Page::default()).unwrap();
    assert_eq!(audit.items[0].action, "delete");
    assert_eq!(audit.items[0].resource, format!("relationship/{id}"));
}

/// A relationship met at each of `met` (RFC 3339), with a next meeting and tags.
fn met(s: &onno_store::Store, name: &str, met: &[&str], next: Option<&str>, tags: &[&str]) -> i64 {
    let mut r = NewRelationship::new(name, RelationshipType::Deal);
    r.next_meeting_at = next.map(str::to_owned);
    r.tags = tags.iter().map(|t| (*t).to_owned()).collect();
    let id = s.create_relationship(&r).unwrap().id;
    for at in met {
        let mut m = onno_store::NewMeeting::new("Call", onno_store::MeetingType::General, at);
        m.relationship_id = Some(id);
        s.create_meeting(&m).unwrap();
    }
    id
}

fn names(s: &onno_store::Store, filter: &RelationshipFilter) -> Vec<String> {
    s.list_relationships(filter, Page::default())
        .unwrap()
        .items
        .into_iter()
        .map(|r| r.fields.name)
        .collect()
}

#[test]
fn the_list_sorts_by_next_meeting_last_interaction_or_engagement() {
    let s = test_store();
    let now = time::OffsetDateTime::now_utc();
    let ago = |days: i64| {
        (now - time::Duration::days(days))
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap()
    };
    let (a, b) = (ago(40), ago(2));
    // Once, two days ago; six times in the last month; never, with an overdue meeting.
    met(&s, "Once", &[&b], Some("2027-03-01T09:00:00Z"), &[]);
    let often: Vec<String> = (0..6).map(|i| ago(10 + i * 3)).collect();
    let often: Vec<&str> = often.iter().map(String::as_str).collect();
    met(&s, "Often", &often, None, &[]);
    met(&s, "Never", &[], Some("2026-01-01T09:00:00Z"), &[]);
    met(&s, "Long ago", &[&a], Some("2027-02-01T09:00:00Z"), &[]);

    let sorted = |sort| {
        names(
            &s,
            &RelationshipFilter {
                sort,
                ..Default::default()
            },
        )
    };
    use onno_store::RelationshipSort::*;
    assert_eq!(
        sorted(LastInteraction),
        ["Once", "Often", "Long ago", "Never"]
    );
    // Overdue first, then the soonest; none set last.
    assert_eq!(sorted(NextMeeting), ["Never", "Long ago", "Once", "Often"]);
    // Six meetings in the last month outweigh one two days ago.
    assert_eq!(sorted(Engagement), ["Often", "Once", "Long ago", "Never"]);
    assert_eq!(sorted(Name), ["Long ago", "Never", "Often", "Once"]);
    // Paging an engagement list pages the sorted list.
    let second = s
        .list_relationships(
            &RelationshipFilter {
                sort: Engagement,
                ..Default::default()
            },
            Page::new(2, 2),
        )
        .unwrap();
    let second: Vec<_> = second
        .items
        .iter()
        .map(|r| r.fields.name.as_str())
        .collect();
    assert_eq!(second, ["Long ago", "Never"]);
}

#[test]
fn the_list_filters_by_tag_importance_and_stage_and_counts_open_action_items() {
    let s = test_store();
    let first = s.create_relationship(&full_relationship()).unwrap().id;
    met(&s, "Other", &[], None, &["B2C"]);
    let filtered = |filter: RelationshipFilter| names(&s, &filter);
    let tag = |t: &str| RelationshipFilter {
        tag: Some(t.into()),
        ..Default::default()
    };
    assert_eq!(filtered(tag("AI")), ["Acme AI"], "tags match ignoring case");
    assert_eq!(filtered(tag("b2c")), ["Other"]);
    assert!(filtered(tag("b2")).is_empty(), "a tag matches whole");
    let high = RelationshipFilter {
        importance: Some(Importance::High),
        ..Default::default()
    };
    assert_eq!(filtered(high), ["Acme AI"]);
    let stage = RelationshipFilter {
        stage: Some(" Seed ".into()),
        ..Default::default()
    };
    assert_eq!(filtered(stage), ["Acme AI"]);
    let choices = s.relationship_choices().unwrap();
    assert_eq!(choices.tags, ["ai", "b2b", "B2C"]);
    assert_eq!(choices.stages, ["seed"]);

    let mut m = onno_store::NewMeeting::new(
        "Intro",
        onno_store::MeetingType::General,
        "2026-11-01T00:00:00Z",
    );
    m.relationship_id = Some(first);
    let meeting = s.create_meeting(&m).unwrap().id;
    let mut ids = Vec::new();
    for text in ["Send the deck", "Intro the CTO", "Share the data room"] {
        let item = onno_store::NewActionItem {
            meeting_id: meeting,
            text: text.into(),
            assignee: None,
            due_date: None,
            confidence: None,
        };
        ids.push(s.add_action_item(&item).unwrap().id);
    }
    s.set_action_item_status(ids[1], onno_store::ActionItemStatus::Completed)
        .unwrap();
    s.set_action_item_status(ids[2], onno_store::ActionItemStatus::Approved)
        .unwrap();
    let listed = s
        .list_relationships(&Default::default(), Page::default())
        .unwrap();
    let acme = listed.items.iter().find(|r| r.id == first).unwrap();
    assert_eq!(acme.open_action_items, 2, "pending and approved, not done");
}
