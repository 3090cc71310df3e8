use onno_store::{
    ErrorKind, MeetingFilter, MeetingStatus, MeetingType, NewMeeting, NewParticipant, Page,
    ParticipantRole, SearchQuery, SegmentSource,
};

use crate::{meeting, segment, test_store};

#[test]
fn a_meeting_gets_its_type_checklist_participants_and_duration() {
    let s = test_store();
    let mut input = NewMeeting::new(
        "Acme pitch",
        MeetingType::InvestmentScreening,
        "2026-11-02T10:00:00+09:00",
    );
    input.language = Some("ko".into());
    input.participants = vec![
        NewParticipant {
            name: "Me".into(),
            email: None,
            role: ParticipantRole::Host,
        },
        NewParticipant {
            name: "김민수".into(),
            email: Some("minsu@acme.ai".into()),
            role: ParticipantRole::Guest,
        },
    ];
    let m = s.create_meeting(&input).unwrap();
    assert_eq!(m.started_at, "2026-11-02T01:00:00Z");
    assert_eq!(m.status, MeetingStatus::Active);
    let checklist = s
        .checklist(m.checklist_id.expect("builtin checklist"))
        .unwrap();
    assert_eq!(checklist.meeting_type, MeetingType::InvestmentScreening);
    assert!(!checklist.items.is_empty());
    let people = s.participants(m.id).unwrap();
    assert_eq!(people.len(), 2);
    assert_eq!(people[0].role, ParticipantRole::Host);

    let ended = s.end_meeting(m.id, "2026-11-02T01:45:30Z").unwrap();
    assert_eq!(ended.status, MeetingStatus::Completed);
    assert_eq!(ended.duration_ms, Some(45 * 60_000 + 30_000));
    assert_eq!(
        s.end_meeting(m.id, "2026-11-01T00:00:00Z")
            .unwrap_err()
            .kind(),
        ErrorKind::Invalid
    );
}

#[test]
fn segments_come_back_in_time_order_and_edits_are_marked() {
    let s = test_store();
    let id = meeting(&s, "Call", "2026-11-02T10:00:00Z");
    s.add_segments(&[
        segment(id, SegmentSource::Them, 5_000, "두 번째"),
        segment(id, SegmentSource::Me, 1_000, "첫 번째"),
    ])
    .unwrap();
    let page = s.segments(id, Page::default()).unwrap();
    let texts: Vec<_> = page.items.iter().map(|x| x.text.as_str()).collect();
    assert_eq!(texts, ["첫 번째", "두 번째"]);
    assert_eq!(s.meeting(id).unwrap().segment_count, 2);

    let edited = s
        .edit_segment_text(page.items[0].id, "첫번째 (고침)")
        .unwrap();
    assert!(edited.edited);
    assert_eq!(s.search(&SearchQuery::new("고침")).unwrap().total, 1);
}

#[test]
fn a_bad_segment_is_refused_and_a_batch_is_all_or_nothing() {
    let s = test_store();
    let id = meeting(&s, "Call", "2026-11-02T10:00:00Z");
    let mut backwards = segment(id, SegmentSource::Me, 5_000, "x");
    backwards.end_ms = 4_000;
    let good = segment(id, SegmentSource::Me, 0, "kept?");
    assert_eq!(
        s.add_segments(&[good, backwards]).unwrap_err().kind(),
        ErrorKind::Invalid
    );
    assert_eq!(s.segments(id, Page::default()).unwrap().total, 0);

    let orphan = segment(424_242, SegmentSource::Me, 0, "no meeting");
    let err = s.add_segment(&orphan).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert!(err.to_string().contains("meeting 424242"), "{err}");

    let mut unsure = segment(id, SegmentSource::Me, 0, "x");
    unsure.confidence = Some(1.5);
    assert!(
        s.add_segment(&unsure)
            .unwrap_err()
            .to_string()
            .contains("confidence")
    );
}

