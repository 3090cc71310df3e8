//! A transcript corrected after the call: text, speakers, merges and splits, each
//! searchable at once, audited, and undoable.

use onno_store::{
    CorrectionKind, ErrorKind, NewSegment, Page, SearchQuery, Segment, SegmentSource, SideSpeaker,
    Store, StoreError, UNDO_LIMIT,
};

use crate::{meeting, segment, test_store};

/// A meeting with four lines: them, me, them, them.
fn call(s: &Store) -> (i64, Vec<i64>) {
    let id = meeting(s, "Acme call", "2026-11-02T10:00:00Z");
    let ids = s
        .add_segments(&[
            segment(id, SegmentSource::Them, 1_000, "우리 런웨이는 18개월입니다"),
            segment(id, SegmentSource::Me, 3_000, "MRR은 어느 정도인가요?"),
            segment(id, SegmentSource::Them, 5_000, "월 5만 달러 정도"),
            segment(id, SegmentSource::Them, 7_000, "our churn is low"),
        ])
        .unwrap();
    (id, ids)
}

fn hits(s: &Store, text: &str) -> u64 {
    s.search(&SearchQuery::new(text)).unwrap().total
}

#[track_caller]
fn invalid_field(err: StoreError) -> &'static str {
    match err {
        StoreError::Invalid { field, .. } => field,
        other => panic!("expected Invalid, got {other:?}"),
    }
}

/// The newest audit lines, newest first, as (action, resource, details).
fn audit(s: &Store, n: u32) -> Vec<(String, String, String)> {
    s.audit_log(Page::new(n, 0))
        .unwrap()
        .items
        .into_iter()
        .map(|e| (e.action, e.resource, e.details.to_string()))
        .collect()
}

/// Everything about a line that a correction may change and undo must bring back:
/// text, speaker, times, confidence's bits, edited, final.
type Shape = (String, Option<String>, i64, i64, Option<u64>, bool, bool);

fn shape(s: &Segment) -> Shape {
    (
        s.text.clone(),
        s.speaker.clone(),
        s.start_ms,
        s.end_ms,
        s.confidence.map(f64::to_bits),
        s.edited,
        s.is_final,
    )
}

fn shapes(s: &Store, meeting_id: i64) -> Vec<Shape> {
    s.transcript(meeting_id)
        .unwrap()
        .iter()
        .map(shape)
        .collect()
}

#[test]
fn an_edit_is_found_by_search_marked_audited_and_undone() {
    let s = test_store();
    let (m, ids) = call(&s);
    assert_eq!(hits(&s, "churn"), 1);

    let edited = s.edit_segment_text(ids[3], " our burn is low ").unwrap();
    assert_eq!(edited.text, "our burn is low");
    assert!(edited.edited);
    assert_eq!(hits(&s, "burn"), 1, "the corrected word is found");
    assert_eq!(hits(&s, "churn"), 0, "the old word is not");

    let (action, resource, details) = &audit(&s, 1)[0];
    assert_eq!(action, "edit_line");
    assert_eq!(resource, &format!("segment/{}", ids[3]));
    assert!(
        !details.contains("burn") && !details.contains("churn"),
        "{details}"
    );

    let corrections = s.corrections(m).unwrap();
    assert_eq!(corrections.len(), 1);
    assert_eq!(corrections[0].kind, CorrectionKind::EditText);
    assert_eq!(corrections[0].segment_ids, [ids[3]]);

    let undone = s
        .undo_last_correction(m)
        .unwrap()
        .expect("something to undo");
    assert_eq!(undone.correction.kind, CorrectionKind::EditText);
    assert_eq!(undone.segments.len(), 1);
    assert_eq!(undone.segments[0].text, "our churn is low");
    assert!(!undone.segments[0].edited, "the edited flag goes back too");
    assert_eq!(hits(&s, "churn"), 1);
    assert_eq!(hits(&s, "burn"), 0);
    let (action, resource, _) = &audit(&s, 1)[0];
    assert_eq!(
        (action.as_str(), resource.as_str()),
        ("undo_correction", format!("meeting/{m}").as_str())
    );
    assert!(s.undo_last_correction(m).unwrap().is_none(), "nothing left");
}

