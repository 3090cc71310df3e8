//! Two lines of a side merged into one, one line split in two, and what is refused.

use super::*;

#[test]
fn merging_joins_the_next_line_of_the_side_and_undo_splits_them_again() {
    let s = test_store();
    let (m, ids) = call(&s);
    let mut low = segment(m, SegmentSource::Them, 9_000, "and falling");
    low.confidence = Some(f64::from(0.3_f32));
    let low = s.add_segment(&low).unwrap();
    let before = shapes(&s, m);

    // Lines 0 and 2 are both "them", with a "me" line between: they are adjacent.
    let merged = s.merge_segments(ids[0], ids[2]).unwrap();
    assert_eq!(merged.id, ids[0]);
    assert_eq!(merged.text, "우리 런웨이는 18개월입니다 월 5만 달러 정도");
    assert_eq!((merged.start_ms, merged.end_ms), (1_000, 6_500));
    assert!(merged.edited);
    assert_eq!(
        s.segment(ids[2]).unwrap_err().kind(),
        ErrorKind::NotFound,
        "the second line is gone"
    );
    assert_eq!(hits(&s, "달러"), 1);

    let next = s.merge_segment_with_next(ids[3]).unwrap();
    assert_eq!(next.text, "our churn is low and falling");
    assert_eq!(next.confidence, Some(f64::from(0.3_f32)), "the lower");
    let (action, resource, details) = &audit(&s, 1)[0];
    assert_eq!(action, "merge_lines");
    assert_eq!(resource, &format!("segment/{}", ids[3]));
    assert!(!details.contains("churn"), "{details}");

    s.undo_last_correction(m).unwrap().unwrap();
    let undone = s.undo_last_correction(m).unwrap().unwrap();
    assert_eq!(undone.correction.kind, CorrectionKind::Merge);
    assert_eq!(undone.correction.segment_ids, [ids[0], ids[2]]);
    assert_eq!(
        undone.segments.iter().map(|l| l.id).collect::<Vec<_>>(),
        [ids[0], ids[2]],
        "the removed line comes back under its id, which is still free"
    );
    assert_eq!(shapes(&s, m), before, "exactly as before");
    assert_eq!(s.segment(low.id).unwrap().text, "and falling");
    let found = s.search(&SearchQuery::new("달러")).unwrap();
    assert_eq!(found.total, 1);
    assert_eq!(found.hits[0].id, ids[2], "search finds the line restored");
    assert_eq!(
        s.search(&SearchQuery::new("런웨이는 달러")).unwrap().total,
        0,
        "no line holds both halves any more"
    );
}

#[test]
fn merging_is_refused_across_sides_gaps_meetings_and_speakers() {
    let s = test_store();
    let (m, ids) = call(&s);
    let other = meeting(&s, "Other", "2026-11-03T10:00:00Z");
    let far = s
        .add_segment(&segment(other, SegmentSource::Them, 0, "elsewhere"))
        .unwrap();

    let field = invalid_field;
    assert_eq!(field(s.merge_segments(ids[0], ids[1]).unwrap_err()), "side");
    assert_eq!(
        field(s.merge_segments(ids[0], ids[3]).unwrap_err()),
        "next segment",
        "line 2 of the same side comes between"
    );
    assert_eq!(
        field(s.merge_segments(ids[2], ids[0]).unwrap_err()),
        "next segment",
        "backwards"
    );
    assert_eq!(
        field(s.merge_segments(ids[0], ids[0]).unwrap_err()),
        "next segment"
    );
    assert_eq!(
        field(s.merge_segments(ids[3], far.id).unwrap_err()),
        "next segment"
    );
    assert_eq!(
        field(s.merge_segment_with_next(ids[3]).unwrap_err()),
        "next segment",
        "the side's last line"
    );
    assert_eq!(
        field(s.merge_segment_with_next(ids[1]).unwrap_err()),
        "next segment",
        "the only line of its side"
    );
    s.set_segment_speaker(ids[2], Some("Alex")).unwrap();
    s.set_segment_speaker(ids[3], Some("Kim")).unwrap();
    assert_eq!(
        field(s.merge_segment_with_next(ids[2]).unwrap_err()),
        "speaker"
    );
    let long = "가".repeat(9_990);
    s.edit_segment_text(ids[0], &long).unwrap();
    s.set_segment_speaker(ids[2], None).unwrap();
    assert_eq!(
        field(s.merge_segment_with_next(ids[0]).unwrap_err()),
        "segment text",
        "too long together"
    );
    for err in [
        s.merge_segments(424_242, ids[0]).unwrap_err(),
        s.merge_segments(ids[0], 424_242).unwrap_err(),
        s.merge_segment_with_next(424_242).unwrap_err(),
    ] {
        assert_eq!(err.kind(), ErrorKind::NotFound);
    }
    assert_eq!(s.transcript(m).unwrap().len(), 4, "nothing merged");
}

