//! `onno record` and `onno devices` on a real PulseAudio server
//! (scripts/with-pulseaudio.sh), with speech played into its virtual devices.
#![allow(clippy::unwrap_used)]

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use onno_audio::Decoder;
use onno_test_support::audio::espeak;
use onno_test_support::llm_server::{LlmServer, Reply};
use onno_test_support::pulse::{self, MEET_SINK, MIC_FEED_SINK};
use onno_test_support::{ModelShape, test_model};

use crate::Onno;

fn model() -> String {
    test_model(ModelShape::Tiny).display().to_string()
}

/// Seconds of audio a WAV file decodes to, as any reader would see it (no repair).
fn decoded_seconds(path: &std::path::Path) -> f64 {
    let mut stream = Decoder::open(path).unwrap();
    let mut n = 0usize;
    while let Some(frame) = stream.next_frame() {
        n += frame.unwrap().samples.len();
    }
    n as f64 / 16_000.0
}

#[test]
fn devices_lists_the_virtual_microphone_and_the_calls_output() {
    let _server = pulse::exclusive();
    let onno = Onno::empty();
    let devices = onno.json(&["devices"]);
    let list = devices.as_array().unwrap();
    let named = |n: &str| list.iter().find(|d| d["name"] == n).unwrap().clone();
    assert_eq!(named("meet")["loopback"], "meet.monitor");
    assert_eq!(named("meet")["default"], true);
    assert_eq!(named("vmic")["input"], true);
}

#[test]
fn record_prints_both_sides_and_keeps_the_meeting() {
    let _server = pulse::exclusive();
    let onno = Onno::empty();
    let them = espeak(
        "Revenue was two million last year.",
        &onno.data_dir().join("them.wav"),
    );
    let me = espeak(
        "And what about gross margin?",
        &onno.data_dir().join("me.wav"),
    );
    let model = model();
    let mut command = onno.command(&[
        "record",
        "--model",
        &model,
        "--duration",
        "9",
        "--title",
        "Pitch",
        "--final-pass",
        "--json",
    ]);
    let (_, child) = start_recording(&mut command);
    pulse::play_to_end(MEET_SINK, &them.path);
    std::thread::sleep(Duration::from_millis(500));
    pulse::play_to_end(MIC_FEED_SINK, &me.path);
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let recorded: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(recorded["stopped"], "duration");
    let segments = recorded["segments"].as_array().unwrap();
    assert!(segments.iter().any(|s| s["source"] == "them"), "{recorded}");
    assert!(segments.iter().any(|s| s["source"] == "me"), "{recorded}");
    let id = recorded["meeting_id"].as_i64().unwrap();
    let shown = onno.json(&["meetings", "show", &id.to_string()]);
    assert_eq!(shown["meeting"]["status"], "completed", "{shown}");
    assert_eq!(shown["meeting"]["title"], "Pitch");
    assert_eq!(recorded["audio_files"].as_array().unwrap().len(), 2);
    // --final-pass replaced the live text; what is printed is the final transcript.
    assert!(
        recorded["final_pass"]["added"].as_u64().unwrap() > 0,
        "{recorded}"
    );
    assert!(segments.iter().all(|s| s["is_final"] == true), "{recorded}");
    // Analysed on the final transcript; with no model configured, offline only.
    let analysis = &recorded["analysis"];
    assert_eq!(analysis["segments"], segments.len(), "{analysis}");
    assert_eq!(analysis["llm"]["status"], "skipped", "{analysis}");
}

