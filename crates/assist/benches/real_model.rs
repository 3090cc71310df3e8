//! The assistant's calls on a real small model, for the record: llama-cpp-python's
//! server with Qwen2.5-Coder-0.5B-Instruct (see `onno_test_support::llama_server`),
//! as the product calls it (its temperature, no seed).
//!
//! `cargo bench -p onno-assist --bench real_model` runs `ONNO_BENCH_CALLS` (default 5)
//! rounds of question suggestions, action items and a summary over an English and a
//! Korean meeting (a new meeting each round, one store per language, so the endpoint's
//! structured-output way is found once, as a user's app finds it) and prints per kind:
//! latency p50/p95 (the whole request as the user waits for it, fallbacks and repairs
//! included), tokens in and out p50, the share of requests that needed a format
//! fallback or a repair, and the share of answers dropped by the output hygiene, with
//! the reasons.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use onno_assist::{ContextBudget, extract_action_items, suggest_questions, summarize_meeting};
use onno_llm::{LlmClient, LlmConfig, LlmSettings};
use onno_signals::{MeetingSignals, SignalsConfig};
use onno_store::{LlmAttempt, LlmUsage, Store};
use onno_test_support::llama_server::{LlamaServer, MODEL_NAME};
use onno_test_support::store::{PITCH_EN, PITCH_KO, meeting, say};

const KINDS: [&str; 3] = ["questions", "action_items", "summary"];

/// One request as the user waits for it: its calls' usage records and its wall time.
struct Request {
    latency: Duration,
    calls: Vec<LlmUsage>,
    kept: usize,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let rounds: usize = std::env::var("ONNO_BENCH_CALLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let server = LlamaServer::start();
    let mut requests: BTreeMap<&str, Vec<Request>> = BTreeMap::new();
    for lines in [PITCH_EN, PITCH_KO] {
        let dir = tempfile::tempdir()?;
        let store = Store::open(dir.path())?;
        let settings = LlmSettings::new(&server.base_url(), MODEL_NAME);
        settings.save(&store)?;
        let mut config = LlmConfig::new(settings, None);
        config.timeout = Duration::from_secs(300);
        config.calls_per_minute = 1_000;
        let client = LlmClient::new(config)?;
        for _ in 0..rounds {
            for (kind, request) in KINDS.into_iter().zip(round(&client, &store, lines)?) {
                requests.entry(kind).or_default().push(request);
            }
        }
    }
    print_table(&requests);
    Ok(())
}

/// One round over a new meeting: suggestions, action items, summary.
fn round(
    client: &LlmClient,
    store: &Store,
    lines: &[&str],
) -> Result<Vec<Request>, Box<dyn std::error::Error>> {
    let (id, _) = meeting(store, Some(("SaaS", "Seed")));
    for (i, line) in lines.iter().enumerate() {
        say(store, id, 10_000 * i as i64, line);
    }
    let segments = store.transcript(id)?;
    let checklist = MeetingSignals::load(store, id, SignalsConfig::default())?.checklist();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let mut out = Vec::new();
    let mut timed = |kind: &str, kept: Option<usize>, started: Instant| {
        let calls = store
            .llm_usage(id)
            .unwrap_or_default()
            .into_iter()
            .filter(|u| u.purpose == kind)
            .collect();
        out.push(Request {
            latency: started.elapsed(),
            calls,
            // A failed request kept nothing.
            kept: kept.unwrap_or(0),
        });
    };
    let started = Instant::now();
    let questions = runtime.block_on(suggest_questions(
        client,
        store,
        id,
        &segments,
        &checklist,
        &ContextBudget::default(),
    ));
    timed("questions", questions.as_ref().ok().map(Vec::len), started);
    let started = Instant::now();
    let items = runtime.block_on(extract_action_items(client, store, id, &segments));
    timed("action_items", items.as_ref().ok().map(Vec::len), started);
    let items = items.unwrap_or_default();
    let started = Instant::now();
    let summary = runtime.block_on(summarize_meeting(client, store, id, &segments, &[], &items));
    timed("summary", summary.is_ok().then_some(1), started);
    Ok(out)
}

fn print_table(requests: &BTreeMap<&str, Vec<Request>>) {
    println!(
        "{:<13} {:>3} {:>8} {:>8} {:>7} {:>7} {:>9} {:>7} {:>6} {:>8}  dropped by reason",
        "kind",
        "n",
        "p50 s",
        "p95 s",
        "in p50",
        "out p50",
        "fallback",
        "repair",
        "failed",
        "dropped"
    );
    for kind in KINDS {
        let Some(rs) = requests.get(kind) else {
            continue;
        };
        let share = |f: &dyn Fn(&Request) -> bool| {
            100.0 * rs.iter().filter(|r| f(r)).count() as f64 / rs.len().max(1) as f64
        };
        let has = |r: &Request, a: LlmAttempt| r.calls.iter().any(|c| c.attempt == a);
        let mut latency: Vec<f64> = rs.iter().map(|r| r.latency.as_secs_f64()).collect();
        let mut tokens_in: Vec<f64> = rs.iter().map(|r| sum(r, |c| c.prompt_tokens)).collect();
        let mut tokens_out: Vec<f64> = rs.iter().map(|r| sum(r, |c| c.completion_tokens)).collect();
        let mut reasons: BTreeMap<&str, u32> = BTreeMap::new();
        for (reason, n) in rs.iter().flat_map(|r| &r.calls).flat_map(|c| &c.dropped) {
            *reasons.entry(reason).or_default() += n;
        }
        let dropped: u32 = reasons.values().sum();
        let answers = dropped as usize + rs.iter().map(|r| r.kept).sum::<usize>();
        println!(
            "{kind:<13} {:>3} {:>8.1} {:>8.1} {:>7.0} {:>7.0} {:>8.0}% {:>6.0}% {:>5.0}% {:>7.0}%  {reasons:?}",
            rs.len(),
            percentile(&mut latency, 0.50),
            percentile(&mut latency, 0.95),
            percentile(&mut tokens_in, 0.50),
            percentile(&mut tokens_out, 0.50),
            share(&|r| has(r, LlmAttempt::FormatFallback)),
            share(&|r| has(r, LlmAttempt::Repair)),
            share(&|r| r.kept == 0 && r.calls.last().is_none_or(|c| !c.ok)),
            100.0 * f64::from(dropped) / answers.max(1) as f64,
        );
    }
}

fn sum(request: &Request, count: impl Fn(&LlmUsage) -> u32) -> f64 {
    f64::from(request.calls.iter().map(count).sum::<u32>())
}

/// The `q` quantile of `values` (nearest rank); 0 for none.
fn percentile(values: &mut [f64], q: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    let rank = ((q * values.len() as f64).ceil() as usize).clamp(1, values.len());
    values[rank - 1]
}