#[test]
fn naming_a_side_names_its_lines_and_not_the_others() {
    let s = test_store();
    let (m, ids) = call(&s);
    let other = meeting(&s, "Other call", "2026-11-03T10:00:00Z");
    let elsewhere = s
        .add_segment(&segment(other, SegmentSource::Them, 0, "hello"))
        .unwrap();

    let sides = s
        .set_side_speaker(m, SegmentSource::Them, Some(" 김민수 "))
        .unwrap();
    assert_eq!(
        sides,
        [SideSpeaker {
            source: SegmentSource::Them,
            name: "김민수".into()
        }]
    );
    let lines = s.transcript(m).unwrap();
    let speakers: Vec<_> = lines.iter().map(|l| l.speaker.as_deref()).collect();
    assert_eq!(
        speakers,
        [Some("김민수"), None, Some("김민수"), Some("김민수")]
    );
    assert!(
        lines.iter().all(|l| !l.edited),
        "naming a side marks no line edited, so a final pass still improves them"
    );
    assert_eq!(s.segment(elsewhere.id).unwrap().speaker, None);
    assert_eq!(
        s.segment(ids[0]).unwrap().speaker.as_deref(),
        Some("김민수")
    );

    let (action, resource, details) = &audit(&s, 1)[0];
    assert_eq!(action, "name_side");
    assert_eq!(resource, &format!("meeting/{m}"));
    assert!(!details.contains("김민수"), "{details}");

    // The user's own side, by the profile's name.
    s.set_side_speaker(m, SegmentSource::Me, Some("Jiwon"))
        .unwrap();
    assert_eq!(s.segment(ids[1]).unwrap().speaker.as_deref(), Some("Jiwon"));
    assert_eq!(s.side_speakers(m).unwrap().len(), 2);
    assert_eq!(s.side_speakers(m).unwrap()[0].source, SegmentSource::Me);

    // A line named on its own keeps its name when the side is renamed or cleared.
    s.set_segment_speaker(ids[2], Some("이영희")).unwrap();
    s.set_side_speaker(m, SegmentSource::Them, Some("김민수 대표"))
        .unwrap();
    let speakers: Vec<_> = s
        .transcript(m)
        .unwrap()
        .into_iter()
        .map(|l| l.speaker)
        .collect();
    assert_eq!(
        speakers,
        [
            Some("김민수 대표".into()),
            Some("Jiwon".into()),
            Some("이영희".into()),
            Some("김민수 대표".into())
        ]
    );
    s.set_side_speaker(m, SegmentSource::Them, None).unwrap();
    assert_eq!(s.segment(ids[0]).unwrap().speaker, None, "cleared");
    assert_eq!(
        s.segment(ids[2]).unwrap().speaker.as_deref(),
        Some("이영희")
    );

    // Undo walks back: the clearing, the rename, the line's name, the user's side.
    s.undo_last_correction(m).unwrap().unwrap();
    assert_eq!(
        s.segment(ids[0]).unwrap().speaker.as_deref(),
        Some("김민수 대표")
    );
    let undone = s.undo_last_correction(m).unwrap().unwrap();
    assert_eq!(undone.correction.kind, CorrectionKind::NameSide);
    assert_eq!(undone.correction.side, Some(SegmentSource::Them));
    assert_eq!(
        s.segment(ids[0]).unwrap().speaker.as_deref(),
        Some("김민수")
    );
    let undone = s.undo_last_correction(m).unwrap().unwrap();
    assert_eq!(undone.correction.kind, CorrectionKind::NameLine);
    let line = s.segment(ids[2]).unwrap();
    assert_eq!(
        line.speaker.as_deref(),
        Some("김민수"),
        "the side's name again"
    );
    assert!(!line.edited);
    s.undo_last_correction(m).unwrap().unwrap();
    assert_eq!(s.segment(ids[1]).unwrap().speaker, None);
    s.undo_last_correction(m).unwrap().unwrap();
    assert!(s.side_speakers(m).unwrap().is_empty());
    assert!(s.transcript(m).unwrap().iter().all(|l| l.speaker.is_none()));
    assert!(s.undo_last_correction(m).unwrap().is_none());
}

#[test]
fn a_line_named_on_its_own_is_edited_and_can_be_cleared() {
    let s = test_store();
    let (m, ids) = call(&s);
    let named = s.set_segment_speaker(ids[0], Some("Alex")).unwrap();
    assert_eq!(named.speaker.as_deref(), Some("Alex"));
    assert!(named.edited, "a final pass keeps it, name and all");
    let (action, resource, details) = &audit(&s, 1)[0];
    assert_eq!(action, "name_speaker");
    assert_eq!(resource, &format!("segment/{}", ids[0]));
    assert!(!details.contains("Alex"), "{details}");

    s.set_side_speaker(m, SegmentSource::Them, Some("김민수"))
        .unwrap();
    let cleared = s.set_segment_speaker(ids[0], None).unwrap();
    assert_eq!(
        cleared.speaker.as_deref(),
        Some("김민수"),
        "without its own name a line shows its side's"
    );
    s.undo_last_correction(m).unwrap();
    assert_eq!(s.segment(ids[0]).unwrap().speaker.as_deref(), Some("Alex"));
}