#[test]
fn deleting_a_meeting_removes_everything_recorded_in_it() {
    let s = test_store();
    let id = meeting(&s, "Sensitive call", "2026-11-02T10:00:00Z");
    let keep = meeting(&s, "Other call", "2026-11-03T10:00:00Z");
    s.add_segment(&segment(
        id,
        SegmentSource::Them,
        0,
        "confidential runway numbers",
    ))
    .unwrap();
    s.add_segment(&segment(
        keep,
        SegmentSource::Them,
        0,
        "public runway numbers",
    ))
    .unwrap();
    s.add_note(id, "runway note").unwrap();
    s.save_summary(
        id,
        &onno_store::SummaryInput {
            content: "runway summary".into(),
            ..Default::default()
        },
    )
    .unwrap();

    let audio_dir = s.dir.path().join(format!("meetings/{id}"));
    std::fs::create_dir_all(&audio_dir).unwrap();
    std::fs::write(audio_dir.join("me.wav"), b"RIFF").unwrap();
    std::fs::write(audio_dir.join("them.wav"), b"RIFF").unwrap();
    std::fs::write(audio_dir.join("live.lock"), b"").unwrap();
    s.set_meeting_audio_paths(
        id,
        &[
            format!("meetings/{id}/me.wav"),
            format!("meetings/{id}/them.wav"),
        ],
    )
    .unwrap();

    assert_eq!(s.search(&SearchQuery::new("runway")).unwrap().total, 4);
    let goes = s.meeting_footprint(id).unwrap();
    assert_eq!(
        (
            goes.lines,
            goes.recordings,
            goes.recording_bytes,
            goes.notes
        ),
        (1, 2, 8, 1)
    );
    assert!(goes.has_summary);
    s.delete_meeting(id).unwrap();
    let gone = s.meeting_footprint(id).unwrap_err();
    assert_eq!(gone.kind(), ErrorKind::NotFound);

    assert_eq!(s.meeting(id).unwrap_err().kind(), ErrorKind::NotFound);
    assert_eq!(s.segments(id, Page::default()).unwrap().total, 0);
    assert!(s.notes(id).unwrap().is_empty());
    assert!(s.summary(id).unwrap().is_none());
    assert!(!audio_dir.exists(), "audio files must be removed");
    let hits = s.search(&SearchQuery::new("runway")).unwrap();
    assert_eq!(hits.total, 1, "search index rows must go with the meeting");
    assert_eq!(hits.hits[0].meeting_id, Some(keep));
    let audit = s.audit_log(Page::default()).unwrap();
    assert_eq!(audit.items[0].resource, format!("meeting/{id}"));
    assert_eq!(audit.items[0].details["audio_files"], 2);
}

#[test]
fn audio_paths_must_stay_inside_the_data_folder() {
    let s = test_store();
    let id = meeting(&s, "Call", "2026-11-02T10:00:00Z");
    let err = s
        .set_meeting_audio_paths(id, &["../../etc/passwd".into()])
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid);
}

#[test]
fn meeting_lists_page_newest_first_and_filter() {
    let s = test_store();
    for day in 1..=9 {
        meeting(
            &s,
            &format!("Day {day}"),
            &format!("2026-11-0{day}T09:00:00Z"),
        );
    }
    let first = s
        .list_meetings(&MeetingFilter::default(), Page::new(4, 0))
        .unwrap();
    assert_eq!(first.items[0].title, "Day 9");
    assert_eq!((first.total, first.has_more), (9, true));
    let last = s
        .list_meetings(&MeetingFilter::default(), Page::new(4, 8))
        .unwrap();
    assert_eq!((last.items.len(), last.has_more), (1, false));

    let window = MeetingFilter {
        started_after: Some("2026-11-03T00:00:00Z".into()),
        started_before: Some("2026-11-05T00:00:00Z".into()),
        ..Default::default()
    };
    let titles: Vec<_> = s
        .list_meetings(&window, Page::default())
        .unwrap()
        .items
        .into_iter()
        .map(|m| m.title)
        .collect();
    assert_eq!(titles, ["Day 4", "Day 3"]);
    let sales = MeetingFilter {
        kind: Some(MeetingType::Sales),
        ..Default::default()
    };
    assert_eq!(s.list_meetings(&sales, Page::default()).unwrap().total, 0);
}
