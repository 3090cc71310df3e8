//! `onno import`, `onno analyze` and `onno config llm` end to end: the real binary, a
//! real chat-completions server on loopback, and the real keychain (the Secret Service
//! that `scripts/with-secret-service.sh` provides on Linux).

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::io::Write as _;
use std::process::{Command, Output, Stdio};

use onno_test_support::llm_server::{LlmServer, Reply};

use crate::Onno;

const KEY: &str = "sk-cli-secret-4242";

const VTT: &str = "WEBVTT

1
00:00:01.000 --> 00:00:05.000
<v Kim Minji>저희 MRR은 5만 달러 정도이고 런웨이는 18개월이에요.</v>

2
00:00:06.000 --> 00:00:09.000
<v Alex>Great. We'll send the term sheet by next Friday.</v>
";

/// `onno` with its own keychain service, so tests do not share a key.
pub(crate) fn command(onno: &Onno, service: &str, args: &[&str]) -> Command {
    let mut c = onno.command(args);
    c.env(
        "ONNO_KEYCHAIN_SERVICE",
        format!("onno-cli-test-{service}-{}", std::process::id()),
    )
    .env_remove("ONNO_LLM_API_KEY");
    c
}

fn run_with_stdin(mut c: Command, stdin: &str) -> Output {
    let mut child = c
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[track_caller]
fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// Points `onno config llm` at `server`, with no key.
pub(crate) fn configure(onno: &Onno, service: &str, server: &LlmServer) {
    let url = server.base_url();
    let args = [
        "config",
        "llm",
        "--base-url",
        &url,
        "--model",
        "m",
        "--no-key",
    ];
    ok(&command(onno, service, &args).output().unwrap());
}

fn import(onno: &Onno, extra: &[&str]) -> i64 {
    let file = onno.data_dir().join("call.vtt");
    std::fs::write(&file, VTT).unwrap();
    let mut args = vec!["import", file.to_str().unwrap()];
    args.extend_from_slice(extra);
    onno.json(&args)["meeting_id"].as_i64().unwrap()
}

#[test]
fn an_imported_transcript_is_a_searchable_meeting_with_speakers() {
    let onno = Onno::empty();
    let rel = onno.json(&["relationships", "add", "Acme", "--type", "deal"])["id"]
        .as_i64()
        .unwrap();
    let file = onno.data_dir().join("Acme intro.vtt");
    std::fs::write(&file, VTT).unwrap();
    let imported = onno.json(&[
        "import",
        file.to_str().unwrap(),
        "--relationship",
        &rel.to_string(),
        "--type",
        "investment_screening",
        "--started-at",
        "2026-11-02T10:00:00Z",
    ]);
    assert_eq!(imported["segments"], 2);
    assert_eq!(imported["title"], "Acme intro");
    assert_eq!(
        imported["speakers"],
        serde_json::json!(["Kim Minji", "Alex"])
    );
    let id = imported["meeting_id"].as_i64().unwrap();
    let shown = onno.json(&["meetings", "show", &id.to_string()]);
    assert_eq!(shown["meeting"]["relationship_id"], rel);
    assert_eq!(shown["segments"][1]["speaker"], "Alex");
    assert_eq!(shown["meeting"]["ended_at"], "2026-11-02T10:00:09Z");
    let hits = onno.json(&["search", "런웨이"]);
    assert_eq!(hits["hits"][0]["meeting_id"], id);
}

#[test]
fn a_file_that_is_not_a_transcript_is_refused_and_leaves_nothing() {
    let onno = Onno::empty();
    let file = onno.data_dir().join("notes.txt");
    std::fs::write(&file, "just some notes").unwrap();
    let err = onno.fails(&["import", file.to_str().unwrap()], 1);
    assert!(err.contains("has no cues"), "{err}");
    let err = onno.fails(&["import", "/nonexistent/call.vtt"], 1);
    assert!(err.contains("cannot read"), "{err}");
    let file = onno.data_dir().join("call.vtt");
    std::fs::write(&file, VTT).unwrap();
    let err = onno.fails(
        &["import", file.to_str().unwrap(), "--relationship", "99"],
        3,
    );
    assert!(err.contains("relationship"), "{err}");
    assert_eq!(onno.json(&["meetings", "list"])["total"], 0);
}

#[test]
fn analyze_without_the_model_finds_the_signals_and_records_the_facts() {
    let onno = Onno::empty();
    let rel = onno.json(&[
        "relationships",
        "add",
        "Acme",
        "--type",
        "deal",
        "--industry",
        "saas",
        "--stage",
        "seed",
    ])["id"]
        .as_i64()
        .unwrap();
    let id = import(
        &onno,
        &[
            "--relationship",
            &rel.to_string(),
            "--type",
            "investment_screening",
        ],
    );
    let analysis = onno.json(&["analyze", &id.to_string(), "--no-llm"]);
    assert_eq!(analysis["llm"]["status"], "skipped");
    assert_eq!(analysis["facts_recorded"], 2, "{analysis}");
    let kinds: Vec<&str> = analysis["signals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"metric_spotted"), "{kinds:?}");
    let text = onno.text(&["analyze", &id.to_string(), "--no-llm"]);
    assert!(text.contains("checklist:"), "{text}");
    assert!(
        text.contains("(0 new facts recorded)"),
        "a second run records nothing twice: {text}"
    );
    onno.fails(&["analyze", "999", "--no-llm"], 3);
}

#[test]
fn the_configured_model_gets_the_key_from_the_keychain_and_the_key_is_stored_nowhere_else() {
    let onno = Onno::empty();
    let server = LlmServer::start();
    let id = import(&onno, &["--started-at", "2026-11-02T10:00:00Z"]);
    let out = run_with_stdin(
        command(
            &onno,
            "keychain",
            &[
                "config",
                "llm",
                "--base-url",
                &server.base_url(),
                "--model",
                "test-model",
                "--key-stdin",
            ],
        ),
        &format!("{KEY}\n"),
    );
    let shown = ok(&out);
    assert!(shown.contains("key: stored in the keychain"), "{shown}");
    assert!(!shown.contains(KEY));

    server.push(Reply::json(
        r#"{"items":[{"text":"Send the term sheet","assignee":"Alex","due":"next Friday","confidence":0.9}]}"#,
    ));
    server.push(Reply::stream(
        r#"{"summary":"Acme intro call.","key_points":["MRR $50K"],"decisions":[]}"#,
        6,
    ));
    let out = command(&onno, "keychain", &["analyze", &id.to_string(), "--json"])
        .output()
        .unwrap();
    let analysis: serde_json::Value = serde_json::from_str(&ok(&out)).unwrap();
    assert_eq!(analysis["llm"]["status"], "done");
    assert_eq!(analysis["action_items"][0]["due_date"], "2026-11-13");
    assert_eq!(analysis["action_items"][0]["status"], "pending");
    assert_eq!(
        server.requests()[0].header("authorization"),
        Some(format!("Bearer {KEY}").as_str())
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains(KEY));

    // The environment variable wins and is never stored.
    server.push(Reply::json(r#"{"items":[]}"#));
    server.push(Reply::json(
        r#"{"summary":"Again.","key_points":[],"decisions":[]}"#,
    ));
    let out = command(&onno, "keychain", &["analyze", &id.to_string()])
        .env("ONNO_LLM_API_KEY", "sk-from-env-77")
        .output()
        .unwrap();
    ok(&out);
    assert_eq!(
        server.requests()[2].header("authorization"),
        Some("Bearer sk-from-env-77")
    );

    // Nothing in the data folder holds either key.
    for entry in walk(onno.data_dir()) {
        let bytes = std::fs::read(&entry).unwrap();
        for secret in [KEY, "sk-from-env-77"] {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                "{secret} found in {}",
                entry.display()
            );
        }
    }
    let out = command(&onno, "keychain", &["config", "llm", "--no-key"])
        .output()
        .unwrap();
    assert!(ok(&out).contains("key: none"));
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn a_failing_model_is_a_clear_error_and_the_meeting_stays_as_it_was() {
    let onno = Onno::empty();
    let server = LlmServer::start();
    let id = import(&onno, &[]);
    let before = onno.json(&["meetings", "show", &id.to_string()]);
    configure(&onno, "failing", &server);
    server.push(Reply::Status(401));
    let out = command(&onno, "failing", &["analyze", &id.to_string()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("refused the key"), "{stderr}");
    assert_eq!(onno.json(&["meetings", "show", &id.to_string()]), before);
}

#[test]
fn switched_off_nothing_is_sent() {
    let onno = Onno::empty();
    let server = LlmServer::start();
    let id = import(&onno, &[]);
    configure(&onno, "off", &server);
    ok(&command(
        &onno,
        "off",
        &["config", "llm", "--meeting", &id.to_string(), "--off"],
    )
    .output()
    .unwrap());
    let out = command(&onno, "off", &["analyze", &id.to_string(), "--json"])
        .output()
        .unwrap();
    let analysis: serde_json::Value = serde_json::from_str(&ok(&out)).unwrap();
    assert_eq!(analysis["llm"]["status"], "skipped");
    assert_eq!(analysis["llm"]["reason"], "off_for_meeting");

    ok(&command(
        &onno,
        "off",
        &["config", "llm", "--meeting", &id.to_string(), "--on"],
    )
    .output()
    .unwrap());
    let shown = ok(&command(&onno, "off", &["config", "llm", "--off"])
        .output()
        .unwrap());
    assert!(shown.contains("language model: off"), "{shown}");
    let out = command(&onno, "off", &["analyze", &id.to_string(), "--json"])
        .output()
        .unwrap();
    let analysis: serde_json::Value = serde_json::from_str(&ok(&out)).unwrap();
    assert_eq!(analysis["llm"]["reason"], "off_in_settings");
    // In words, for a person.
    let shown = ok(&command(&onno, "off", &["analyze", &id.to_string()])
        .output()
        .unwrap());
    assert!(
        shown.contains("skipped (the language model is off in the settings)"),
        "{shown}"
    );
    assert!(server.requests().is_empty());
}

#[test]
fn settings_that_would_store_a_key_are_refused() {
    let onno = Onno::empty();
    let out = command(
        &onno,
        "refuse",
        &[
            "config",
            "llm",
            "--base-url",
            "https://api.example.com/v1",
            "--model",
            "m",
            "--header",
            "Authorization=Bearer sk-oops",
        ],
    )
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("keychain"), "{stderr}");
    let err = onno.fails(&["config", "llm", "--off"], 1);
    assert!(err.contains("--base-url and --model"), "{err}");
}

#[test]
fn without_a_keychain_storing_a_key_fails_with_what_to_do() {
    let onno = Onno::empty();
    let mut c = command(
        &onno,
        "nokeychain",
        &[
            "config",
            "llm",
            "--base-url",
            "https://api.example.com/v1",
            "--model",
            "m",
            "--key-stdin",
        ],
    );
    c.env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus");
    let out = run_with_stdin(c, "sk-x\n");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("keychain"), "{stderr}");
    assert!(stderr.contains("Secret Service"), "{stderr}");
    assert!(!stderr.contains("sk-x"));
    let shown = ok(&command(&onno, "nokeychain", &["config", "llm", "--json"])
        .output()
        .unwrap());
    assert!(
        shown.contains("\"settings\": null"),
        "nothing half-stored: {shown}"
    );
}

#[test]
fn a_keyless_endpoint_is_set_up_and_used_with_no_keychain_running() {
    let onno = Onno::empty();
    let server = LlmServer::start();
    let id = import(&onno, &["--started-at", "2026-11-02T10:00:00Z"]);
    let no_keychain = |args: &[&str]| {
        let mut c = command(&onno, "keyless", args);
        c.env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus");
        c.output().unwrap()
    };
    let url = server.base_url();
    let out = no_keychain(&[
        "config",
        "llm",
        "--base-url",
        &url,
        "--model",
        "qwen",
        "--no-key",
    ]);
    let shown = ok(&out);
    assert!(
        shown.contains("key: none (the endpoint needs no key)"),
        "{shown}"
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // The same item twice: the second is left out, and the usage says why.
    server.push(Reply::json(
        r#"{"items":[{"text":"Send the deck","assignee":"Alex","due":null,"confidence":0.9},
                     {"text":"Send the deck","assignee":"Alex","due":null,"confidence":0.9}]}"#,
    ));
    server.push(Reply::json(
        r#"{"summary":"A short call.","key_points":[],"decisions":[]}"#,
    ));
    let out = no_keychain(&["analyze", &id.to_string(), "--json"]);
    let analysis: serde_json::Value = serde_json::from_str(&ok(&out)).unwrap();
    assert_eq!(analysis["llm"]["status"], "done", "{analysis}");
    assert_eq!(analysis["usage"]["calls"], 2, "{analysis}");
    assert_eq!(analysis["usage"]["failed"], 0);
    assert_eq!(analysis["usage"]["dropped_reasons"]["repeats_earlier"], 1);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("keychain"),
        "no keychain warning: {stderr}"
    );
    assert!(server.requests()[0].header("authorization").is_none());

    server.push(Reply::json(r#"{"items":[]}"#));
    server.push(Reply::json(
        r#"{"summary":"Again.","key_points":[],"decisions":[]}"#,
    ));
    let text = ok(&no_keychain(&["analyze", &id.to_string()]));
    assert!(
        text.contains("language model usage for this meeting: 4 calls")
            && text.contains("1 unusable answer left out: 1 repeating an earlier one"),
        "{text}"
    );

    // Changing the model keeps the endpoint keyless.
    let out = no_keychain(&["config", "llm", "--model", "qwen2", "--json"]);
    let shown: serde_json::Value = serde_json::from_str(&ok(&out)).unwrap();
    assert_eq!(shown["settings"]["keyless"], true);
}
