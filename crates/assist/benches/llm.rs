//! Onno's own overhead on a language model call, and how big the requests get.
//!
//! `cargo bench -p onno-assist --bench llm` prints
//! 1. trigger to request sent: from the moment question suggestions are due to the
//!    moment a real local chat-completions server has read the whole request, over a
//!    three-hour meeting in a real store (context built from the store, bounded,
//!    serialised, sent over loopback HTTP). The model's own time is not in it: the
//!    server answers at once. p50/p99/max over `ONNO_BENCH_CALLS` calls (default 200).
//! 2. the size of one suggestion request, in bytes and estimated tokens, for a
//!    10-minute and a 3-hour meeting: the same bound holds for both.

use std::time::{Duration, Instant};

use onno_assist::{
    ContextBudget, QuestionContext, QuestionSuggester, TriggerConfig, questions_schema,
};
use onno_llm::{ApiKey, ChatRequest, LlmClient, LlmConfig, LlmSettings};
use onno_signals::{MeetingSignals, SignalsConfig};
use onno_store::{
    MeetingType, NewMeeting, NewRelationship, NewSegment, RelationshipType, SegmentSource, Store,
    SummaryInput,
};
use onno_test_support::llm_server::{LlmServer, Reply};

#[path = "../tests/it/fixtures.rs"]
mod fixtures;
use fixtures::long_meeting;

const ANSWER: &str = r#"{"questions":[{"question":"What is your LTV?","priority":"critical","reason":"CAC was given"}]}"#;

type BenchResult<T> = Result<T, Box<dyn std::error::Error>>;

fn main() -> BenchResult<()> {
    let dir = tempfile::tempdir()?;
    let store = Store::open(dir.path())?;
    let (short, long) = meetings(&store)?;

    let server = LlmServer::start();
    LlmSettings::new(&server.base_url(), "test-model").save(&store)?;
    let mut config = LlmConfig::new(
        LlmSettings::new(&server.base_url(), "test-model"),
        ApiKey::new("sk-bench"),
    );
    config.calls_per_minute = u32::MAX;
    let client = LlmClient::new(config)?;
    let budget = ContextBudget::default();

    request_sizes(
        &store,
        &client,
        &budget,
        [("10 minutes", short), ("3 hours", long)],
    )?;
    trigger_overhead(&store, &server, &client, budget, long)
}

/// A relationship with an earlier, summarised meeting (so the context carries history
/// too), a 10-minute meeting and a 3-hour one; returns the last two.
fn meetings(store: &Store) -> BenchResult<(i64, i64)> {
    let mut r = NewRelationship::new("Acme AI", RelationshipType::Deal);
    r.industry = Some("saas".into());
    r.stage = Some("seed".into());
    let rel = store.create_relationship(&r)?.id;
    let earlier = meeting(store, rel, "2026-10-01T10:00:00Z")?;
    store.save_summary(
        earlier,
        &SummaryInput {
            content: "First call: MRR $40K, runway 20 months, hiring two engineers.".into(),
            ..SummaryInput::default()
        },
    )?;
    let short = meeting(store, rel, "2026-11-02T10:00:00Z")?;
    long_meeting(store, short, 150)?; // 10 minutes at a turn every 4 s
    let long = meeting(store, rel, "2026-11-02T14:00:00Z")?;
    long_meeting(store, long, 2_700)?; // 3 hours
    Ok((short, long))
}

/// Prints the size of one round of question suggestions for each meeting.
fn request_sizes(
    store: &Store,
    client: &LlmClient,
    budget: &ContextBudget,
    meetings: [(&str, i64); 2],
) -> BenchResult<()> {
    println!("request size for one round of question suggestions");
    println!(
        "{:<12} {:>9} {:>10} {:>8}",
        "meeting", "segments", "bytes", "tokens"
    );
    for (name, id) in meetings {
        let segments = store.transcript(id)?;
        let checklist = MeetingSignals::load(store, id, SignalsConfig::default())?.checklist();
        let context = QuestionContext::build(store, id, &segments, &checklist, budget)?;
        let messages = context.messages();
        let schema = questions_schema();
        let request = ChatRequest::structured(&messages, &schema);
        let bytes = client.request_body(request)?.len();
        println!(
            "{name:<12} {:>9} {bytes:>10} {:>8}",
            segments.len(),
            client.prompt_tokens(request)
        );
    }
    println!(
        "(budget: {} tokens of context; {} per call in all)\n",
        budget.total(),
        client.config().max_prompt_tokens
    );
    Ok(())
}

/// Prints Onno's time from a due trigger to the request read by the server, over
/// `ONNO_BENCH_CALLS` rounds in meeting `long`.
fn trigger_overhead(
    store: &Store,
    server: &LlmServer,
    client: &LlmClient,
    budget: ContextBudget,
    long: i64,
) -> BenchResult<()> {
    let calls: usize = std::env::var("ONNO_BENCH_CALLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let segments = store.transcript(long)?;
    let signals = MeetingSignals::load(store, long, SignalsConfig::default())?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let mut suggester = QuestionSuggester::new(long, TriggerConfig::default(), budget);
    for s in &segments {
        suggester.on_segment(s);
    }
    let mut overhead = Vec::with_capacity(calls);
    let mut now_ms = segments.last().map_or(0, |s| s.end_ms);
    for i in 0..calls {
        server.push(Reply::json(ANSWER));
        // New speech, then a pause: the trigger fires.
        let said = store.add_segment(&NewSegment {
            meeting_id: long,
            source: SegmentSource::Them,
            speaker: None,
            text: format!("Turn {i}: our churn is about three percent a month and CAC is $30."),
            start_ms: now_ms,
            end_ms: now_ms + 6_000,
            confidence: None,
            language: None,
            is_final: true,
        })?;
        suggester.on_segment(&said);
        now_ms += 30_000;
        if !suggester.due(now_ms) {
            return Err("the trigger did not fire".into());
        }
        let started = Instant::now();
        runtime.block_on(suggester.suggest(client, store, &signals.checklist()))?;
        let received = server
            .requests()
            .last()
            .map(|r| r.received_at)
            .ok_or("no request")?;
        overhead.push(received.saturating_duration_since(started));
    }
    overhead.sort();
    let at = |q: f64| overhead[((overhead.len() - 1) as f64 * q).round() as usize];
    println!("trigger to request sent, 3-hour meeting, {calls} calls (goal: 50 ms)");
    println!(
        "p50 {:.2} ms   p99 {:.2} ms   max {:.2} ms",
        ms(at(0.5)),
        ms(at(0.99)),
        ms(*overhead.last().unwrap_or(&Duration::ZERO))
    );
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn meeting(store: &Store, rel: i64, at: &str) -> Result<i64, onno_store::StoreError> {
    let mut m = NewMeeting::new("Acme", MeetingType::InvestmentScreening, at);
    m.relationship_id = Some(rel);
    Ok(store.create_meeting(&m)?.id)
}
