//! The assistant against a real model on a server nobody here wrote: llama-cpp-python's
//! `llama_cpp.server` with Qwen2.5-Coder-0.5B-Instruct. It refuses `json_schema`, so
//! every answer comes through the negotiated fallback, and a small model's answers are
//! what the output hygiene is for. What a user sees must hold on it: suggestions,
//! action items and a summary, schema-valid and stored, in English and in Korean.
//!
//! The latency and token counts of each call are printed (`--nocapture`) for the record.

use std::time::Duration;

use onno_assist::{ContextBudget, extract_action_items, suggest_questions, summarize_meeting};
use onno_llm::{LlmClient, LlmConfig, LlmSettings, StructuredMode, remembered_mode};
use onno_signals::{MeetingSignals, SignalsConfig};
use onno_store::{LlmAttempt, LlmUsage, Store};
use onno_test_support::llama_server::{LlamaServer, MODEL_NAME};
use onno_test_support::store::{PITCH_EN as ENGLISH, PITCH_KO as KOREAN};

use crate::{meeting, runtime, say, test_store};

/// A client for the real server: no key, and waits long enough for two slow cores.
fn client(store: &Store, server: &LlamaServer) -> (LlmClient, LlmSettings) {
    let settings = LlmSettings::new(&server.base_url(), MODEL_NAME);
    settings.save(store).unwrap();
    let mut config = LlmConfig::new(settings.clone(), None);
    config.timeout = Duration::from_secs(300);
    config.calls_per_minute = 1_000;
    // The same answers on every run, so the test cannot pass by luck. The product's
    // temperature stays: greedy decoding (0) makes this model repeat a phrase until
    // the token limit.
    config.seed = Some(7);
    (LlmClient::new(config).unwrap(), settings)
}

#[test]
fn a_real_local_model_suggests_lists_and_summarises_in_english_and_korean() {
    // The model's raw answers, for a failing run's output (`RUST_LOG=onno_llm=debug`).
    let _log = tracing::subscriber::set_default(
        tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .with_test_writer()
            .finish(),
    );
    let server = LlamaServer::start();
    for (language, lines) in [("en", ENGLISH), ("ko", KOREAN)] {
        let store = test_store();
        let (id, _) = meeting(&store, Some(("SaaS", "Seed")));
        for (i, line) in lines.iter().enumerate() {
            say(&store, id, 10_000 * i as i64, line);
        }
        let (client, settings) = client(&store, &server);
        let segments = store.transcript(id).unwrap();
        let checklist = MeetingSignals::load(&store, id, SignalsConfig::default())
            .unwrap()
            .checklist();
        let fail = |what: &str, e: &dyn std::fmt::Display| -> ! {
            panic!(
                "{language} {what}: {e}\nserver log:\n{}",
                tail(&server.log())
            )
        };

        let questions = runtime()
            .block_on(suggest_questions(
                &client,
                &store,
                id,
                &segments,
                &checklist,
                &ContextBudget::default(),
            ))
            .unwrap_or_else(|e| fail("suggestions", &e));
        assert_eq!(store.questions(id).unwrap(), questions, "{language}");
        assert!(
            !questions.is_empty(),
            "{language}: no suggestion was kept: {:?}",
            store.llm_usage(id).unwrap()
        );
        for q in &questions {
            assert!(
                !q.text.trim().is_empty() && !q.reason.trim().is_empty(),
                "{q:?}"
            );
        }

        let items = runtime()
            .block_on(extract_action_items(&client, &store, id, &segments))
            .unwrap_or_else(|e| fail("action items", &e));
        assert_eq!(store.action_items(id).unwrap(), items, "{language}");
        assert!(!items.is_empty(), "{language}: no action item was kept");
        assert!(items.iter().all(|i| !i.text.trim().is_empty()), "{items:?}");

        let metrics = Vec::new();
        let summary = runtime()
            .block_on(summarize_meeting(
                &client, &store, id, &segments, &metrics, &items,
            ))
            .unwrap_or_else(|e| fail("summary", &e));
        assert!(
            !summary.body.content.trim().is_empty(),
            "{language}: {summary:?}"
        );
        let stored = store.summary(id).unwrap().expect("the summary is stored");
        assert_eq!(stored, summary);

        // The server refused json_schema once; what worked is remembered for the next call.
        assert_eq!(
            remembered_mode(&store, &settings).unwrap(),
            Some(StructuredMode::JsonObject),
            "{language}"
        );
        // Only the very first call was refused; every later one asked the way that works.
        let usage = store.llm_usage(id).unwrap();
        let refused: Vec<usize> = (0..usage.len()).filter(|&i| !usage[i].ok).collect();
        assert_eq!(refused, [0], "{language}: {usage:?}");
        // That refusal reads as a format negotiation; the call after it is the fallback.
        assert!(usage[0].format_refused, "{language}: {usage:?}");
        assert_eq!(usage[1].attempt, LlmAttempt::FormatFallback, "{language}");
        report(language, &usage, questions.len(), items.len());
    }
}

fn report(language: &str, usage: &[LlmUsage], questions: usize, items: usize) {
    for u in usage {
        println!(
            "real model, {language}, {} ({:?}): {} ms, {} tokens in, {} out, ok {}, dropped {:?}",
            u.purpose,
            u.attempt,
            u.latency_ms,
            u.prompt_tokens,
            u.completion_tokens,
            u.ok,
            u.dropped
        );
    }
    println!("real model, {language}: {questions} questions, {items} action items kept");
}

/// The end of a long log, enough to see why a call failed.
fn tail(log: &str) -> &str {
    let start = log.len().saturating_sub(4_000);
    let start = (start..log.len())
        .find(|&i| log.is_char_boundary(i))
        .unwrap_or(log.len());
    &log[start..]
}
