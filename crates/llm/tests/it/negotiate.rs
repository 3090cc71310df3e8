//! Structured output against endpoints that take it differently: one that refuses
//! `json_schema` (llama-cpp-python's server), one that ignores `response_format`, and
//! errors that carry the server's own words and are not retried when retrying cannot
//! help.

use onno_llm::{
    CallFor, ChatRequest, LlmClient, LlmErrorKind, Message, StructuredMode, ask, remembered_mode,
};
use onno_store::{LlmAttempt, Store};
use onno_test_support::llm_server::{Imitate, LlmServer, Reply};

use crate::llm_client::Score;
use crate::setup::{config, runtime};
use crate::{meeting, test_store};

const GOOD: &str = r#"{"label":"good","score":0.8}"#;

/// A client for `server` whose settings are stored, and the meeting its calls are for.
fn client(store: &Store, server: &LlmServer) -> (LlmClient, i64) {
    let (id, _) = meeting(store, None);
    let config = config(server, false);
    config.settings.save(store).unwrap();
    (LlmClient::new(config).unwrap(), id)
}

fn ask_score(client: &LlmClient, store: &Store, id: i64) -> Result<Score, onno_llm::LlmError> {
    let call = CallFor {
        store,
        meeting_id: Some(id),
        purpose: "test",
    };
    runtime().block_on(ask::<Score>(client, call, &[Message::user("rate this")]))
}

fn format_of(request: &onno_test_support::llm_server::LlmRequest) -> String {
    let body = request.json();
    body["response_format"]["type"]
        .as_str()
        .unwrap_or("none")
        .to_owned()
}

#[test]
fn a_server_that_refuses_json_schema_gets_json_object_once_and_from_then_on() {
    let store = test_store();
    let server = LlmServer::start();
    server.imitate(Imitate::LlamaCppPython);
    let (client, id) = client(&store, &server);
    server.push(Reply::json(GOOD));
    assert_eq!(ask_score(&client, &store, id).unwrap().label, "good");

    let requests = server.requests();
    let formats: Vec<String> = requests.iter().map(format_of).collect();
    assert_eq!(
        formats,
        ["json_schema", "json_object"],
        "the 500 is not retried"
    );
    let second = requests[1].json();
    assert_eq!(
        second["response_format"]["schema"]["properties"]["score"]["maximum"],
        1.0
    );
    let system = second["messages"][0]["content"].as_str().unwrap();
    assert!(system.contains("JSON schema"), "{system}");
    assert_eq!(
        remembered_mode(&store, &client.config().settings).unwrap(),
        Some(StructuredMode::JsonObject)
    );
    let usage = store.llm_usage(id).unwrap();
    assert_eq!(usage[0].error_kind.as_deref(), Some("http_500"));
    // The refusal is a format negotiation, not a failure; the next call is its fallback.
    assert!(usage[0].format_refused && usage[0].attempt == LlmAttempt::First);
    assert!(usage[1].ok && !usage[1].format_refused);
    assert_eq!(usage[1].attempt, LlmAttempt::FormatFallback);

    // The next call, even from a new client, asks the way that worked: no refused request.
    let again = LlmClient::new(config(&server, false)).unwrap();
    server.push(Reply::json(GOOD));
    ask_score(&again, &store, id).unwrap();
    let formats: Vec<String> = server.requests().iter().map(format_of).collect();
    assert_eq!(formats, ["json_schema", "json_object", "json_object"]);
}

