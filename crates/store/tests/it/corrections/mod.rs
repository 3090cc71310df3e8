//! A transcript corrected after the call: text, speakers, merges and splits, each
//! searchable at once, audited, and undoable.

mod merge_split;
mod undo;

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
