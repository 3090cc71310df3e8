use serde_json::json;

use crate::Onno;

const EVERY_OPTION: &[&str] = &[
    "relationships",
    "add",
    "Acme AI",
    "--type",
    "deal",
    "--status",
    "completed",
    "--industry",
    "AI infrastructure",
    "--stage",
    "Series A",
    "--tag",
    "ai",
    "--tag",
    "b2b",
    "--importance",
    "high",
    "--contact-name",
    "Jane Doe",
    "--contact-email",
    "jane@acme.ai",
    "--contact-phone",
    "+82 10-1234-5678",
    "--contact-title",
    "CEO",
    "--member",
    "Kim Minji <minji@acme.ai> (CTO)",
    "--member",
    "박지훈 (advisor)",
    "--first-contact",
    "2026-01-15",
    "--next-meeting",
    "2026-12-01T21:30:00+09:00",
    "--description",
    "Inference chips for edge devices",
    "--notes",
    "Met at demo day",
    "--field",
    "arr=1200000",
    "--field",
    "lead=Kim",
    "--field",
    r#"flags={"hot":true}"#,
];

#[test]
fn add_with_every_option_round_trips_through_list() {
    let onno = Onno::empty();
    let added = onno.json(EVERY_OPTION);
    let list = onno.json(&["relationships", "list"]);
    assert_eq!(list["total"], 1);
    assert_eq!(list["has_more"], false);
    let r = &list["items"][0];
    assert_eq!(r, &added, "list shows what add returned");

    assert_eq!(r["id"], added["id"]);
    assert_eq!(r["name"], "Acme AI");
    assert_eq!(r["type"], "deal");
    assert_eq!(r["status"], "completed");
    assert_eq!(r["industry"], "AI infrastructure");
    assert_eq!(r["stage"], "Series A");
    assert_eq!(r["tags"], json!(["ai", "b2b"]));
    assert_eq!(r["importance"], "high");
    assert_eq!(
        r["primary_contact"],
        json!({
            "name": "Jane Doe",
            "email": "jane@acme.ai",
            "phone": "+82 10-1234-5678",
            "title": "CEO"
        })
    );
    assert_eq!(
        r["team_members"],
        json!([
            { "name": "Kim Minji", "email": "minji@acme.ai", "role": "CTO" },
            { "name": "박지훈", "email": null, "role": "advisor" }
        ])
    );
    assert_eq!(r["first_contact_date"], "2026-01-15");
    assert_eq!(r["next_meeting_at"], "2026-12-01T12:30:00Z");
    assert_eq!(r["description"], "Inference chips for edge devices");
    assert_eq!(r["notes"], "Met at demo day");
    assert_eq!(
        r["custom_fields"],
        json!({ "arr": 1_200_000, "lead": "Kim", "flags": { "hot": true } })
    );
    assert_eq!(r["meeting_count"], 0);
    assert_eq!(r["last_interaction_at"], json!(null));
}

#[test]
fn add_defaults_to_active_and_medium() {
    let onno = Onno::empty();
    let r = onno.json(&["relationships", "add", "Beta", "--type", "client"]);
    assert_eq!(r["status"], "active");
    assert_eq!(r["importance"], "medium");
    assert_eq!(r["tags"], json!([]));
    assert_eq!(r["primary_contact"], json!(null));
}

#[test]
fn edit_changes_only_what_it_is_told_and_show_reflects_it() {
    let onno = Onno::empty();
    let id = onno.json(EVERY_OPTION)["id"].to_string();
    onno.json(&[
        "relationships",
        "edit",
        &id,
        "--name",
        "Acme",
        "--type",
        "portfolio",
        "--status",
        "active",
        "--clear-tags",
        "--tag",
        "seed",
        "--remove-field",
        "lead",
        "--field",
        "arr=2500000",
        "--contact-phone",
        "",
        "--clear-members",
        "--member",
        "Lee <lee@acme.ai>",
        "--importance",
        "low",
        "--stage",
        "",
        "--next-meeting",
        "",
    ]);
    let shown = onno.json(&["relationships", "show", &id]);
    let r = &shown["relationship"];
    assert_eq!(r["name"], "Acme");
    assert_eq!(r["type"], "portfolio");
    assert_eq!(r["status"], "active");
    assert_eq!(r["tags"], json!(["seed"]));
    assert_eq!(
        r["custom_fields"],
        json!({ "arr": 2_500_000, "flags": { "hot": true } })
    );
    assert_eq!(r["primary_contact"]["phone"], json!(null));
    assert_eq!(
        r["primary_contact"]["name"], "Jane Doe",
        "untouched parts stay"
    );
    assert_eq!(
        r["team_members"],
        json!([{ "name": "Lee", "email": "lee@acme.ai", "role": null }])
    );
    assert_eq!(r["importance"], "low");
    assert_eq!(r["stage"], json!(null));
    assert_eq!(r["next_meeting_at"], json!(null));
    assert_eq!(
        r["industry"], "AI infrastructure",
        "options not given keep their values"
    );
    assert_eq!(r["first_contact_date"], "2026-01-15");
    assert_eq!(shown["recent_meetings"], json!([]));
    assert_eq!(shown["data"], json!([]));

    onno.json(&[
        "relationships",
        "edit",
        &id,
        "--clear-contact",
        "--remove-tag",
        "seed",
    ]);
    let r = onno.json(&["relationships", "show", &id]);
    assert_eq!(r["relationship"]["primary_contact"], json!(null));
    assert_eq!(r["relationship"]["tags"], json!([]));
}

