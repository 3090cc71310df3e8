use onno_store::{NewSegment, SegmentSource, Store};

use crate::Onno;

/// A data folder with one meeting whose transcript mentions the runway, said at 1:05.
fn onno_with_transcript() -> (Onno, i64) {
    let onno = Onno::empty();
    let id = onno.meeting(
        "Acme intro",
        &[
            "--type",
            "investment_screening",
            "--started-at",
            "2026-11-02T12:00:00Z",
        ],
    );
    let store = Store::open(onno.data_dir()).expect("open store");
    store
        .add_segments(&[
            NewSegment {
                meeting_id: id,
                source: SegmentSource::Them,
                speaker: None,
                text: "Our runway is about eighteen months".into(),
                start_ms: 65_000,
                end_ms: 68_000,
                confidence: Some(0.9),
                language: Some("en".into()),
                is_final: true,
            },
            NewSegment {
                meeting_id: id,
                source: SegmentSource::Me,
                speaker: None,
                text: "What about hiring plans".into(),
                start_ms: 70_000,
                end_ms: 72_000,
                confidence: None,
                language: None,
                is_final: true,
            },
        ])
        .expect("segments");
    (onno, id)
}

#[test]
fn search_finds_a_segment_with_a_highlighted_snippet() {
    let (onno, meeting_id) = onno_with_transcript();
    let results = onno.json(&["search", "runway"]);
    assert_eq!(results["total"], 1);
    assert_eq!(results["ranked_by"], "relevance");
    let hit = &results["hits"][0];
    assert_eq!(hit["kind"], "segment");
    assert_eq!(hit["meeting_id"], meeting_id);
    assert_eq!(hit["meeting_title"], "Acme intro");
    assert_eq!(hit["start_ms"], 65_000);
    assert_eq!(hit["source"], "them");
    let spans = hit["snippet"].as_array().expect("snippet spans");
    let highlighted: Vec<&str> = spans
        .iter()
        .filter(|s| s["highlight"] == true)
        .map(|s| s["text"].as_str().expect("text"))
        .collect();
    assert_eq!(highlighted, ["runway"]);
}

#[test]
fn human_output_marks_matches_with_brackets_when_not_a_terminal() {
    let (onno, _) = onno_with_transcript();
    let text = onno.text(&["search", "runway", "eighteen"]);
    assert!(text.contains("Acme intro"), "{text}");
    assert!(text.contains("[01:05] them"), "{text}");
    assert!(
        text.contains("Our [runway] is about [eighteen] months"),
        "{text}"
    );
    assert!(
        !text.contains('\x1b'),
        "no escape codes into a pipe: {text:?}"
    );
}

#[test]
fn filters_narrow_the_search() {
    let (onno, _) = onno_with_transcript();
    let total = |args: &[&str]| {
        let mut all = vec!["search", "runway"];
        all.extend_from_slice(args);
        onno.json(&all)["total"].as_u64().expect("total")
    };
    assert_eq!(total(&["--type", "investment_screening"]), 1);
    assert_eq!(total(&["--type", "sales"]), 0);
    assert_eq!(total(&["--from", "2026-11-03T00:00:00Z"]), 0);
    assert_eq!(total(&["--to", "2026-11-03T00:00:00Z"]), 1);
    assert_eq!(total(&["--relationship", "99"]), 0);
    let none = onno.text(&["search", "zeppelin"]);
    assert!(none.contains("No matches."), "{none}");
}
