use onno_store::{NewActionItem, NewSegment, SegmentSource, Store, SummaryInput};
use serde_json::json;

use crate::Onno;

#[test]
fn add_list_show_with_json() {
    let onno = Onno::empty();
    let rel = onno.json(&["relationships", "add", "Acme AI", "--type", "deal"])["id"].to_string();
    let added = onno.json(&[
        "meetings",
        "add",
        "--title",
        "Acme intro",
        "--type",
        "investment_screening",
        "--started-at",
        "2026-11-02T21:30:00+09:00",
        "--relationship",
        &rel,
        "--language",
        "ko",
    ]);
    assert_eq!(added["title"], "Acme intro");
    assert_eq!(added["type"], "investment_screening");
    assert_eq!(added["started_at"], "2026-11-02T12:30:00Z");
    assert_eq!(added["relationship_name"], "Acme AI");
    assert_eq!(added["language"], "ko");
    assert_eq!(added["status"], "active");
    let other = onno.meeting("Weekly sync", &["--started-at", "2026-11-03T09:00:00Z"]);

    let list = onno.json(&["meetings", "list"]);
    assert_eq!(list["total"], 2);
    assert_eq!(list["items"][0]["id"], other, "newest first");
    assert_eq!(list["items"][1], added);
    assert_eq!(list["items"][0]["type"], "general", "the default type");

    let by_relationship = onno.json(&["meetings", "list", "--relationship", &rel]);
    assert_eq!(by_relationship["items"], json!([added]));
    let by_type = onno.json(&["meetings", "list", "--type", "general"]);
    assert_eq!(by_type["total"], 1);
    assert_eq!(by_type["items"][0]["id"], other);
    let paged = onno.json(&["meetings", "list", "--limit", "1", "--offset", "1"]);
    assert_eq!(paged["items"][0]["id"], added["id"]);
    assert_eq!(paged["has_more"], false);

    let id = added["id"].to_string();
    let shown = onno.json(&["meetings", "show", &id]);
    assert_eq!(shown["meeting"], added);
    for key in ["participants", "segments", "notes", "action_items"] {
        assert_eq!(shown[key], json!([]), "{key}");
    }
    assert_eq!(shown["summary"], json!(null));
}

#[test]
fn show_prints_the_transcript_and_what_followed() {
    let onno = Onno::empty();
    let id = onno.meeting("Acme intro", &["--started-at", "2026-11-02T12:00:00Z"]);
    {
        let store = Store::open(onno.data_dir()).expect("open store");
        let segment = |source, start_ms, text: &str| NewSegment {
            meeting_id: id,
            source,
            speaker: None,
            text: text.to_owned(),
            start_ms,
            end_ms: start_ms + 2_000,
            confidence: None,
            language: None,
            is_final: true,
        };
        store
            .add_segments(&[
                segment(SegmentSource::Me, 3_000, "How long is your runway?"),
                segment(SegmentSource::Them, 65_500, "About eighteen months."),
            ])
            .expect("segments");
        store.add_note(id, "Strong team").expect("note");
        store
            .save_summary(
                id,
                &SummaryInput {
                    content: "A first look at Acme.".into(),
                    key_points: vec!["18 months of runway".into()],
                    ..SummaryInput::default()
                },
            )
            .expect("summary");
        store
            .add_action_item(&NewActionItem {
                meeting_id: id,
                text: "Send the data room".into(),
                assignee: Some("Jane".into()),
                due_date: None,
                confidence: None,
            })
            .expect("action item");
    }
    let id = id.to_string();
    let text = onno.text(&["meetings", "show", &id]);
    for expected in [
        "Meeting 1: Acme intro",
        "[00:03] me: How long is your runway?",
        "[01:05] them: About eighteen months.",
        "Strong team",
        "A first look at Acme.",
        "18 months of runway",
        "[pending] Send the data room (Jane)",
    ] {
        assert!(text.contains(expected), "{expected:?} in {text}");
    }
    let shown = onno.json(&["meetings", "show", &id]);
    assert_eq!(shown["segments"].as_array().map(Vec::len), Some(2));
    assert_eq!(shown["segments"][1]["source"], "them");
    assert_eq!(shown["notes"][0]["body"], "Strong team");
    assert_eq!(shown["summary"]["content"], "A first look at Acme.");
    assert_eq!(shown["action_items"][0]["text"], "Send the data room");

    let list = onno.text(&["meetings", "list"]);
    assert!(list.starts_with("ID  STARTED (UTC)"), "{list}");
    assert!(list.contains("2026-11-02 12:00  Acme intro"), "{list}");
}

#[test]
fn delete_without_yes_and_without_a_terminal_refuses_and_keeps_the_meeting() {
    let onno = Onno::empty();
    let id = onno.meeting("Keep me", &[]).to_string();
    let err = onno.fails(&["meetings", "delete", &id], 1);
    assert!(err.starts_with("onno: error: "), "{err}");
    assert!(err.contains("--yes"), "{err}");
    assert_eq!(
        onno.json(&["meetings", "show", &id])["meeting"]["title"],
        "Keep me"
    );

    let deleted = onno.json(&["meetings", "delete", &id, "--yes"]);
    assert_eq!(
        deleted,
        json!({ "deleted": "meeting", "id": id.parse::<i64>().expect("id") })
    );
    let err = onno.fails(&["meetings", "show", &id], 3);
    assert!(
        err.contains(&format!("meeting {id} does not exist")),
        "{err}"
    );
    assert_eq!(onno.json(&["meetings", "list"])["total"], 0);
}

#[test]
fn edit_changes_title_type_relationship_and_guests() {
    let onno = Onno::empty();
    let acme = onno.json(&["relationships", "add", "Acme AI", "--type", "deal"])["id"].to_string();
    let beta = onno.json(&["relationships", "add", "Beta", "--type", "partner"])["id"].to_string();
    let id = onno
        .meeting(
            "Call",
            &[
                "--relationship",
                &acme,
                "--started-at",
                "2026-11-02T12:00:00Z",
            ],
        )
        .to_string();
    let edited = onno.json(&[
        "meetings",
        "edit",
        &id,
        "--title",
        "Beta partnership",
        "--type",
        "partnership",
        "--relationship",
        &beta,
        "--participant",
        "김민수 <minsu@beta.io>",
        "--participant",
        "Dana",
    ]);
    assert_eq!(edited["title"], "Beta partnership");
    assert_eq!(edited["type"], "partnership");
    assert_eq!(edited["relationship_name"], "Beta");
    let shown = onno.json(&["meetings", "show", &id]);
    let people: Vec<(String, serde_json::Value)> = shown["participants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["name"].as_str().unwrap().to_owned(), p["email"].clone()))
        .collect();
    assert_eq!(
        people,
        [
            ("김민수".to_owned(), json!("minsu@beta.io")),
            ("Dana".to_owned(), json!(null))
        ]
    );
    let on_acme = onno.json(&["meetings", "list", "--relationship", &acme]);
    assert_eq!(on_acme["total"], 0, "it left Acme's timeline");

    // What is not given stays; --no-relationship unlinks.
    let unlinked = onno.json(&["meetings", "edit", &id, "--no-relationship"]);
    assert_eq!(unlinked["title"], "Beta partnership");
    assert_eq!(unlinked["relationship_id"], json!(null));
    let err = onno.fails(&["meetings", "edit", &id, "--participant", "<x@y.z>"], 2);
    assert!(err.contains("has no name"), "{err}");
}
