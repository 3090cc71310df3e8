//! `onno` against a language model server nobody here wrote: llama-cpp-python's
//! `llama_cpp.server` with a real instruct model, set up as a user of a local server
//! would, with no key and no keychain running.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use onno_test_support::llama_server::{LlamaServer, MODEL_NAME};

use crate::Onno;

const VTT: &str = "WEBVTT

1
00:00:01.000 --> 00:00:05.000
<v Kim Minji>Our MRR is fifty thousand dollars and grows ten percent a month.</v>

2
00:00:06.000 --> 00:00:10.000
<v Alex>Great. We will send you the term sheet by next Friday.</v>

3
00:00:11.000 --> 00:00:15.000
<v Kim Minji>I will share the cohort retention numbers tomorrow.</v>
";

/// `onno` with no Secret Service to reach: the session bus points nowhere.
fn without_keychain(onno: &Onno, args: &[&str]) -> std::process::Output {
    onno.command(args)
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/onno-test-bus",
        )
        .env("ONNO_KEYCHAIN_SERVICE", "onno-cli-test-keyless")
        .env_remove("ONNO_LLM_API_KEY")
        .output()
        .unwrap()
}

#[track_caller]
fn succeeded(out: &std::process::Output) -> (String, String) {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "failed:\n{stdout}\n{stderr}");
    (stdout, stderr)
}

#[test]
fn a_local_server_with_no_key_analyses_a_meeting_with_no_keychain_running() {
    let server = LlamaServer::start();
    let onno = Onno::empty();
    let url = server.base_url();
    let configured = without_keychain(
        &onno,
        &[
            "config",
            "llm",
            "--base-url",
            &url,
            "--model",
            MODEL_NAME,
            "--no-key",
        ],
    );
    let (shown, warnings) = succeeded(&configured);
    assert!(shown.contains("key: none"), "{shown}");
    assert!(!warnings.to_lowercase().contains("keychain"), "{warnings}");

    let file = onno.data_dir().join("call.vtt");
    std::fs::write(&file, VTT).unwrap();
    let id = onno.json(&["import", file.to_str().unwrap()])["meeting_id"]
        .as_i64()
        .unwrap()
        .to_string();
    let (stdout, stderr) = succeeded(&without_keychain(&onno, &["analyze", &id, "--json"]));
    assert!(!stderr.to_lowercase().contains("keychain"), "{stderr}");
    let analysis: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        analysis["llm"]["status"],
        "done",
        "{analysis}\nserver log:\n{}",
        server.log()
    );
    let summary = analysis["summary"]["content"].as_str().unwrap_or_default();
    assert!(!summary.trim().is_empty(), "{analysis}");
    let shown = onno.json(&["meetings", "show", &id]);
    assert_eq!(
        shown["summary"]["content"], summary,
        "the summary is stored"
    );
}
