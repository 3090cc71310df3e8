//! Recalling a relationship's past by relevance to the conversation: a labelled set of
//! questions in Korean and English over a real store, and what recall must never do.

mod history;
mod rules;

use onno_assist::ranked_passages;

use crate::test_store;
use history::{History, load};

/// How well recall answers the labelled questions.
struct Figures {
    /// The answering passage is first.
    top1: f64,
    /// It is among the first five.
    top5: f64,
    /// Mean reciprocal rank of the first answering passage (0 when not recalled).
    mrr: f64,
    /// The slowest recall, in milliseconds.
    slowest_ms: u128,
}

fn figures(store: &onno_store::Store, history: &History) -> Figures {
    let (mut top1, mut top5, mut mrr, mut slowest_ms) = (0.0, 0.0, 0.0, 0);
    for (recent, expect) in &history.questions {
        let lines: Vec<&str> = recent.iter().map(String::as_str).collect();
        let started = std::time::Instant::now();
        let found = ranked_passages(
            store,
            history.relationship_id,
            Some(history.current),
            &lines,
        )
        .unwrap();
        slowest_ms = slowest_ms.max(started.elapsed().as_millis());
        for p in &found {
            assert_ne!(
                p.meeting_id,
                Some(history.current),
                "the meeting in progress"
            );
            assert!(
                p.meeting_id.is_none_or(|m| !history.forbidden.contains(&m)),
                "recalled from a meeting kept from the model or another relationship: {p:?}"
            );
        }
        let rank = found
            .iter()
            .position(|p| expect.iter().any(|key| history.targets[key.as_str()].is(p)));
        if let Some(r) = rank {
            top1 += f64::from(r == 0);
            top5 += f64::from(r < 5);
            mrr += 1.0 / (r + 1) as f64;
        }
        if rank.is_none_or(|r| r >= 5) {
            let top: Vec<&str> = found.iter().take(5).map(|p| p.excerpt.as_str()).collect();
            println!("missed {expect:?} for {recent:?}; top 5: {top:?}");
        }
    }
    let n = history.questions.len() as f64;
    Figures {
        top1: top1 / n,
        top5: top5 / n,
        mrr: mrr / n,
        slowest_ms,
    }
}

fn evaluate(language: &str, json: &str) {
    let store = test_store();
    let history = load(&store, json);
    assert!(history.questions.len() >= 15);
    let f = figures(&store, &history);
    println!(
        "retrieval ({language}, {} questions): top-5 hit rate {:.2}, top-1 {:.2}, MRR {:.2}, \
         slowest {} ms",
        history.questions.len(),
        f.top5,
        f.top1,
        f.mrr,
        f.slowest_ms
    );
    assert!(
        f.top5 >= 0.80,
        "{language}: top-5 hit rate {:.2} under 0.80",
        f.top5
    );
}

#[test]
fn english_questions_find_their_passage_in_the_top_five() {
    evaluate("en", include_str!("../../fixtures/retrieval/en.json"));
}

#[test]
fn korean_questions_find_their_passage_in_the_top_five() {
    evaluate("ko", include_str!("../../fixtures/retrieval/ko.json"));
}