/// The final pass keeps corrected lines, names its new lines after their side, and ends
/// the meeting's undo history.
#[test]
fn a_final_pass_keeps_corrections_names_new_lines_and_clears_the_history() {
    let s = test_store();
    let (m, ids) = call(&s);
    s.edit_segment_text(ids[0], "우리 런웨이는 20개월입니다")
        .unwrap();
    s.set_segment_speaker(ids[3], Some("Alex")).unwrap();
    s.set_side_speaker(m, SegmentSource::Them, Some("김민수"))
        .unwrap();
    s.set_side_speaker(m, SegmentSource::Me, Some("Jiwon"))
        .unwrap();
    assert_eq!(s.corrections(m).unwrap().len(), 4);

    // What the final pass asks for: replace every line it re-heard, the edited ones
    // included (the store refuses those).
    let mut new_them = segment(m, SegmentSource::Them, 5_000, "월 5만 달러 정도입니다");
    new_them.speaker = None;
    let new_me = segment(m, SegmentSource::Me, 3_000, "MRR은 어느 정도인가요");
    let added = s
        .finalize_transcript(m, &[ids[0], ids[1], ids[2], ids[3]], &[new_them, new_me])
        .unwrap();

    let lines = s.transcript(m).unwrap();
    let seen: Vec<_> = lines
        .iter()
        .map(|l| (l.id, l.text.as_str(), l.speaker.as_deref()))
        .collect();
    assert_eq!(
        seen,
        [
            (ids[0], "우리 런웨이는 20개월입니다", Some("김민수")),
            (added[1], "MRR은 어느 정도인가요", Some("Jiwon")),
            (added[0], "월 5만 달러 정도입니다", Some("김민수")),
            (ids[3], "our churn is low", Some("Alex")),
        ]
    );
    assert!(lines.iter().all(|l| l.is_final));
    assert_eq!(hits(&s, "20개월"), 1);

    assert!(
        s.corrections(m).unwrap().is_empty(),
        "the history is cleared"
    );
    assert!(s.undo_last_correction(m).unwrap().is_none());
    // The side names are not corrections to undo: they stay.
    assert_eq!(s.side_speakers(m).unwrap().len(), 2);
}

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

#[test]
fn undo_walks_back_through_mixed_corrections_in_order() {
    let s = test_store();
    let (m, ids) = call(&s);
    let states = |s: &Store| shapes(s, m);
    let mut seen = vec![states(&s)];

    s.edit_segment_text(ids[0], "우리 런웨이는 20개월입니다")
        .unwrap();
    seen.push(states(&s));
    let (_, half) = s.split_segment(ids[0], 7).unwrap();
    seen.push(states(&s));
    s.merge_segments(half.id, ids[2]).unwrap();
    seen.push(states(&s));
    s.set_side_speaker(m, SegmentSource::Them, Some("김민수"))
        .unwrap();
    seen.push(states(&s));
    s.set_segment_speaker(ids[1], Some("Jiwon")).unwrap();
    seen.push(states(&s));
    s.merge_segment_with_next(ids[0]).unwrap();
    seen.push(states(&s));

    let kinds: Vec<_> = s
        .corrections(m)
        .unwrap()
        .into_iter()
        .map(|c| c.kind)
        .collect();
    assert_eq!(
        kinds,
        [
            CorrectionKind::Merge,
            CorrectionKind::NameLine,
            CorrectionKind::NameSide,
            CorrectionKind::Merge,
            CorrectionKind::Split,
            CorrectionKind::EditText
        ],
        "newest first"
    );
    seen.pop();
    while let Some(expected) = seen.pop() {
        s.undo_last_correction(m)
            .unwrap()
            .expect("one more to undo");
        assert_eq!(states(&s), expected, "{} steps from the start", seen.len());
    }
    assert!(s.undo_last_correction(m).unwrap().is_none());
    assert_eq!(hits(&s, "18개월"), 1);
    assert_eq!(hits(&s, "20개월"), 0);
}