#[test]
fn archive_sets_status_archived() {
    let onno = Onno::empty();
    let id = onno.json(EVERY_OPTION)["id"].to_string();
    let archived = onno.json(&["relationships", "archive", &id]);
    assert_eq!(archived["status"], "archived");
    let shown = onno.json(&["relationships", "show", &id]);
    assert_eq!(shown["relationship"]["status"], "archived");
    assert_eq!(shown["relationship"]["name"], "Acme AI");
}

#[test]
fn list_filters_by_type_status_name_tag_importance_and_stage_and_sorts() {
    let onno = Onno::empty();
    onno.json(&[
        "relationships",
        "add",
        "Acme AI",
        "--type",
        "deal",
        "--tag",
        "AI",
        "--stage",
        "Seed",
        "--next-meeting",
        "2027-02-01T09:00:00Z",
    ]);
    onno.json(&[
        "relationships",
        "add",
        "Beta Labs",
        "--type",
        "client",
        "--importance",
        "high",
        "--next-meeting",
        "2027-01-01T09:00:00Z",
    ]);
    let gamma = onno.json(&["relationships", "add", "Gamma", "--type", "deal"]);
    onno.json(&["relationships", "archive", &gamma["id"].to_string()]);

    let names = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["relationships", "list"];
        all.extend_from_slice(args);
        onno.json(&all)["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|r| r["name"].as_str().expect("name").to_owned())
            .collect()
    };
    assert_eq!(names(&["--type", "deal"]), ["Acme AI", "Gamma"]);
    assert_eq!(names(&["--status", "archived"]), ["Gamma"]);
    assert_eq!(names(&["--name", "bET"]), ["Beta Labs"]);
    assert_eq!(names(&["--limit", "1", "--offset", "1"]), ["Beta Labs"]);
    assert_eq!(names(&["--tag", "ai"]), ["Acme AI"]);
    assert_eq!(names(&["--importance", "high"]), ["Beta Labs"]);
    assert_eq!(names(&["--stage", "seed"]), ["Acme AI"]);
    assert_eq!(
        names(&["--sort", "next_meeting"]),
        ["Beta Labs", "Acme AI", "Gamma"]
    );
    onno.fails(&["relationships", "list", "--sort", "mood"], 2);
    let page = onno.json(&["relationships", "list", "--limit", "1"]);
    assert_eq!(page["total"], 3);
    assert_eq!(page["has_more"], true);
}

#[test]
fn human_output_shows_a_table_and_the_details() {
    let onno = Onno::empty();
    let id = onno.json(EVERY_OPTION)["id"].to_string();
    onno.meeting("Acme intro", &["--relationship", &id]);
    let list = onno.text(&["relationships", "list"]);
    assert!(list.starts_with("ID  NAME"), "{list}");
    assert!(list.contains("Acme AI"), "{list}");
    let show = onno.text(&["relationships", "show", &id]);
    for expected in [
        "Relationship 1: Acme AI",
        "Kim Minji <minji@acme.ai> (CTO)",
        "arr: 1200000",
        "Acme intro",
    ] {
        assert!(show.contains(expected), "{expected:?} in {show}");
    }
}

#[test]
fn a_contact_needs_a_name() {
    let onno = Onno::empty();
    let err = onno.fails(
        &[
            "relationships",
            "add",
            "Acme",
            "--type",
            "deal",
            "--contact-email",
            "a@b.co",
        ],
        1,
    );
    assert!(err.contains("--contact-name"), "{err}");
}
