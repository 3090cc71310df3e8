//! The language model client against a real local server speaking chat completions.

use std::time::{Duration, Instant};

use onno_llm::{
    ApiKey, CallFor, LlmClient, LlmConfig, LlmErrorKind, LlmSettings, Message, Reply as Answer, ask,
};
use onno_test_support::llm_server::{LlmServer, Reply};
use schemars::JsonSchema;
use serde::Deserialize;

use crate::setup::{config, runtime};
use crate::{meeting, test_store};

#[derive(Debug, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Score {
    pub label: String,
    #[schemars(range(min = 0, max = 1))]
    pub score: f64,
}

impl Answer for Score {
    const NAME: &'static str = "score";
}

/// A call that belongs to no meeting.
fn outside_a_meeting(store: &onno_store::Store) -> CallFor<'_> {
    CallFor {
        store,
        meeting_id: None,
        purpose: "test",
    }
}

fn ask_score(
    server: &LlmServer,
    config: LlmConfig,
) -> (Result<Score, onno_llm::LlmError>, Vec<onno_store::LlmUsage>) {
    let store = test_store();
    let (id, _) = meeting(&store, None);
    // A call for a meeting reads the switches from the stored settings first.
    config.settings.save(&store).unwrap();
    let client = LlmClient::new(config).unwrap();
    let call = CallFor {
        store: &store,
        meeting_id: Some(id),
        purpose: "test",
    };
    let result = runtime().block_on(ask::<Score>(&client, call, &[Message::user("rate this")]));
    let _ = server;
    (result, store.llm_usage(id).unwrap())
}