#[test]
fn the_meeting_is_analysed_when_the_recording_ends() {
    let _server = pulse::exclusive();
    let onno = Onno::empty();
    let llm = LlmServer::start();
    crate::copilot::configure(&onno, "record", &llm);
    llm.answer_when("question_suggestions", Reply::json(r#"{"questions":[]}"#));
    llm.answer_when(
        "action_items",
        Reply::json(
            r#"{"items":[{"text":"Send the deck","assignee":"Them","due":null,"confidence":0.9}]}"#,
        ),
    );
    llm.answer_when(
        "meeting_summary",
        Reply::json(r#"{"summary":"Revenue came up.","key_points":["Revenue"],"decisions":[]}"#),
    );
    let them = espeak(
        "Revenue was two million last year.",
        &onno.data_dir().join("them.wav"),
    );
    let model = model();
    let args = [
        "record",
        "--model",
        &model,
        "--no-mic",
        "--duration",
        "6",
        "--json",
    ];
    let (_, child) = start_recording(&mut crate::copilot::command(&onno, "record", &args));
    pulse::play_to_end(MEET_SINK, &them.path);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let recorded: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let analysis = &recorded["analysis"];
    assert_eq!(analysis["llm"]["status"], "done", "{recorded}");
    assert!(
        analysis["summary"].to_string().contains("Revenue came up."),
        "{analysis}"
    );
    let items = recorded["action_items"].as_array().unwrap();
    assert!(
        items.iter().any(|i| i["text"] == "Send the deck"),
        "{recorded}"
    );
    let sent = llm.requests();
    assert!(sent.iter().any(|r| r.body.contains("meeting_summary")));
}

#[test]
fn a_microphone_that_does_not_exist_is_a_clear_error() {
    let _server = pulse::exclusive();
    let onno = Onno::empty();
    let model = model();
    let stderr = onno.fails(
        &["record", "--model", &model, "--mic", "Missing USB Mic"],
        1,
    );
    assert!(stderr.contains("Missing USB Mic"), "{stderr}");
    assert_eq!(onno.json(&["meetings", "list"])["total"], 0);
}

/// Starts `onno record` on the call's audio alone, with no end of its own. Each line it
/// prints comes out of the receiver as it is printed; the thread returns them all.
fn record_the_call_until_stopped(
    onno: &Onno,
    model: &str,
) -> (
    Child,
    mpsc::Receiver<String>,
    std::thread::JoinHandle<Vec<String>>,
) {
    let mut child = onno
        .command(&[
            "record",
            "--model",
            model,
            "--no-mic",
            "--silence-stop",
            "0",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (lines_tx, lines) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut all = Vec::new();
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = lines_tx.send(line.clone());
            all.push(line);
        }
        all
    });
    (child, lines, reader)
}

/// Starts `onno record` with its output piped and waits until it is recording.
fn start_recording(command: &mut Command) -> (Instant, Child) {
    let child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_for_start(child)
}

/// Waits until `onno record` says it is recording; returns when, and the child.
fn wait_for_start(mut child: Child) -> (Instant, Child) {
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut sent = false;
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if !sent && line.contains("recording meeting") {
                let _ = tx.send(Instant::now());
                sent = true;
            }
        }
    });
    let at = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("onno record did not start recording");
    (at, child)
}