#[test]
fn a_server_that_ignores_response_format_gets_the_schema_in_the_prompt() {
    let store = test_store();
    let server = LlmServer::start();
    server.imitate(Imitate::IgnoresFormat);
    let (client, id) = client(&store, &server);
    // Wrapped in prose and out of range: not usable, and a sign the format was ignored.
    server.push(Reply::json(r#"{"label":"x","score":7}"#));
    server.push(Reply::json(GOOD));
    assert_eq!(ask_score(&client, &store, id).unwrap().label, "good");
    let requests = server.requests();
    let formats: Vec<String> = requests.iter().map(format_of).collect();
    assert_eq!(formats, ["json_schema", "none"]);
    let usage = store.llm_usage(id).unwrap();
    let marks: Vec<(LlmAttempt, bool, bool)> = usage
        .iter()
        .map(|u| (u.attempt, u.format_refused, u.ok))
        .collect();
    assert_eq!(
        marks,
        [
            (LlmAttempt::First, true, false),
            (LlmAttempt::FormatFallback, false, true)
        ]
    );
    let asked = requests[1].json();
    let system = asked["messages"][0]["content"].as_str().unwrap();
    assert!(
        system.contains(r#""maximum":1"#),
        "the schema's limits are in the prompt: {system}"
    );
    assert_eq!(
        remembered_mode(&store, &client.config().settings).unwrap(),
        Some(StructuredMode::Prompt)
    );

    // Remembered: the next call goes straight to the prompt, and a prose-wrapped answer
    // that follows the schema is taken as it is.
    server.push(Reply::json(GOOD));
    ask_score(&client, &store, id).unwrap();
    assert_eq!(format_of(&server.requests()[2]), "none");
    assert_eq!(server.requests().len(), 3);
}

#[test]
fn a_server_that_refuses_every_response_format_is_asked_in_the_prompt() {
    let store = test_store();
    let server = LlmServer::start();
    let (client, id) = client(&store, &server);
    let refusal = |mode: &str| {
        Reply::Raw {
        status: 400,
        content_type: "application/json".into(),
        body: format!(r#"{{"error":{{"message":"'{mode}' is not supported for response_format","type":"invalid_request_error"}}}}"#).into_bytes(),
    }
    };
    server.push(refusal("json_schema"));
    server.push(refusal("json_object"));
    server.push(Reply::json(GOOD));
    ask_score(&client, &store, id).unwrap();
    let formats: Vec<String> = server.requests().iter().map(format_of).collect();
    assert_eq!(formats, ["json_schema", "json_object", "none"]);
    let usage = store.llm_usage(id).unwrap();
    let refused: Vec<bool> = usage.iter().map(|u| u.format_refused).collect();
    assert_eq!(refused, [true, true, false]);
    assert_eq!(
        remembered_mode(&store, &client.config().settings).unwrap(),
        Some(StructuredMode::Prompt)
    );
}

#[test]
fn a_validation_error_is_reported_in_the_servers_words_and_not_retried() {
    let server = LlmServer::start();
    let client = LlmClient::new(config(&server, false)).unwrap();
    let transcript = "블루버드 인수 가격은 300억입니다";
    // A 500 that is a validation error of the request (llama-cpp-python answers those
    // with 500), and a FastAPI 422 that echoes the input (the transcript) back.
    server.push(Reply::Raw {
        status: 500,
        content_type: "application/json".into(),
        body: br#"{"error":{"message":"Validation error: messages.0.role must be one of system, user, assistant"}}"#.to_vec(),
    });
    let detail = serde_json::json!({"detail": [{"loc": ["body", "messages", 0, "content"],
        "msg": "field required", "input": transcript}]});
    server.push(Reply::Raw {
        status: 422,
        content_type: "application/json".into(),
        body: detail.to_string().into_bytes(),
    });
    let messages = [Message::user(transcript)];
    let request = ChatRequest {
        messages: &messages,
        schema: None,
        mode: StructuredMode::Prompt,
    };
    let rt = runtime();
    let first = rt.block_on(client.chat(request)).unwrap_err();
    assert_eq!(first.kind(), LlmErrorKind::Http(500));
    assert!(!first.is_transient());
    assert!(
        first.to_string().contains("must be one of system"),
        "{first}"
    );
    assert!(!first.to_string().contains("try again later"), "{first}");
    assert_eq!(server.requests().len(), 1, "not retried");

    let second = rt.block_on(client.chat(request)).unwrap_err();
    assert_eq!(second.kind(), LlmErrorKind::Http(422));
    assert!(second.to_string().contains("field required"), "{second}");
    assert!(
        !second.to_string().contains("블루버드"),
        "the transcript is never in an error"
    );
    assert_eq!(server.requests().len(), 2, "not retried");
}

#[test]
fn a_servers_long_message_is_cut() {
    let server = LlmServer::start();
    let client = LlmClient::new(config(&server, false)).unwrap();
    server.push(Reply::Raw {
        status: 400,
        content_type: "text/plain".into(),
        body: "bad request ".repeat(200).into_bytes(),
    });
    let messages = [Message::user("hi")];
    let request = ChatRequest {
        messages: &messages,
        schema: None,
        mode: StructuredMode::Prompt,
    };
    let err = runtime().block_on(client.chat(request)).unwrap_err();
    assert!(err.to_string().chars().count() < 420, "{err}");
    assert!(err.to_string().ends_with("…)"), "{err}");
}
