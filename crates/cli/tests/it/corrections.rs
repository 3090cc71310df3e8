//! `onno meetings lines`, `speakers` and `undo`: a transcript corrected from the command
//! line, addressed by the line ids `meetings show` prints.

use onno_store::{NewSegment, ProfileUpdate, SegmentSource, Store};
use serde_json::{Value, json};

use crate::Onno;

/// A meeting with three lines: them at 0:01, me at 0:03, them at 0:05.
fn onno_with_call() -> (Onno, String, Vec<String>) {
    let onno = Onno::empty();
    let id = onno.meeting("Acme intro", &["--started-at", "2026-11-02T12:00:00Z"]);
    let store = Store::open(onno.data_dir()).expect("open store");
    let line = |source, start_ms, text: &str| NewSegment {
        meeting_id: id,
        source,
        speaker: None,
        text: text.to_owned(),
        start_ms,
        end_ms: start_ms + 1_000,
        confidence: Some(0.8),
        language: Some("ko".into()),
        is_final: true,
    };
    let ids = store
        .add_segments(&[
            line(SegmentSource::Them, 1_000, "런웨이는 18개월입니다"),
            line(SegmentSource::Me, 3_000, "매출은요?"),
            line(SegmentSource::Them, 5_000, "월 5만 달러 정도"),
        ])
        .expect("segments");
    (
        onno,
        id.to_string(),
        ids.iter().map(i64::to_string).collect(),
    )
}

fn total(onno: &Onno, query: &str) -> u64 {
    onno.json(&["search", query])["total"]
        .as_u64()
        .expect("total")
}

fn texts(shown: &Value) -> Vec<String> {
    shown["segments"]
        .as_array()
        .expect("segments")
        .iter()
        .map(|s| s["text"].as_str().expect("text").to_owned())
        .collect()
}

#[test]
fn show_prints_line_ids_and_an_edit_is_searchable_and_undone() {
    let (onno, meeting, lines) = onno_with_call();
    let shown = onno.text(&["meetings", "show", &meeting]);
    for expected in [
        format!("#{} [00:01] them: 런웨이는 18개월입니다", lines[0]),
        format!("#{} [00:03] me: 매출은요?", lines[1]),
    ] {
        assert!(shown.contains(&expected), "{expected:?} in {shown}");
    }

    let edited = onno.json(&[
        "meetings",
        "lines",
        "edit",
        &lines[0],
        "런웨이는 20개월입니다",
    ]);
    assert_eq!(edited["text"], "런웨이는 20개월입니다");
    assert_eq!(edited["edited"], true);
    assert_eq!(edited["id"].to_string(), lines[0]);
    assert_eq!(total(&onno, "20개월"), 1);
    assert_eq!(total(&onno, "18개월"), 0);

    let undone = onno.json(&["meetings", "undo", &meeting]);
    assert_eq!(undone["meeting_id"].to_string(), meeting);
    assert_eq!(undone["undone"]["correction"]["kind"], "edit_text");
    assert_eq!(
        undone["undone"]["segments"][0]["text"],
        "런웨이는 18개월입니다"
    );
    assert_eq!(undone["undone"]["segments"][0]["edited"], false);
    assert_eq!(total(&onno, "18개월"), 1);
    assert_eq!(total(&onno, "20개월"), 0);

    let nothing = onno.json(&["meetings", "undo", &meeting]);
    assert_eq!(nothing["undone"], Value::Null);
    let text = onno.text(&["meetings", "undo", &meeting]);
    assert!(text.contains("Nothing to undo"), "{text}");
}

#[test]
fn speakers_name_a_side_a_line_or_the_user_and_undo_takes_them_back() {
    let (onno, meeting, lines) = onno_with_call();
    let named = onno.json(&[
        "meetings",
        "speakers",
        &meeting,
        "--side",
        "them",
        "--name",
        "김민수",
    ]);
    assert_eq!(
        named["speakers"],
        json!([{ "source": "them", "name": "김민수" }])
    );
    let shown = onno.json(&["meetings", "show", &meeting]);
    assert_eq!(shown["speakers"], named["speakers"]);
    let speakers: Vec<&Value> = shown["segments"]
        .as_array()
        .expect("segments")
        .iter()
        .map(|s| &s["speaker"])
        .collect();
    assert_eq!(speakers, [&json!("김민수"), &Value::Null, &json!("김민수")]);
    let text = onno.text(&["meetings", "show", &meeting]);
    assert!(text.contains("them (김민수): 런웨이는"), "{text}");
    assert!(text.contains("speakers      them: 김민수"), "{text}");

    // The user's side by the profile's name; an empty profile name is an error.
    let err = onno.fails(
        &[
            "meetings",
            "speakers",
            &meeting,
            "--side",
            "me",
            "--profile",
        ],
        1,
    );
    assert!(err.contains("--name"), "{err}");
    {
        let store = Store::open(onno.data_dir()).expect("open store");
        let mut profile = ProfileUpdate::from(store.profile().expect("profile"));
        profile.name = "Jiwon".into();
        store.update_profile(&profile).expect("profile");
    }
    let named = onno.json(&[
        "meetings",
        "speakers",
        &meeting,
        "--side",
        "me",
        "--profile",
    ]);
    assert_eq!(
        named["speakers"][0],
        json!({ "source": "me", "name": "Jiwon" })
    );

    let line = onno.json(&[
        "meetings", "speakers", &meeting, "--line", &lines[2], "--name", "Alex",
    ]);
    assert_eq!(line["speaker"], "Alex");
    assert_eq!(line["edited"], true);
    let other = onno.meeting("Other", &[]).to_string();
    let err = onno.fails(
        &[
            "meetings", "speakers", &other, "--line", &lines[2], "--name", "X",
        ],
        1,
    );
    assert!(err.contains(&format!("in meeting {meeting}")), "{err}");

    let cleared = onno.json(&[
        "meetings", "speakers", &meeting, "--side", "them", "--clear",
    ]);
    assert_eq!(
        cleared["speakers"],
        json!([{ "source": "me", "name": "Jiwon" }])
    );
    let shown = onno.json(&["meetings", "show", &meeting]);
    assert_eq!(shown["segments"][0]["speaker"], Value::Null);
    assert_eq!(
        shown["segments"][2]["speaker"], "Alex",
        "its own name stays"
    );

    for kind in ["name_side", "name_line", "name_side", "name_side"] {
        let undone = onno.json(&["meetings", "undo", &meeting]);
        assert_eq!(undone["undone"]["correction"]["kind"], kind);
    }
    let shown = onno.json(&["meetings", "show", &meeting]);
    assert_eq!(shown["speakers"], json!([]));
    assert!(
        shown["segments"]
            .as_array()
            .expect("segments")
            .iter()
            .all(|s| s["speaker"].is_null())
    );
}

