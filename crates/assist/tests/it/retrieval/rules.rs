//! What recall must always do: stay within its budget, say when and where each item
//! comes from, never bring back a meeting kept from the model or the meeting in
//! progress, and fall back to the latest summaries when nothing has been said.

use onno_assist::{ContextBudget, QuestionContext, recall, summarize_meeting};
use onno_llm::{LlmClient, LlmSettings, estimate_tokens};
use onno_test_support::llm_server::{LlmServer, Reply};

use super::history::load;
use crate::test_store;

const EN: &str = include_str!("../../fixtures/retrieval/en.json");
const KO: &str = include_str!("../../fixtures/retrieval/ko.json");

#[test]
fn recalled_items_fit_the_budget_and_carry_their_date_and_source() {
    let store = test_store();
    let history = load(&store, KO);
    let recent = [
        "런웨이랑 번레이트 다시 확인하고 싶어요.",
        "시리즈 A 확약 규모도요.",
    ];
    for budget in [0, 60, 150, ContextBudget::default().history_tokens] {
        let items = recall(
            &store,
            history.current,
            history.relationship_id,
            &recent,
            budget,
        )
        .unwrap();
        assert_eq!(items.is_empty(), budget < 60, "budget {budget}");
        let used: usize = items.iter().map(|i| estimate_tokens(&i.line()) + 2).sum();
        assert!(used <= budget, "{used} tokens over a budget of {budget}");
        for item in &items {
            assert_eq!(item.date.len(), 10, "{item:?}");
            assert!(item.line().starts_with(&item.date));
            assert!(
                item.source.contains("누리헬스") || item.source.contains(".pdf p."),
                "a meeting title or a file and page: {}",
                item.source
            );
        }
    }
    let items = recall(
        &store,
        history.current,
        history.relationship_id,
        &recent,
        400,
    )
    .unwrap();
    assert!(
        items[0]
            .line()
            .starts_with("2026-08-04, meeting \"누리헬스 재무 검토\" at ")
            || items[0]
                .line()
                .starts_with("2026-08-04, notes of meeting \"누리헬스 재무 검토\""),
        "{:?}",
        items[0].line()
    );
}

#[test]
fn a_meeting_kept_from_the_model_and_the_meeting_in_progress_are_never_recalled() {
    let store = test_store();
    let history = load(&store, EN);
    // Words only the private meeting and the meeting in progress share.
    onno_test_support::store::say(
        &store,
        history.current,
        900_000,
        "About the acquisition offer and your co-founder leaving, and the engineer on leave.",
    );
    let recent = [
        "Tell me about the acquisition offer.",
        "Is your co-founder leaving?",
    ];
    let items = recall(
        &store,
        history.current,
        history.relationship_id,
        &recent,
        10_000,
    )
    .unwrap();
    for item in &items {
        let m = item.passage.meeting_id;
        assert_ne!(m, Some(history.current), "{item:?}");
        assert!(
            m.is_none_or(|m| !history.forbidden.contains(&m)),
            "{item:?}"
        );
        assert!(!item.text.contains("co-founder"), "{item:?}");
    }
    // Nothing said: the latest summaries, still none of the private meeting's.
    let latest = recall(
        &store,
        history.current,
        history.relationship_id,
        &[],
        10_000,
    )
    .unwrap();
    let titles: Vec<&str> = latest.iter().map(|i| i.source.as_str()).collect();
    assert_eq!(
        titles,
        [
            "summary of meeting \"Northwind financials review\"",
            "summary of meeting \"Northwind product deep dive\"",
            "summary of meeting \"Northwind intro\"",
        ]
    );
}

#[test]
fn the_question_context_recalls_what_bears_on_the_last_minutes() {
    let store = test_store();
    let history = load(&store, EN);
    let segment = onno_test_support::store::say(
        &store,
        history.current,
        1_200_000,
        "How long does an SAP integration take for a new forwarder these days?",
    );
    let context = QuestionContext::build(
        &store,
        history.current,
        &[segment],
        &[],
        &ContextBudget::default(),
    )
    .unwrap();
    assert!(
        context.history.iter().any(|l| l.starts_with(
            "2026-07-15, meeting \"Northwind product deep dive\" at 00:00: Connecting to a customer's SAP"
        )),
        "{:#?}",
        context.history
    );
    assert!(
        context
            .history
            .iter()
            .all(|l| !l.contains("best engineer is on leave"))
    );
    let sent: String = context
        .messages()
        .iter()
        .map(|m| m.content.clone())
        .collect();
    assert!(sent.contains("From earlier meetings with them and their files"));
}

#[test]
fn the_summary_is_written_with_what_bears_on_the_meeting_and_nothing_kept_from_the_model() {
    let store = test_store();
    let history = load(&store, EN);
    let server = LlmServer::start();
    LlmSettings::new(&server.base_url(), "test-model")
        .save(&store)
        .unwrap();
    let client = LlmClient::new(crate::config(&server, false)).unwrap();
    server.push(Reply::json(
        r#"{"summary":"Follow-up on integration and funding.","key_points":[],"decisions":[]}"#,
    ));
    let segments = store.transcript(history.current).unwrap();
    crate::runtime()
        .block_on(summarize_meeting(
            &client,
            &store,
            history.current,
            &segments,
            &[],
            &[],
        ))
        .unwrap();
    let request = &server.requests()[0];
    let user = request.json()["messages"][1]["content"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        user.starts_with("From earlier meetings with them and their files"),
        "{user}"
    );
    let (memory, transcript) = user.split_once("<<<TRANSCRIPT").unwrap();
    assert!(memory.contains("- 2026-0"), "dated lines: {memory}");
    assert!(memory.contains("Northwind"), "{memory}");
    assert!(transcript.contains("Has anyone tried to acquire the company?"));
    for private in ["outright", "co-founder", "on leave", "Confidential"] {
        assert!(!memory.contains(private), "{private} in {memory}");
    }
}
