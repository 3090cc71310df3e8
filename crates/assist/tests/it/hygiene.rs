//! What a small model answers inside the schema but should not be kept: statements as
//! questions, transcript lines repeated back, owners run into tasks; and the count of
//! what was dropped on the call's usage record.

use std::collections::BTreeMap;

use onno_assist::{ContextBudget, extract_action_items, suggest_questions};
use onno_llm::{LlmClient, LlmSettings};
use onno_store::Store;
use onno_test_support::llm_server::{LlmServer, Reply};

use crate::{config, meeting, runtime, say, test_store};

fn setup(store: &Store, server: &LlmServer) -> (i64, LlmClient) {
    let (id, _) = meeting(store, None);
    say(store, id, 10_000, "월간 이탈률은 3%입니다.");
    say(store, id, 20_000, "We will send the deck by Friday.");
    LlmSettings::new(&server.base_url(), "test-model")
        .save(store)
        .unwrap();
    (id, LlmClient::new(config(server, false)).unwrap())
}

/// One round of suggestions over the whole transcript; the texts stored.
fn suggest(client: &LlmClient, store: &Store, id: i64) -> Vec<String> {
    let segments = store.transcript(id).unwrap();
    let budget = ContextBudget::default();
    let run = suggest_questions(client, store, id, &segments, &[], &budget);
    let stored = runtime().block_on(run).unwrap();
    stored.into_iter().map(|q| q.text).collect()
}

fn reasons(pairs: &[(&str, u32)]) -> BTreeMap<String, u32> {
    pairs.iter().map(|(r, n)| (r.to_string(), *n)).collect()
}

#[test]
fn statements_and_repeated_lines_are_dropped_and_counted_in_korean_and_english() {
    let store = test_store();
    let server = LlmServer::start();
    let (id, client) = setup(&store, &server);
    server.push(Reply::json(
        r#"{"questions":[
          {"question":"월간 이탈률은 3%입니다.","priority":"critical","reason":"restated"},
          {"question":"월간 이탈률은 3%입니까?","priority":"important","reason":"echo"},
          {"question":"Monthly churn is 3%.","priority":"important","reason":"statement"},
          {"question":"이탈률은 어떤 기준으로 계산하셨나요","priority":"critical","reason":"basis"}]}"#,
    ));
    // At most three questions in the schema: the fourth is refused as a whole, so the
    // model is asked once more and answers within the limit.
    server.push(Reply::json(
        r#"{"questions":[
          {"question":"월간 이탈률은 3%입니다.","priority":"critical","reason":"restated"},
          {"question":"Monthly churn is 3%.","priority":"important","reason":"statement"},
          {"question":"이탈률은 어떤 기준으로 계산하셨나요","priority":"critical","reason":"basis"}]}"#,
    ));
    let texts = suggest(&client, &store, id);
    assert_eq!(texts, ["이탈률은 어떤 기준으로 계산하셨나요"]);
    let usage = store.llm_usage(id).unwrap();
    assert_eq!(usage.len(), 2, "the answer over the limit, then its repair");
    assert!(
        usage[0].dropped.is_empty(),
        "a refused answer drops nothing one by one"
    );
    assert_eq!(usage[1].dropped, reasons(&[("not_a_question", 2)]));

    server.push(Reply::json(
        r#"{"questions":[
          {"question":"이탈률은 어떤 기준으로 계산하셨나요?","priority":"critical","reason":"again"},
          {"question":"We will send the deck by Friday?","priority":"important","reason":"echo"},
          {"question":"What is your gross margin?","priority":"important","reason":"new"}]}"#,
    ));
    let texts = suggest(&client, &store, id);
    assert_eq!(texts, ["What is your gross margin?"]);
    let usage = store.llm_usage(id).unwrap();
    assert_eq!(
        usage[2].dropped,
        reasons(&[("repeats_earlier", 1), ("repeats_transcript", 1)])
    );
}

#[test]
fn an_owner_run_into_the_task_is_stored_as_the_assignee() {
    let store = test_store();
    let server = LlmServer::start();
    let (id, client) = setup(&store, &server);
    server.push(Reply::json(
        r#"{"items":[
          {"text":"Alex: send the deck by Friday","assignee":null,"due":"by Friday","confidence":0.9},
          {"text":"김민지 - 코호트 데이터 공유","assignee":"김민지","due":null,"confidence":0.8},
          {"text":"Send the deck by Friday","assignee":"Alex","due":null,"confidence":0.7}]}"#,
    ));
    let segments = store.transcript(id).unwrap();
    let items = runtime()
        .block_on(extract_action_items(&client, &store, id, &segments))
        .unwrap();
    let got: Vec<(&str, Option<&str>)> = items
        .iter()
        .map(|i| (i.text.as_str(), i.assignee.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            ("Send the deck by Friday", Some("Alex")),
            ("코호트 데이터 공유", Some("김민지")),
        ]
    );
    let usage = store.llm_usage(id).unwrap();
    assert_eq!(usage[0].dropped, reasons(&[("repeats_earlier", 1)]));
}