/// A merge frees its second line's id; when a new line takes it, undo brings the line
/// back under a new id, and older corrections still find the line they changed.
#[test]
fn undo_after_a_freed_id_was_taken_restores_the_right_rows() {
    let s = test_store();
    let m = meeting(&s, "Call", "2026-11-02T10:00:00Z");
    let a = s
        .add_segment(&segment(m, SegmentSource::Them, 0, "first half"))
        .unwrap();
    let b = s
        .add_segment(&segment(m, SegmentSource::Them, 2_000, "second hafl"))
        .unwrap();
    s.edit_segment_text(b.id, "second half").unwrap();
    s.merge_segments(a.id, b.id).unwrap();
    // A line committed meanwhile (a live meeting) takes the highest free id: b's.
    let c = s
        .add_segment(&segment(m, SegmentSource::Me, 4_000, "later line"))
        .unwrap();
    assert_eq!(c.id, b.id, "SQLite reuses the freed highest id");

    let undone = s.undo_last_correction(m).unwrap().unwrap();
    let b_again = undone
        .segments
        .iter()
        .find(|l| l.text == "second half")
        .expect("b is back");
    assert_ne!(b_again.id, b.id);
    assert_eq!(s.segment(c.id).unwrap().text, "later line");

    let undone = s.undo_last_correction(m).unwrap().unwrap();
    assert_eq!(undone.segments[0].id, b_again.id);
    assert_eq!(s.segment(b_again.id).unwrap().text, "second hafl");
    assert!(!s.segment(b_again.id).unwrap().edited);
    assert_eq!(s.segment(c.id).unwrap().text, "later line", "untouched");
    assert_eq!(s.segment(a.id).unwrap().text, "first half");
    assert_eq!(s.transcript(m).unwrap().len(), 3);
}

#[test]
fn the_history_keeps_the_last_corrections_of_each_meeting() {
    let s = test_store();
    let (m, ids) = call(&s);
    let (other, other_ids) = call(&s);
    s.edit_segment_text(other_ids[0], "untouched history")
        .unwrap();
    let limit = usize::try_from(UNDO_LIMIT).unwrap();
    for i in 0..limit + 5 {
        s.edit_segment_text(ids[0], &format!("version {i}"))
            .unwrap();
    }
    assert_eq!(s.corrections(m).unwrap().len(), limit);
    assert_eq!(s.corrections(other).unwrap().len(), 1);
    for _ in 0..limit {
        s.undo_last_correction(m).unwrap().unwrap();
    }
    assert_eq!(
        s.segment(ids[0]).unwrap().text,
        "version 4",
        "as far back as kept"
    );
    assert!(s.undo_last_correction(m).unwrap().is_none());
}

#[test]
fn undo_brings_back_confidence_to_the_bit() {
    let s = test_store();
    let m = meeting(&s, "Call", "2026-11-02T10:00:00Z");
    let mut odd = segment(m, SegmentSource::Me, 0, "one");
    // Whisper's f32 widened: seventeen significant digits in decimal.
    odd.confidence = Some(f64::from(0.123_456_79_f32));
    let odd = s.add_segment(&odd).unwrap();
    let mut next = segment(m, SegmentSource::Me, 2_000, "two");
    next.confidence = Some(0.1 + 0.2);
    let next = s.add_segment(&next).unwrap();
    s.merge_segments(odd.id, next.id).unwrap();
    s.undo_last_correction(m).unwrap();
    assert_eq!(
        s.segment(odd.id).unwrap().confidence.map(f64::to_bits),
        odd.confidence.map(f64::to_bits)
    );
    assert_eq!(
        s.segment(next.id).unwrap().confidence.map(f64::to_bits),
        next.confidence.map(f64::to_bits)
    );
}

#[test]
fn deleting_a_meeting_takes_its_history_and_side_names() {
    let s = test_store();
    let (m, ids) = call(&s);
    s.edit_segment_text(ids[0], "secret words").unwrap();
    s.set_side_speaker(m, SegmentSource::Them, Some("김민수"))
        .unwrap();
    s.delete_meeting(m).unwrap();
    assert!(s.corrections(m).unwrap().is_empty());
    assert!(s.side_speakers(m).unwrap().is_empty());
    assert_eq!(
        s.undo_last_correction(m).unwrap_err().kind(),
        ErrorKind::NotFound
    );
}

/// New lines of a named side show the name however they come: a live commit too.
#[test]
fn lines_added_after_a_side_was_named_show_its_name_unless_they_have_their_own() {
    let s = test_store();
    let (m, _) = call(&s);
    s.set_side_speaker(m, SegmentSource::Them, Some("김민수"))
        .unwrap();
    let live = s
        .add_segment(&segment(m, SegmentSource::Them, 9_000, "네 맞습니다"))
        .unwrap();
    assert_eq!(live.speaker.as_deref(), Some("김민수"));
    let own = s
        .add_segment(&NewSegment {
            speaker: Some("Alex".into()),
            ..segment(m, SegmentSource::Them, 11_000, "yes")
        })
        .unwrap();
    assert_eq!(own.speaker.as_deref(), Some("Alex"));
    let page = s.segments(m, Page::new(2, 4)).unwrap();
    assert_eq!(page.items[0].speaker.as_deref(), Some("김민수"));
}