#[test]
fn a_valid_answer_is_parsed_and_its_usage_recorded() {
    let server = LlmServer::start();
    server.push(Reply::json(r#"{"label":"good","score":0.8}"#));
    let (result, usage) = ask_score(&server, config(&server, false));
    assert_eq!(
        result.unwrap(),
        Score {
            label: "good".into(),
            score: 0.8
        }
    );
    assert_eq!(usage.len(), 1);
    assert!(usage[0].ok);
    assert_eq!(
        (usage[0].prompt_tokens, usage[0].completion_tokens),
        (100, 20)
    );
    assert_eq!(usage[0].model, "test-model");

    let sent = &server.requests()[0];
    assert_eq!(sent.path, "/v1/chat/completions");
    assert_eq!(
        sent.header("authorization"),
        Some("Bearer sk-test-secret-123")
    );
    let body = sent.json();
    assert_eq!(body["model"], "test-model");
    assert_eq!(body["response_format"]["type"], "json_schema");
    assert_eq!(
        body["response_format"]["json_schema"]["schema"]["required"][0],
        "label"
    );
    assert!(body.get("stream").is_none());
}

#[test]
fn a_streamed_answer_is_put_together_from_its_events() {
    let server = LlmServer::start();
    server.push(Reply::stream(r#"{"label":"스트림","score":0.25}"#, 3));
    let (result, usage) = ask_score(&server, config(&server, true));
    assert_eq!(result.unwrap().label, "스트림");
    assert!(usage[0].ok && !usage[0].estimated);
    let body = server.requests()[0].json();
    assert_eq!(body["stream"], true);
    assert_eq!(body["stream_options"]["include_usage"], true);
}

#[test]
fn a_server_that_does_not_stream_is_read_in_one_piece() {
    let server = LlmServer::start();
    server.push(Reply::json(r#"{"label":"plain","score":0.5}"#));
    let (result, _) = ask_score(&server, config(&server, true));
    assert_eq!(result.unwrap().label, "plain");
}

#[test]
fn malformed_json_gets_one_repair_request_with_the_error() {
    let server = LlmServer::start();
    // Bare but broken JSON: the endpoint honoured response_format, the model slipped.
    server.push(Reply::json("{label: good}"));
    server.push(Reply::json(
        "```json\n{\"label\":\"fixed\",\"score\":0.1}\n```",
    ));
    let (result, usage) = ask_score(&server, config(&server, false));
    assert_eq!(result.unwrap().label, "fixed");
    assert_eq!(usage.len(), 2);
    // A broken answer is a failed call, not a format negotiation; its repair is marked.
    assert!(!usage[0].ok && !usage[0].format_refused);
    assert_eq!(usage[1].attempt, onno_store::LlmAttempt::Repair);
    let repair = server.requests()[1].json();
    let messages = repair["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 3);
    assert_eq!(messages[1]["role"], "assistant");
    assert!(
        messages[2]["content"]
            .as_str()
            .unwrap()
            .contains("not valid")
    );
}

#[test]
fn an_answer_that_breaks_the_schema_twice_fails_clearly() {
    let server = LlmServer::start();
    server.push(Reply::json(r#"{"label":"x","score":7}"#));
    server.push(Reply::json(r#"{"label":"x","score":0.5,"extra":true}"#));
    let (result, usage) = ask_score(&server, config(&server, false));
    let err = result.unwrap_err();
    assert_eq!(err.kind(), LlmErrorKind::BadReply);
    assert!(err.to_string().contains("unknown field `extra`"), "{err}");
    assert!(err.to_string().contains("repair"), "{err}");
    assert_eq!(usage.len(), 2);
    assert!(
        server.requests()[1]
            .body
            .contains("`score` is 7, outside 0..1")
    );
}

#[test]
fn a_429_waits_for_retry_after_then_succeeds() {
    let server = LlmServer::start();
    server.push(Reply::RateLimited {
        retry_after_secs: 1,
    });
    server.push(Reply::json(r#"{"label":"ok","score":0}"#));
    let started = Instant::now();
    let (result, usage) = ask_score(&server, config(&server, false));
    assert_eq!(result.unwrap().label, "ok");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After honoured"
    );
    assert_eq!(server.requests().len(), 2);
    assert_eq!(
        usage.len(),
        1,
        "one logical call, retried inside the client"
    );
}

#[test]
fn a_retry_after_longer_than_allowed_fails_as_rate_limited() {
    let server = LlmServer::start();
    server.push(Reply::RateLimited {
        retry_after_secs: 3_600,
    });
    let (result, usage) = ask_score(&server, config(&server, false));
    let err = result.unwrap_err();
    assert_eq!(err.kind(), LlmErrorKind::RateLimited);
    assert!(err.to_string().contains("rate limit"), "{err}");
    assert_eq!(usage[0].error_kind.as_deref(), Some("rate_limited"));
}

#[test]
fn server_errors_are_retried_with_backoff_and_then_reported() {
    let server = LlmServer::start();
    for _ in 0..3 {
        server.push(Reply::Status(500));
    }
    let (result, usage) = ask_score(&server, config(&server, false));
    let err = result.unwrap_err();
    assert_eq!(err.kind(), LlmErrorKind::Http(500));
    assert!(err.to_string().contains("HTTP 500"), "{err}");
    assert_eq!(server.requests().len(), 3, "one try and two retries");
    assert_eq!(usage[0].error_kind.as_deref(), Some("http_500"));
}

#[test]
fn a_refused_key_is_not_retried() {
    let server = LlmServer::start();
    server.push(Reply::Status(401));
    let (result, _) = ask_score(&server, config(&server, false));
    let err = result.unwrap_err();
    assert_eq!(err.kind(), LlmErrorKind::Http(401));
    assert!(err.to_string().contains("refused the key"), "{err}");
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn an_answer_slower_than_the_timeout_fails_as_a_timeout() {
    let server = LlmServer::start();
    server.push(Reply::Slow(
        Duration::from_secs(3),
        Box::new(Reply::json(r#"{"label":"late","score":0}"#)),
    ));
    let mut config = config(&server, false);
    config.timeout = Duration::from_millis(300);
    let started = Instant::now();
    let (result, _) = ask_score(&server, config);
    let err = result.unwrap_err();
    assert_eq!(err.kind(), LlmErrorKind::Timeout);
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[test]
fn a_five_megabyte_answer_is_refused_without_being_read() {
    for announced in [true, false] {
        let server = LlmServer::start();
        server.push(Reply::Huge {
            bytes: 5 << 20,
            announced,
        });
        let (result, _) = ask_score(&server, config(&server, false));
        let err = result.unwrap_err();
        assert_eq!(err.kind(), LlmErrorKind::TooLarge, "announced: {announced}");
        assert!(err.to_string().contains("1024 KiB"), "{err}");
    }
}

#[test]
fn nothing_listening_is_reported_as_offline() {
    let server = LlmServer::start();
    let mut config = config(&server, false);
    // A port nothing listens on: bind one, note it, let it go.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    config.settings.base_url = format!("http://127.0.0.1:{port}/v1");
    let (result, _) = ask_score(&server, config);
    let err = result.unwrap_err();
    assert_eq!(err.kind(), LlmErrorKind::Offline);
    assert!(err.to_string().contains("cannot reach 127.0.0.1"), "{err}");
}

#[test]
fn azure_style_endpoints_get_the_key_header_and_api_version() {
    let server = LlmServer::start();
    server.push(Reply::json(r#"{"label":"az","score":1}"#));
    let mut config = config(&server, false);
    config.settings.base_url = format!("{}/openai/deployments/gpt4o", server.base_url());
    config.settings.query = vec![("api-version".into(), "2024-10-21".into())];
    config.settings.key_header = Some("api-key".into());
    config.settings.headers = vec![("x-team".into(), "onno".into())];
    let (result, _) = ask_score(&server, config);
    result.unwrap();
    let sent = &server.requests()[0];
    assert_eq!(sent.path, "/v1/openai/deployments/gpt4o/chat/completions");
    assert_eq!(sent.query.as_deref(), Some("api-version=2024-10-21"));
    assert_eq!(sent.header("api-key"), Some("sk-test-secret-123"));
    assert_eq!(sent.header("authorization"), None);
    assert_eq!(sent.header("x-team"), Some("onno"));
}

#[test]
fn a_server_without_a_key_gets_no_authorization_header() {
    let server = LlmServer::start();
    server.push(Reply::json(r#"{"label":"local","score":1}"#));
    let mut config = config(&server, false);
    config.api_key = None;
    ask_score(&server, config).0.unwrap();
    assert_eq!(server.requests()[0].header("authorization"), None);
}

#[test]
fn settings_that_would_leak_a_key_are_refused() {
    let mut settings = LlmSettings::new("https://api.example.com/v1", "m");
    settings.headers = vec![("Authorization".into(), "Bearer sk-oops".into())];
    let err = settings.validate().unwrap_err();
    assert_eq!(err.kind(), LlmErrorKind::Config);
    assert!(err.to_string().contains("keychain"), "{err}");

    let remote_http = LlmSettings::new("http://llm.example.com/v1", "m");
    let err = LlmClient::new(LlmConfig::new(remote_http.clone(), ApiKey::new("k")))
        .err()
        .unwrap();
    assert!(err.to_string().contains("plain http"), "{err}");
    // Without a key a plain-http server on the network is fine (a LAN llama.cpp).
    assert!(LlmClient::new(LlmConfig::new(remote_http, None)).is_ok());
    assert!(format!("{:?}", ApiKey::new("sk-secret").unwrap()).contains("***"));
}

#[test]
fn a_request_over_the_token_budget_is_not_sent() {
    let server = LlmServer::start();
    let mut config = config(&server, false);
    config.max_prompt_tokens = 50;
    let client = LlmClient::new(config).unwrap();
    let store = test_store();
    let call = outside_a_meeting(&store);
    let long = "런웨이 ".repeat(100);
    let err = runtime()
        .block_on(ask::<Score>(&client, call, &[Message::user(long)]))
        .unwrap_err();
    assert_eq!(err.kind(), LlmErrorKind::OverBudget);
    assert!(server.requests().is_empty());
}

#[test]
fn the_client_side_limit_refuses_the_call_past_the_minute_budget() {
    let server = LlmServer::start();
    for _ in 0..2 {
        server.push(Reply::json(r#"{"label":"x","score":0}"#));
    }
    let mut config = config(&server, false);
    config.calls_per_minute = 2;
    config.max_wait = Duration::from_millis(10);
    let client = LlmClient::new(config).unwrap();
    let store = test_store();
    let call = outside_a_meeting(&store);
    let rt = runtime();
    for _ in 0..2 {
        rt.block_on(ask::<Score>(&client, call, &[Message::user("x")]))
            .unwrap();
    }
    let err = rt
        .block_on(ask::<Score>(&client, call, &[Message::user("x")]))
        .unwrap_err();
    assert_eq!(err.kind(), LlmErrorKind::RateLimited);
    assert!(err.to_string().contains("at most 2"), "{err}");
    assert_eq!(server.requests().len(), 2, "the third call never left");
}
