use onno_store::{
    ErrorKind, HitKind, MeetingType, NewMeeting, NewRelationship, RankedBy, RelationshipType,
    SearchQuery, SegmentSource, Store,
};

use crate::{meeting, segment, test_store};

/// Two relationships with one meeting each, plus an unlinked sales call.
fn corpus(s: &Store) -> (i64, i64, i64) {
    let acme = s
        .create_relationship(&NewRelationship::new("Acme AI", RelationshipType::Deal))
        .unwrap()
        .id;
    let beta = s
        .create_relationship(&NewRelationship::new(
            "Beta Labs",
            RelationshipType::Portfolio,
        ))
        .unwrap()
        .id;
    let mut a = NewMeeting::new(
        "Acme screening",
        MeetingType::InvestmentScreening,
        "2026-10-01T01:00:00Z",
    );
    a.relationship_id = Some(acme);
    let a = s.create_meeting(&a).unwrap().id;
    let mut b = NewMeeting::new(
        "Beta board update",
        MeetingType::Mentoring,
        "2026-11-01T01:00:00Z",
    );
    b.relationship_id = Some(beta);
    let b = s.create_meeting(&b).unwrap().id;
    let c = s
        .create_meeting(&NewMeeting::new(
            "Gamma demo",
            MeetingType::Sales,
            "2026-11-15T01:00:00Z",
        ))
        .unwrap()
        .id;
    s.add_segments(&[
        segment(
            a,
            SegmentSource::Them,
            61_000,
            "저희 MRR은 5천만원이고 런웨이는 18개월입니다",
        ),
        segment(
            a,
            SegmentSource::Me,
            75_000,
            "What is your churn rate and runway?",
        ),
        segment(
            b,
            SegmentSource::Them,
            12_000,
            "Runway is down to 9 months after the hiring plan",
        ),
        segment(
            c,
            SegmentSource::Them,
            3_000,
            "Our pricing starts at 100 dollars per seat",
        ),
    ])
    .unwrap();
    (acme, a, b)
}

#[test]
fn hits_carry_meeting_relationship_offset_and_highlighted_snippet() {
    let s = test_store();
    let (acme, a, _) = corpus(&s);
    let results = s.search(&SearchQuery::new("churn")).unwrap();
    assert_eq!(results.ranked_by, RankedBy::Relevance);
    assert_eq!(results.total, 1);
    let hit = &results.hits[0];
    assert_eq!(hit.kind, HitKind::Segment);
    assert_eq!((hit.meeting_id, hit.relationship_id), (Some(a), Some(acme)));
    assert_eq!(hit.meeting_title.as_deref(), Some("Acme screening"));
    assert_eq!(hit.relationship_name.as_deref(), Some("Acme AI"));
    assert_eq!(hit.start_ms, Some(75_000));
    assert_eq!(hit.source, Some(SegmentSource::Me));
    let marked: Vec<_> = hit
        .snippet
        .iter()
        .filter(|s| s.highlight)
        .map(|s| s.text.as_str())
        .collect();
    assert_eq!(marked, ["churn"]);
    let whole: String = hit.snippet.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(whole, "What is your churn rate and runway?");
}

#[test]
fn korean_words_match_without_their_particles() {
    let s = test_store();
    corpus(&s);
    // Indexed as "런웨이는" and "MRR은"; searched as the bare word.
    for query in ["런웨이", "MRR", "mrr 런웨이"] {
        let results = s.search(&SearchQuery::new(query)).unwrap();
        assert_eq!(results.total, 1, "{query}");
        assert!(results.hits[0].snippet.iter().any(|s| s.highlight));
    }
}

#[test]
fn filters_narrow_by_relationship_type_and_date() {
    let s = test_store();
    let (acme, _, b) = corpus(&s);
    let all = s.search(&SearchQuery::new("runway")).unwrap();
    assert_eq!(all.total, 2);

    let mut q = SearchQuery::new("runway");
    q.relationship_id = Some(acme);
    assert!(
        s.search(&q)
            .unwrap()
            .hits
            .iter()
            .all(|h| h.relationship_id == Some(acme))
    );

    let mut q = SearchQuery::new("runway");
    q.meeting_type = Some(MeetingType::Mentoring);
    let mentoring = s.search(&q).unwrap();
    assert_eq!(
        (mentoring.total, mentoring.hits[0].meeting_id),
        (1, Some(b))
    );

    let mut q = SearchQuery::new("runway");
    q.from = Some("2026-10-15T00:00:00Z".into());
    q.to = Some("2026-11-10T00:00:00+09:00".into());
    assert_eq!(s.search(&q).unwrap().hits[0].meeting_id, Some(b));
}