#[test]
fn kill_9_at_random_moments_loses_nothing_committed_and_at_most_a_second_of_audio() {
    let _server = pulse::exclusive();
    let onno = Onno::empty();
    let speech = espeak(
        "We signed two pilots this quarter. The first one converts in January. \
         Our burn is about one hundred thousand a month and the runway is eighteen months.",
        &onno.data_dir().join("call.wav"),
    );
    let model = model();
    let db = onno.data_dir().join("onno.db");
    let mut meetings = Vec::new();
    let mut printed_in_all = 0;
    for run in 0..10u64 {
        let (child, lines, _) = record_the_call_until_stopped(&onno, &model);
        let (started, mut child) = wait_for_start(child);
        let player = pulse::play(MEET_SINK, &speech.path);
        let mut printed: Vec<String> = Vec::new();
        // A spread of moments: mid-utterance, mid-decoding, between utterances. The
        // last runs first wait for a committed line (however slow the machine), so
        // that some kills land with a transcript on disk.
        let spread = Duration::from_millis((run * 1_237) % 6_000);
        if run >= 7 {
            let first = lines
                .recv_timeout(Duration::from_secs(120))
                .expect("a committed line within two minutes");
            printed.push(first);
            std::thread::sleep(spread / 4);
        } else {
            let after = Duration::from_millis(1_000) + spread;
            std::thread::sleep(after.saturating_sub(started.elapsed()));
        }
        child.kill().unwrap(); // SIGKILL
        let killed = started.elapsed().as_secs_f64();
        let _ = child.wait();
        let _ = { player }.kill();
        printed.extend(lines.try_iter());
        printed_in_all += printed.len();

        let conn = rusqlite::Connection::open(&db).unwrap();
        let integrity: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(integrity, "ok", "run {run}");
        let id: i64 = conn
            .query_row("SELECT max(id) FROM meetings", [], |r| r.get(0))
            .unwrap();
        let texts: Vec<String> = conn
            .prepare("SELECT text FROM transcript_segments WHERE meeting_id = ?1")
            .unwrap()
            .query_map([id], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for line in &printed {
            // "[0:03] them: text"
            let text = line.split_once(": ").map(|(_, t)| t).unwrap_or_default();
            assert!(
                texts.iter().any(|t| t == text),
                "run {run}: printed but not stored: {line:?} (stored: {texts:?})"
            );
        }
        let wav = onno.data_dir().join(format!("meetings/{id}/system.wav"));
        let seconds = decoded_seconds(&wav);
        assert!(
            seconds >= killed - 1.0,
            "run {run}: killed after {killed:.2} s, the file decodes to {seconds:.2} s"
        );
        meetings.push((id, seconds));
    }
    assert!(
        printed_in_all > 0,
        "no run got as far as a committed segment"
    );
    // Each start closes the meetings interrupted before it; the last one is closed by
    // the next recording.
    let out = onno.run(&["record", "--model", &model, "--no-mic", "--duration", "1"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    let (last, _) = meetings.last().unwrap();
    assert!(
        stderr.contains(&format!("meeting {last} was interrupted")),
        "{stderr}"
    );
    for (id, seconds) in &meetings {
        let shown = onno.json(&["meetings", "show", &id.to_string()]);
        assert_eq!(shown["meeting"]["status"], "completed", "{shown}");
        // Closed at the length of its recording (timestamps are whole seconds).
        let length = shown["meeting"]["duration_ms"].as_i64().unwrap() as f64 / 1000.0;
        assert!(
            length >= seconds - 1.0,
            "{length} s for {seconds:.2} s of audio: {shown}"
        );
    }
}

#[test]
fn ctrl_c_or_a_termination_signal_finishes_the_meeting_with_what_was_said() {
    let _server = pulse::exclusive();
    let onno = Onno::empty();
    let speech = espeak(
        "We closed the seed round in March and hired four engineers.",
        &onno.data_dir().join("call.wav"),
    );
    let model = model();
    for signal in ["INT", "TERM"] {
        let (child, lines, reader) = record_the_call_until_stopped(&onno, &model);
        let (started, child) = wait_for_start(child);
        pulse::play_to_end(MEET_SINK, &speech.path);
        lines
            .recv_timeout(Duration::from_secs(120))
            .expect("a committed line within two minutes");
        let signalled = started.elapsed().as_secs_f64();
        let sent = std::process::Command::new("kill")
            .args([&format!("-{signal}"), &child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "SIG{signal}: {:?}", out.status);
        let printed = reader.join().unwrap();

        let list = onno.json(&["meetings", "list"]);
        let id = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|m| m["id"].as_i64())
            .max()
            .unwrap();
        let shown = onno.json(&["meetings", "show", &id.to_string()]);
        // Finished by the recorder itself, not left for the next start to recover.
        assert_eq!(
            shown["meeting"]["status"], "completed",
            "SIG{signal}: {shown}"
        );
        assert!(shown["meeting"]["ended_at"].is_string(), "{shown}");
        let stored: Vec<&str> = shown["segments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["text"].as_str().unwrap())
            .collect();
        for line in &printed {
            let text = line.split_once(": ").map(|(_, t)| t).unwrap_or_default();
            assert!(
                stored.contains(&text),
                "SIG{signal}: {line:?} not in {stored:?}"
            );
        }
        let wav = onno.data_dir().join(format!("meetings/{id}/system.wav"));
        let seconds = decoded_seconds(&wav);
        assert!(
            seconds >= signalled - 1.0,
            "SIG{signal} after {signalled:.2} s; the file decodes to {seconds:.2} s"
        );
    }
}

#[test]
fn audio_retention_deletes_old_recordings_at_once_and_keeps_the_meeting() {
    let _server = pulse::exclusive();
    let onno = Onno::empty();
    let model = model();
    let out = onno.run(&["record", "--model", &model, "--no-mic", "--duration", "2"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let wav = onno.data_dir().join("meetings/1/system.wav");
    assert!(wav.exists());
    assert_eq!(
        onno.json(&["config", "audio-retention"])["audio_retention"],
        "keep"
    );

    // Forty-five days pass.
    let conn = rusqlite::Connection::open(onno.data_dir().join("onno.db")).unwrap();
    conn.execute(
        "UPDATE meetings SET started_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-45 days')",
        [],
    )
    .unwrap();
    drop(conn);

    let sixty = onno.json(&["config", "audio-retention", "60"]);
    assert_eq!(sixty["audio_retention"], "60");
    assert_eq!(sixty["recordings_deleted"], 0);
    assert!(wav.exists(), "45 days old is inside 60 days");

    let thirty = onno.json(&["config", "audio-retention", "30"]);
    assert_eq!(thirty["recordings_deleted"], 1, "{thirty}");
    assert!(!wav.exists());
    let shown = onno.json(&["meetings", "show", "1"]);
    assert_eq!(shown["meeting"]["status"], "completed", "{shown}");
    assert_eq!(shown["meeting"]["audio_paths"], serde_json::json!([]));

    onno.fails(&["config", "audio-retention", "45"], 2);
}
