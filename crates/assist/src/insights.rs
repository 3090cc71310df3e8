//! What the assistant holds about one meeting, read in one go for a screen: suggested
//! questions with the missed ones, action items, the summary, the language model's
//! usage added up, and the switches that decide whether the model may be asked.

use std::collections::BTreeMap;

use onno_llm::{LlmSettings, llm_enabled_for_meeting};
use onno_store::{ActionItem, AiQuestion, LlmAttempt, LlmUsage, Store, Summary};
use serde::Serialize;

use crate::error::Result;
use crate::questions::missed_questions;

/// Everything the assistant holds about one meeting.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MeetingInsights {
    pub questions: Vec<AiQuestion>,
    /// The critical questions never marked used.
    pub missed: Vec<i64>,
    pub action_items: Vec<ActionItem>,
    pub summary: Option<Summary>,
    pub usage: UsageTotals,
    /// The meeting's own switch: the model may see this meeting.
    pub llm_for_meeting: bool,
    /// A model is configured and switched on in the settings.
    pub llm_configured: bool,
}

/// The language model's calls for one meeting, added up.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct UsageTotals {
    pub calls: u32,
    /// Calls that failed; a refusal that only led to another way of asking for
    /// structured output is counted in `format_negotiations` instead.
    pub failed: u32,
    /// Calls the endpoint refused or ignored the way structured output was asked, after
    /// which Onno asked another way.
    pub format_negotiations: u32,
    /// Requests to repair an answer that broke the schema.
    pub repairs: u32,
    pub prompt_tokens: u32,
    pub completion_tokens: u32,
    /// Some counts were estimated because the server gave none.
    pub estimated: bool,
    /// Answers Onno dropped from the replies as unusable (not a question, a repeat).
    pub dropped: u32,
    /// `dropped` by reason: "not_a_question", "repeats_transcript", "repeats_earlier",
    /// "unfinished".
    pub dropped_reasons: BTreeMap<String, u32>,
}

impl UsageTotals {
    pub fn of(calls: &[LlmUsage]) -> Self {
        calls.iter().fold(Self::default(), |mut t, c| {
            t.calls += 1;
            t.failed += u32::from(!c.ok && !c.format_refused);
            t.format_negotiations += u32::from(c.format_refused);
            t.repairs += u32::from(c.attempt == LlmAttempt::Repair);
            t.prompt_tokens += c.prompt_tokens;
            t.completion_tokens += c.completion_tokens;
            t.estimated |= c.estimated;
            for (reason, n) in &c.dropped {
                t.dropped += n;
                *t.dropped_reasons.entry(reason.clone()).or_default() += n;
            }
            t
        })
    }
}

/// Reads what the assistant holds about meeting `meeting_id` (not found when there is
/// no such meeting).
pub fn meeting_insights(store: &Store, meeting_id: i64) -> Result<MeetingInsights> {
    store.meeting(meeting_id)?;
    let llm_configured = LlmSettings::load(store)?.is_some_and(|s| s.enabled);
    Ok(MeetingInsights {
        questions: store.questions(meeting_id)?,
        missed: missed_questions(store, meeting_id)?
            .into_iter()
            .map(|q| q.id)
            .collect(),
        action_items: store.action_items(meeting_id)?,
        summary: store.summary(meeting_id)?,
        usage: UsageTotals::of(&store.llm_usage(meeting_id)?),
        llm_for_meeting: llm_enabled_for_meeting(store, meeting_id)?,
        llm_configured,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(ok: bool, dropped: &[(&str, u32)]) -> LlmUsage {
        call_as(ok, LlmAttempt::First, false, dropped)
    }

    fn call_as(
        ok: bool,
        attempt: LlmAttempt,
        format_refused: bool,
        dropped: &[(&str, u32)],
    ) -> LlmUsage {
        LlmUsage {
            id: 1,
            meeting_id: Some(1),
            purpose: "question_suggestions".into(),
            model: "qwen".into(),
            prompt_tokens: 700,
            completion_tokens: 60,
            estimated: false,
            latency_ms: 30_000,
            ok,
            error_kind: None,
            attempt,
            format_refused,
            dropped: dropped.iter().map(|(r, n)| ((*r).to_owned(), *n)).collect(),
            created_at: "2026-12-03T10:00:00Z".into(),
        }
    }

    #[test]
    fn totals_count_the_answers_dropped_from_every_reply() {
        let totals = UsageTotals::of(&[
            call(true, &[("not_a_question", 2), ("repeats_transcript", 1)]),
            call(false, &[]),
            call(true, &[("repeats_earlier", 1)]),
        ]);
        assert_eq!(totals.calls, 3);
        assert_eq!(totals.failed, 1);
        assert_eq!(totals.dropped, 4);
        assert_eq!(
            totals.dropped_reasons,
            BTreeMap::from([
                ("not_a_question".to_owned(), 2),
                ("repeats_earlier".to_owned(), 1),
                ("repeats_transcript".to_owned(), 1),
            ])
        );
        assert_eq!(totals.prompt_tokens, 2_100);
    }

    #[test]
    fn a_refused_format_that_led_to_another_way_is_a_negotiation_not_a_failure() {
        let totals = UsageTotals::of(&[
            call_as(false, LlmAttempt::First, true, &[]),
            call_as(false, LlmAttempt::FormatFallback, false, &[]),
            call_as(true, LlmAttempt::Repair, false, &[]),
        ]);
        assert_eq!(
            (totals.calls, totals.failed, totals.format_negotiations),
            (3, 1, 1)
        );
        assert_eq!(totals.repairs, 1);
    }
}