#[test]
fn notes_summaries_and_relationships_are_searched_too() {
    let s = test_store();
    let (acme, a, _) = corpus(&s);
    s.add_note(a, "Follow up on the unicorn claim").unwrap();
    s.save_summary(
        a,
        &onno_store::SummaryInput {
            content: "They claim unicorn trajectory".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let mut r = s.relationship(acme).unwrap().fields;
    r.description = "Unicorn hopeful in meeting notes AI".into();
    s.update_relationship(acme, &r).unwrap();

    let results = s.search(&SearchQuery::new("unicorn")).unwrap();
    assert!(results.hits.iter().all(|h| h.kind != HitKind::Meeting));
    let mut kinds: Vec<_> = results.hits.iter().map(|h| h.kind).collect();
    kinds.sort_by_key(|k| *k as u8);
    assert_eq!(
        kinds,
        [HitKind::Note, HitKind::Summary, HitKind::Relationship]
    );
}

#[test]
fn query_syntax_typed_by_a_person_is_taken_literally() {
    let s = test_store();
    corpus(&s);
    for query in [
        "\"runway", "runway*", "-runway", "runway:", "(runway)", "^runway",
    ] {
        let results = s.search(&SearchQuery::new(query)).unwrap();
        assert_eq!(results.total, 2, "{query}");
    }
    // Operators are words like any other: all must appear.
    for query in [
        "runway OR pricing",
        "NEAR(runway pricing)",
        "runway AND NOT",
    ] {
        assert_eq!(
            s.search(&SearchQuery::new(query)).unwrap().total,
            0,
            "{query}"
        );
    }
    let err = s.search(&SearchQuery::new("  ?! ")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid);
}

#[test]
fn results_page_with_total_and_has_more() {
    let s = test_store();
    let id = meeting(&s, "Long call", "2026-11-02T00:00:00Z");
    let segments: Vec<_> = (0..45)
        .map(|i| {
            segment(
                id,
                SegmentSource::Them,
                i * 2_000,
                &format!("budget item {i}"),
            )
        })
        .collect();
    s.add_segments(&segments).unwrap();
    let mut q = SearchQuery::new("budget");
    q.limit = 20;
    let first = s.search(&q).unwrap();
    assert_eq!(
        (first.hits.len(), first.total, first.has_more),
        (20, 45, true)
    );
    q.offset = 40;
    let last = s.search(&q).unwrap();
    assert_eq!((last.hits.len(), last.has_more), (5, false));
    let ids: std::collections::HashSet<_> =
        first.hits.iter().chain(&last.hits).map(|h| h.id).collect();
    assert_eq!(ids.len(), 25, "pages do not overlap");
}

#[test]
fn a_very_common_word_falls_back_to_newest_first() {
    let s = test_store();
    let old = meeting(&s, "Old", "2026-01-01T00:00:00Z");
    let new = meeting(&s, "New", "2026-11-01T00:00:00Z");
    let n = onno_store::RANKING_CAP as i64;
    let many: Vec<_> = (0..n)
        .map(|i| segment(old, SegmentSource::Them, i * 1_000, "we think so"))
        .collect();
    s.add_segments(&many).unwrap();
    s.add_segment(&segment(
        new,
        SegmentSource::Me,
        42_000,
        "I think the newest",
    ))
    .unwrap();

    let results = s.search(&SearchQuery::new("think")).unwrap();
    assert_eq!(results.ranked_by, RankedBy::Recency);
    assert!(results.total_is_lower_bound);
    assert!(results.has_more);
    assert_eq!(results.hits.len(), 20);
    assert_eq!(
        results.hits[0].meeting_id,
        Some(new),
        "newest meeting first"
    );
}

#[test]
fn meeting_titles_are_found_and_follow_renames_and_deletes() {
    let s = test_store();
    let (_, a, _) = corpus(&s);
    let hits = s.search(&SearchQuery::new("screening")).unwrap();
    assert_eq!(hits.total, 1);
    assert_eq!(
        (hits.hits[0].kind, hits.hits[0].meeting_id),
        (HitKind::Meeting, Some(a))
    );

    let patch = onno_store::MeetingPatch {
        relationship_id: None,
        title: "Acme diligence".into(),
        kind: MeetingType::InvestmentScreening,
        status: onno_store::MeetingStatus::Active,
        ended_at: None,
        language: None,
        checklist_id: None,
    };
    s.update_meeting(a, &patch).unwrap();
    assert_eq!(s.search(&SearchQuery::new("screening")).unwrap().total, 0);
    assert_eq!(s.search(&SearchQuery::new("diligence")).unwrap().total, 1);
    s.delete_meeting(a).unwrap();
    assert_eq!(s.search(&SearchQuery::new("diligence")).unwrap().total, 0);
}