#[test]
fn merge_and_split_lines_and_walk_them_back() {
    let (onno, meeting, lines) = onno_with_call();
    let before = onno.json(&["meetings", "show", &meeting])["segments"].clone();

    let merged = onno.json(&["meetings", "lines", "merge", &lines[0]]);
    assert_eq!(merged["text"], "런웨이는 18개월입니다 월 5만 달러 정도");
    assert_eq!(
        (merged["start_ms"].as_i64(), merged["end_ms"].as_i64()),
        (Some(1_000), Some(6_000))
    );
    let shown = onno.json(&["meetings", "show", &meeting]);
    assert_eq!(
        texts(&shown),
        ["런웨이는 18개월입니다 월 5만 달러 정도", "매출은요?"]
    );

    // Character 4 is the space after "런웨이는", whatever its byte offset.
    let split = onno.json(&["meetings", "lines", "split", &lines[0], "--at", "4"]);
    assert_eq!(split[0]["text"], "런웨이는");
    assert_eq!(split[1]["text"], "18개월입니다 월 5만 달러 정도");
    assert_eq!(split[0]["end_ms"], split[1]["start_ms"]);
    let text = onno.text(&["meetings", "lines", "split", &lines[0], "--at", "2"]);
    assert!(text.contains("Split line"), "{text}");
    assert!(text.contains(": 런웨"), "{text}");
    assert_eq!(total(&onno, "달러"), 1);

    for kind in ["split", "split", "merge"] {
        let undone = onno.json(&["meetings", "undo", &meeting]);
        assert_eq!(undone["undone"]["correction"]["kind"], kind);
    }
    let after = onno.json(&["meetings", "show", &meeting])["segments"].clone();
    assert_eq!(after, before, "the transcript exactly as it was");
}

#[test]
fn bad_corrections_fail_with_the_right_status_and_change_nothing() {
    let (onno, meeting, lines) = onno_with_call();
    let err = onno.fails(&["meetings", "lines", "split", &lines[0], "--at", "0"], 1);
    assert!(err.contains("split offset"), "{err}");
    let err = onno.fails(&["meetings", "lines", "split", &lines[0], "--at", "12"], 1);
    assert!(err.contains("split offset"), "{err}");
    let err = onno.fails(&["meetings", "lines", "merge", &lines[2]], 1);
    assert!(err.contains("next segment"), "{err}");
    let err = onno.fails(&["meetings", "lines", "edit", &lines[0], "   "], 1);
    assert!(err.contains("segment text"), "{err}");
    onno.fails(&["meetings", "lines", "edit", "424242", "x"], 3);
    onno.fails(&["meetings", "lines", "merge", "424242"], 3);
    onno.fails(&["meetings", "lines", "split", "424242", "--at", "1"], 3);
    onno.fails(&["meetings", "undo", "424242"], 3);
    onno.fails(
        &[
            "meetings", "speakers", "424242", "--side", "them", "--name", "X",
        ],
        3,
    );
    // Usage: one of --side and --line, one of --name, --profile and --clear.
    onno.fails(&["meetings", "speakers", &meeting, "--name", "X"], 2);
    onno.fails(&["meetings", "speakers", &meeting, "--side", "them"], 2);
    onno.fails(
        &[
            "meetings", "speakers", &meeting, "--side", "file", "--name", "X",
        ],
        2,
    );
    let shown = onno.json(&["meetings", "show", &meeting]);
    assert_eq!(texts(&shown).len(), 3);
    assert_eq!(
        onno.json(&["meetings", "undo", &meeting])["undone"],
        Value::Null
    );
}
