//! The key and the transcript never reach the database or the logs, even at trace
//! level (the endpoint gets the key in a header only).
//!
//! A test binary of its own: which log call sites reach a subscriber is cached for the
//! whole process, and tests on other threads that meet them first, with no subscriber
//! set, can leave this one's capture empty.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::io::Write;
use std::sync::{Arc, Mutex};

use onno_assist::analyze_meeting;
use onno_llm::{LlmClient, LlmSettings};
use onno_test_support::llm_server::{LlmServer, Reply};

use onno_test_support::store::{TestStore, meeting, say, test_store};

// The client set-up is the language model crate's own test helper.
#[path = "../../llm/tests/it/setup.rs"]
mod setup;
use setup::{config, runtime};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

const KEY: &str = "sk-test-secret-123";
const SPOKEN: &str = "비밀 프로젝트 코드명은 블루버드입니다";

#[test]
fn the_key_never_reaches_the_database_or_the_logs() {
    let logs = Captured::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let TestStore { store, _dir: dir } = test_store();
    let server = LlmServer::start();
    let (id, _) = meeting(&store, Some(("SaaS", "Seed")));
    say(&store, id, 1_000, SPOKEN);
    LlmSettings::new(&server.base_url(), "test-model")
        .save(&store)
        .unwrap();
    let client = LlmClient::new(config(&server, true)).unwrap();
    server.push(Reply::json(r#"{"items":[]}"#));
    server.push(Reply::stream(
        r#"{"summary":"A short call.","key_points":[],"decisions":[]}"#,
        5,
    ));
    let analysis = runtime()
        .block_on(analyze_meeting(&store, id, Ok(&client), &mut |_| {}))
        .unwrap();
    assert_eq!(analysis.llm, onno_assist::LlmOutcome::Done);
    assert_eq!(
        server.requests()[0].header("authorization"),
        Some("Bearer sk-test-secret-123")
    );

    let logs = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("language model call"),
        "the calls are logged: {logs}"
    );
    assert!(!logs.contains(KEY), "the key is in the logs");
    assert!(!logs.contains("블루버드"), "transcript text is in the logs");

    drop(client);
    drop(store); // checkpoints the WAL into the file
    let mut files = 0;
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            let bytes = std::fs::read(&path).unwrap();
            let found = bytes.windows(KEY.len()).any(|w| w == KEY.as_bytes());
            assert!(!found, "the key is in {}", path.display());
            files += 1;
        }
    }
    assert!(files >= 1, "the database was checked");
}
