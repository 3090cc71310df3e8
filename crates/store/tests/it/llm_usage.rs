use onno_store::{ErrorKind, LlmAttempt, NewLlmUsage};

use crate::{meeting, test_store};

fn usage(meeting_id: Option<i64>, error_kind: Option<&str>) -> NewLlmUsage {
    NewLlmUsage {
        meeting_id,
        purpose: "questions".into(),
        model: "gpt-4o-mini".into(),
        prompt_tokens: 1_200,
        completion_tokens: 80,
        estimated: false,
        latency_ms: 900,
        error_kind: error_kind.map(str::to_owned),
        attempt: LlmAttempt::First,
        format_refused: false,
    }
}

#[test]
fn calls_are_recorded_per_meeting_with_their_outcome() {
    let s = test_store();
    let id = meeting(&s, "Acme", "2026-11-02T10:00:00Z");
    let other = meeting(&s, "Other", "2026-11-02T11:00:00Z");
    s.record_llm_usage(&usage(Some(id), None)).unwrap();
    s.record_llm_usage(&usage(Some(id), Some("timeout")))
        .unwrap();
    s.record_llm_usage(&usage(Some(other), None)).unwrap();
    s.record_llm_usage(&usage(None, None)).unwrap();

    let rows = s.llm_usage(id).unwrap();
    assert_eq!(rows.len(), 2);
    assert!(rows[0].ok && rows[0].error_kind.is_none());
    assert!(!rows[1].ok);
    assert_eq!(rows[1].error_kind.as_deref(), Some("timeout"));
    assert_eq!(
        (rows[0].prompt_tokens, rows[0].completion_tokens),
        (1_200, 80)
    );
}

#[test]
fn a_format_fallback_and_a_repair_are_marked_and_a_refusal_reads_as_negotiation() {
    let s = test_store();
    let id = meeting(&s, "Acme", "2026-11-02T10:00:00Z");
    let refused = NewLlmUsage {
        format_refused: true,
        ..usage(Some(id), Some("http_400"))
    };
    let fallback = NewLlmUsage {
        attempt: LlmAttempt::FormatFallback,
        ..usage(Some(id), Some("bad_reply"))
    };
    let repair = NewLlmUsage {
        attempt: LlmAttempt::Repair,
        ..usage(Some(id), None)
    };
    // A success cannot be a refusal, whatever the caller says.
    let ok_refused = NewLlmUsage {
        format_refused: true,
        ..usage(Some(id), None)
    };
    for call in [&refused, &fallback, &repair, &ok_refused] {
        s.record_llm_usage(call).unwrap();
    }
    let rows = s.llm_usage(id).unwrap();
    let seen: Vec<(LlmAttempt, bool, bool)> = rows
        .iter()
        .map(|r| (r.attempt, r.format_refused, r.ok))
        .collect();
    assert_eq!(
        seen,
        [
            (LlmAttempt::First, true, false),
            (LlmAttempt::FormatFallback, false, false),
            (LlmAttempt::Repair, false, true),
            (LlmAttempt::First, false, true),
        ]
    );
}

#[test]
fn usage_for_a_missing_meeting_is_not_found_and_deleting_a_meeting_drops_its_usage() {
    let s = test_store();
    let err = s.record_llm_usage(&usage(Some(999), None)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);

    let id = meeting(&s, "Acme", "2026-11-02T10:00:00Z");
    s.record_llm_usage(&usage(Some(id), None)).unwrap();
    s.delete_meeting(id).unwrap();
    assert!(s.llm_usage(id).unwrap().is_empty());
}

#[test]
fn dropped_answers_are_counted_by_reason_on_their_call() {
    let s = test_store();
    let id = meeting(&s, "Acme", "2026-11-02T10:00:00Z");
    let call = s.record_llm_usage(&usage(Some(id), None)).unwrap();
    assert!(call.dropped.is_empty());
    let reasons = |pairs: &[(&str, u32)]| -> std::collections::BTreeMap<String, u32> {
        pairs.iter().map(|(r, n)| (r.to_string(), *n)).collect()
    };
    s.record_dropped_answers(call.id, &reasons(&[("not_a_question", 2)]))
        .unwrap();
    s.record_dropped_answers(
        call.id,
        &reasons(&[("not_a_question", 1), ("repeats_transcript", 1)]),
    )
    .unwrap();
    let recorded = &s.llm_usage(id).unwrap()[0];
    assert_eq!(
        recorded.dropped,
        reasons(&[("not_a_question", 3), ("repeats_transcript", 1)])
    );
    let err = s
        .record_dropped_answers(9_999, &reasons(&[("not_a_question", 1)]))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
}
