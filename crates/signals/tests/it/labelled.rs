//! Precision and recall on the labelled transcripts, held to floors.
//!
//! The floors sit a little under what the rules reach today (the bench prints the
//! table). Checklist recall is low by construction: the labels mark every segment a
//! person would tick an item for, and many address an item without any of its
//! keywords ("What would you spend it on?"). That gap is left for the LLM.

use std::path::Path;

use onno_signals::eval::{SignalKind, evaluate, load_labelled};

use crate::test_store;

/// (signal, language, precision floor, recall floor)
const FLOORS: &[(SignalKind, &str, f64, f64)] = &[
    (SignalKind::Metric, "ko", 0.85, 0.80),
    (SignalKind::Metric, "en", 0.85, 0.80),
    (SignalKind::Glossary, "ko", 0.90, 0.90),
    (SignalKind::Glossary, "en", 0.90, 0.90),
    (SignalKind::Checklist, "ko", 0.80, 0.55),
    (SignalKind::Checklist, "en", 0.80, 0.45),
];

#[test]
fn signals_meet_their_precision_and_recall_floors() {
    let store = test_store();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/labelled");
    let labelled = load_labelled(&dir).unwrap();
    let eval = evaluate(&store, &labelled).unwrap();
    for lang in ["ko", "en"] {
        assert!(
            eval.segments.get(lang).copied().unwrap_or(0) >= 60,
            "at least 60 labelled {lang} segments\n{eval}"
        );
    }
    for (kind, lang, precision, recall) in FLOORS {
        let t = eval.tally(*kind, lang);
        assert!(
            t.precision() >= *precision && t.recall() >= *recall,
            "{} {lang}: precision {:.3} (floor {precision}), recall {:.3} (floor {recall})\n{eval}\n{}",
            kind.as_str(),
            t.precision(),
            t.recall(),
            eval.disagreements.join("\n")
        );
    }
}

#[test]
fn labels_name_real_checklist_items_and_terms() {
    // evaluate() refuses a label that names no item or term; a typo in the data
    // fails here rather than quietly counting as a miss.
    let store = test_store();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/labelled");
    let mut labelled = load_labelled(&dir).unwrap();
    assert!(evaluate(&store, &labelled).is_ok());
    labelled[0].segments[0].glossary.push("Not a term".into());
    let err = evaluate(&store, &labelled).unwrap_err();
    assert!(err.to_string().contains("Not a term"), "{err}");
}