#[test]
fn splitting_cuts_korean_text_between_characters_and_shares_the_time() {
    let s = test_store();
    let id = meeting(&s, "Call", "2026-11-02T10:00:00Z");
    let mut line = segment(
        id,
        SegmentSource::Them,
        10_000,
        "런웨이는 18개월입니다 매출은 늘고 있어요",
    );
    line.end_ms = 20_000;
    line.speaker = Some("김민수".into());
    line.confidence = Some(f64::from(0.87_f32));
    let line = s.add_segment(&line).unwrap();
    let before = shapes(&s, id);
    let chars = line.text.chars().count();
    assert_eq!(chars, 23);

    // Character 12 is the space before "매출은" (byte 12 falls inside a syllable).
    let (first, second) = s.split_segment(line.id, 12).unwrap();
    assert_eq!(first.id, line.id);
    assert_eq!(first.text, "런웨이는 18개월입니다");
    assert_eq!(second.text, "매출은 늘고 있어요");
    assert_eq!((first.start_ms, first.end_ms), (10_000, 15_217));
    assert_eq!((second.start_ms, second.end_ms), (15_217, 20_000));
    assert!(first.edited && second.edited);
    assert_eq!(second.speaker.as_deref(), Some("김민수"));
    assert_eq!(second.confidence, first.confidence);
    assert_eq!(hits(&s, "매출"), 1);
    let found = s.search(&SearchQuery::new("매출")).unwrap();
    assert_eq!(found.hits[0].id, second.id);
    let (action, resource, details) = &audit(&s, 1)[0];
    assert_eq!(action, "split_line");
    assert_eq!(resource, &format!("segment/{}", line.id));
    assert!(!details.contains("매출"), "{details}");

    // Inside a word, exactly where asked.
    let (a, b) = s.split_segment(second.id, 1).unwrap();
    assert_eq!(
        (a.text.as_str(), b.text.as_str()),
        ("매", "출은 늘고 있어요")
    );

    s.undo_last_correction(id).unwrap().unwrap();
    let undone = s.undo_last_correction(id).unwrap().unwrap();
    assert_eq!(undone.correction.kind, CorrectionKind::Split);
    assert_eq!(undone.correction.segment_ids, [line.id, second.id]);
    assert_eq!(shapes(&s, id), before, "one line again, exactly as it was");
    assert_eq!(
        s.segment(second.id).unwrap_err().kind(),
        ErrorKind::NotFound
    );
    let found = s.search(&SearchQuery::new("매출")).unwrap();
    assert_eq!(found.total, 1);
    assert_eq!(found.hits[0].id, line.id);
}

#[test]
fn a_split_must_fall_inside_the_text() {
    let s = test_store();
    let (m, ids) = call(&s);
    let chars = s.segment(ids[2]).unwrap().text.chars().count();
    for at in [0, chars, chars + 1, usize::MAX] {
        let err = s.split_segment(ids[2], at).unwrap_err();
        assert_eq!(invalid_field(err), "split offset", "at {at}");
    }
    assert_eq!(
        s.split_segment(424_242, 1).unwrap_err().kind(),
        ErrorKind::NotFound
    );
    let one = s
        .add_segment(&segment(m, SegmentSource::Me, 9_000, "네"))
        .unwrap();
    assert_eq!(
        invalid_field(s.split_segment(one.id, 1).unwrap_err()),
        "split offset",
        "one character cannot be split"
    );
    assert!(s.corrections(m).unwrap().is_empty(), "nothing recorded");
}

#[test]
fn bad_input_is_refused_with_the_field_and_unknown_rows_are_not_found() {
    let s = test_store();
    let (m, ids) = call(&s);
    assert_eq!(
        invalid_field(s.edit_segment_text(ids[0], "  ").unwrap_err()),
        "segment text"
    );
    assert_eq!(
        invalid_field(
            s.edit_segment_text(ids[0], &"x".repeat(10_001))
                .unwrap_err()
        ),
        "segment text"
    );
    assert_eq!(
        invalid_field(s.set_segment_speaker(ids[0], Some(" ")).unwrap_err()),
        "speaker"
    );
    assert_eq!(
        invalid_field(
            s.set_side_speaker(m, SegmentSource::Them, Some(&"김".repeat(201)))
                .unwrap_err()
        ),
        "speaker"
    );
    assert_eq!(
        invalid_field(
            s.set_side_speaker(m, SegmentSource::File, Some("Alex"))
                .unwrap_err()
        ),
        "side"
    );
    for err in [
        s.edit_segment_text(424_242, "x").unwrap_err(),
        s.set_segment_speaker(424_242, Some("x")).unwrap_err(),
        s.set_side_speaker(424_242, SegmentSource::Them, Some("x"))
            .unwrap_err(),
        s.undo_last_correction(424_242).unwrap_err(),
    ] {
        assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
    }
    assert!(s.corrections(m).unwrap().is_empty());
    assert_eq!(s.audit_log(Page::default()).unwrap().total, 0);
}
