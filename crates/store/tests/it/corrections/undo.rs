//! Undo: back through mixed corrections in order, with freed ids, a bounded history
//! and exact values.

use super::*;

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
