//! "Test connection" against a real loopback server: each wrong setting is told apart.

use std::time::Duration;

use onno_llm::{LlmSettings, ProbeProblem, StructuredMode, probe};
use onno_test_support::llm_server::{Imitate, LlmServer, Reply};

use crate::setup::{config, runtime};
use crate::test_store;

const ANSWER: &str = r#"{"reply":"ok"}"#;

fn run(server: &LlmServer) -> onno_llm::ProbeReport {
    let store = test_store();
    runtime().block_on(probe(&store, config(server, false), Duration::from_secs(2)))
}

fn json_error(status: u16, message: &str) -> Reply {
    Reply::Raw {
        status,
        content_type: "application/json".into(),
        body: serde_json::json!({ "error": { "message": message } })
            .to_string()
            .into_bytes(),
    }
}

#[test]
fn a_working_endpoint_reports_the_structured_mode_it_took() {
    let server = LlmServer::start();
    server.push(Reply::json(ANSWER));
    let report = run(&server);
    assert_eq!(report.problem, None, "{report:?}");
    assert_eq!(report.mode, Some(StructuredMode::JsonSchema));
    assert_eq!(report.model.as_deref(), Some("test-model"));
    let sent = &server.requests()[0];
    assert_eq!(
        sent.header("authorization"),
        Some("Bearer sk-test-secret-123")
    );

    // llama-cpp-python's server refuses json_schema: the test says json_object worked.
    let server = LlmServer::start();
    server.imitate(Imitate::LlamaCppPython);
    server.push(Reply::json(ANSWER));
    let report = run(&server);
    assert_eq!(report.problem, None, "{report:?}");
    assert_eq!(report.mode, Some(StructuredMode::JsonObject));
}

#[test]
fn a_refused_connection_is_a_wrong_url() {
    // A port nothing listens on any more.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let store = test_store();
    let mut cfg = config(&LlmServer::start(), false);
    cfg.settings = LlmSettings::new(&format!("http://127.0.0.1:{port}/v1"), "test-model");
    let report = runtime().block_on(probe(&store, cfg, Duration::from_secs(2)));
    assert_eq!(report.problem, Some(ProbeProblem::WrongUrl), "{report:?}");
}

#[test]
fn a_404_without_the_model_is_a_wrong_url_and_with_it_a_wrong_model() {
    let server = LlmServer::start();
    server.push(Reply::Raw {
        status: 404,
        content_type: "text/plain".into(),
        body: b"404 page not found".to_vec(),
    });
    assert_eq!(run(&server).problem, Some(ProbeProblem::WrongUrl));

    let server = LlmServer::start();
    server.push(json_error(404, "The model `test-model` does not exist"));
    let report = run(&server);
    assert_eq!(report.problem, Some(ProbeProblem::WrongModel), "{report:?}");
    assert!(report.detail.is_some_and(|d| d.contains("does not exist")));

    // Ollama says it this way.
    let server = LlmServer::start();
    server.push(json_error(
        404,
        "model \"test-model\" not found, try pulling it first",
    ));
    assert_eq!(run(&server).problem, Some(ProbeProblem::WrongModel));
}

#[test]
fn a_refused_key_is_a_wrong_key() {
    for status in [401, 403] {
        let server = LlmServer::start();
        server.push(json_error(status, "Incorrect API key provided"));
        let report = run(&server);
        assert_eq!(
            report.problem,
            Some(ProbeProblem::WrongKey),
            "{status}: {report:?}"
        );
        let detail = report.detail.unwrap_or_default();
        assert!(!detail.contains("sk-test-secret-123"), "{detail}");
    }
}

#[test]
fn no_answer_in_time_is_a_timeout() {
    let server = LlmServer::start();
    server.push(Reply::Slow(
        Duration::from_secs(3),
        Box::new(Reply::json(ANSWER)),
    ));
    let store = test_store();
    let report = runtime().block_on(probe(
        &store,
        config(&server, false),
        Duration::from_millis(500),
    ));
    assert_eq!(report.problem, Some(ProbeProblem::Timeout), "{report:?}");
    assert_eq!(server.requests().len(), 1, "a test is not retried");
}
