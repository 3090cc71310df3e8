//! Cost of the offline signals per segment, and their precision and recall.
//!
//! `cargo bench -p onno-signals --bench signals` prints
//! 1. the precision/recall tables on the labelled transcripts in
//!    `tests/data/labelled`: all of them, those the rules were developed on, and the
//!    held-out ones (`holdout-*`); set `ONNO_EVAL_VERBOSE=1` to list every
//!    disagreement;
//! 2. the time to build a meeting's matchers from the seeded store;
//! 3. p50/p99/max of `MeetingSignals::on_segment` over a long transcript (the labelled
//!    segments, Korean and English, repeated; `ONNO_BENCH_SEGMENTS` sets how many,
//!    default 20,000, about 30 hours of speech), and on the longest segment the store
//!    accepts, dense with figures.

use std::path::Path;
use std::time::{Duration, Instant};

use onno_signals::eval::{evaluate, load_labelled};
use onno_signals::{MeetingSignals, SignalsConfig};
use onno_store::{
    MeetingType, NewMeeting, NewRelationship, RelationshipType, Segment, SegmentSource, Store,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let store = Store::open(dir.path())?;
    let labelled =
        load_labelled(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/labelled"))?;

    // Transcripts named "holdout-*" were labelled after the rules were last tuned on the
    // others: their scores show how the rules carry over to new speech.
    let (holdout, dev): (Vec<_>, Vec<_>) = labelled
        .iter()
        .cloned()
        .partition(|t| t.name.starts_with("holdout-"));
    for (title, set) in [
        ("all", &labelled),
        ("development", &dev),
        ("held out", &holdout),
    ] {
        let eval = evaluate(&store, set)?;
        println!("## {title}\n{eval}");
        if std::env::var_os("ONNO_EVAL_VERBOSE").is_some() && title != "all" {
            for d in &eval.disagreements {
                println!("  {d}");
            }
            println!();
        }
    }

    let mut relationship = NewRelationship::new("Bench Co", RelationshipType::Deal);
    relationship.industry = Some("SaaS".into());
    relationship.stage = Some("Series A".into());
    let relationship = store.create_relationship(&relationship)?;
    let mut meeting = NewMeeting::new(
        "bench",
        MeetingType::InvestmentScreening,
        "2026-11-02T10:00:00Z",
    );
    meeting.relationship_id = Some(relationship.id);
    let meeting = store.create_meeting(&meeting)?;

    let builds: Vec<Duration> = (0..50)
        .map(|_| {
            let start = Instant::now();
            let signals = MeetingSignals::load(&store, meeting.id, SignalsConfig::default());
            let took = start.elapsed();
            drop(signals);
            took
        })
        .collect();
    println!(
        "build per meeting (load from store + compile matchers): {}",
        summary(builds)
    );

    let texts: Vec<&str> = labelled
        .iter()
        .flat_map(|t| t.segments.iter().map(|s| s.text.as_str()))
        .collect();
    let count: usize = std::env::var("ONNO_BENCH_SEGMENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let mut signals = MeetingSignals::load(&store, meeting.id, SignalsConfig::default())?;
    let mut times = Vec::with_capacity(count);
    let mut emitted = 0;
    let mut chars = 0;
    for i in 0..count {
        let text = texts[i % texts.len()];
        chars += text.chars().count();
        let segment = segment(meeting.id, i, text);
        let start = Instant::now();
        let out = signals.on_segment(&segment);
        times.push(start.elapsed());
        emitted += out.len();
    }
    println!(
        "on_segment over {count} segments ({} chars on average, {emitted} signals): {}",
        chars / count.max(1),
        summary(times)
    );

    // The worst a segment can be: the store's 10,000-character limit, all figures.
    let dense =
        "MRR이 50K고 churn은 월 3%, 런웨이 18개월, 팀은 25명이에요. ARR is $1.2M and CAC $30. "
            .repeat(120);
    let dense: String = dense.chars().take(10_000).collect();
    let times: Vec<Duration> = (0..50)
        .map(|i| {
            let segment = segment(meeting.id, count + i, &dense);
            let start = Instant::now();
            signals.on_segment(&segment);
            start.elapsed()
        })
        .collect();
    println!(
        "on_segment on a 10,000-character segment dense with figures: {}",
        summary(times)
    );
    Ok(())
}

fn segment(meeting_id: i64, i: usize, text: &str) -> Segment {
    let start_ms = i as i64 * 5_500;
    Segment {
        id: i as i64 + 1,
        meeting_id,
        source: if i.is_multiple_of(2) {
            SegmentSource::Them
        } else {
            SegmentSource::Me
        },
        speaker: None,
        text: text.to_owned(),
        start_ms,
        end_ms: start_ms + 5_000,
        confidence: Some(0.9),
        language: None,
        is_final: true,
        edited: false,
        created_at: "2026-11-02T10:00:00Z".to_owned(),
    }
}

fn summary(mut times: Vec<Duration>) -> String {
    times.sort();
    let at = |q: f64| {
        let i = ((times.len() as f64 - 1.0) * q).round() as usize;
        times.get(i).copied().unwrap_or_default()
    };
    format!(
        "p50 {:.1} µs, p99 {:.1} µs, max {:.1} µs",
        micros(at(0.5)),
        micros(at(0.99)),
        micros(at(1.0))
    )
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}
