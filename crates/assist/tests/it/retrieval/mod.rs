//! Recalling a relationship's past by relevance to the conversation: a labelled set of
//! questions in Korean and English over a real store, and what recall must never do.

mod history;
mod rules;

use onno_assist::ranked_passages;

use crate::test_store;
use history::{History, load};

/// How often the passage that answers a question is among the first five recalled.
fn top5_hit_rate(store: &onno_store::Store, history: &History) -> f64 {
    let mut hits = 0;
    for (recent, expect) in &history.questions {
        let lines: Vec<&str> = recent.iter().map(String::as_str).collect();
        let found = ranked_passages(
            store,
            history.relationship_id,
            Some(history.current),
            &lines,
        )
        .unwrap();
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
        let hit = found
            .iter()
            .take(5)
            .any(|p| expect.iter().any(|key| history.targets[key.as_str()].is(p)));
        if hit {
            hits += 1;
        } else {
            let top: Vec<&str> = found.iter().take(5).map(|p| p.excerpt.as_str()).collect();
            println!("missed {expect:?} for {recent:?}; top 5: {top:?}");
        }
    }
    hits as f64 / history.questions.len() as f64
}

fn evaluate(language: &str, json: &str) {
    let store = test_store();
    let history = load(&store, json);
    assert!(history.questions.len() >= 15);
    let rate = top5_hit_rate(&store, &history);
    println!(
        "retrieval top-5 hit rate ({language}, {} questions): {rate:.2}",
        history.questions.len()
    );
    assert!(
        rate >= 0.80,
        "{language}: top-5 hit rate {rate:.2} under 0.80"
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
