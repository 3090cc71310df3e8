//! Question suggestions during a meeting: when to ask the model ([`QuestionTrigger`]),
//! what it sees ([`QuestionContext`]), and what is kept ([`QuestionSuggester`]).

use std::collections::VecDeque;

use onno_store::{
    AiQuestion, NewAiQuestion, Page, QuestionAction, QuestionPriority, Segment, Store,
};
use schemars::JsonSchema;
use serde::Deserialize;

use super::hygiene::{Dropped, question_problem};
use super::prompt::{DATA_RULE, bullets, filled, quote, recent_lines, within};
use crate::error::Result;
use crate::memory::{MEMORY_SECTION, memory_lines};
use onno_llm::{
    CallFor, LlmClient, Message, Reply, Schema, ask_answered, ensure_llm_allowed, estimate_tokens,
    llm_enabled_for_meeting, schema_of,
};
use onno_signals::ChecklistProgress;

/// When to ask for suggestions, in meeting time (milliseconds from its start).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TriggerConfig {
    /// Silence after the last speech that counts as a pause. Default 2 s.
    pub pause_ms: i64,
    /// Least time between two requests. Default 20 s.
    pub min_interval_ms: i64,
    /// New speech needed since the last request, in milliseconds spoken (segment
    /// spans, so Korean and English count alike). Default 5 s: a short "yes" or
    /// "맞아요" does not warrant new questions.
    pub min_new_speech_ms: i64,
}

impl Default for TriggerConfig {
    fn default() -> Self {
        TriggerConfig {
            pause_ms: 2_000,
            min_interval_ms: 20_000,
            min_new_speech_ms: 5_000,
        }
    }
}

/// Decides when suggestions are due: on a pause after enough new speech, and never
/// twice within [`TriggerConfig::min_interval_ms`]. Pure: the caller passes the time.
#[derive(Debug, Clone)]
pub struct QuestionTrigger {
    config: TriggerConfig,
    last_fired_ms: Option<i64>,
    last_speech_end_ms: Option<i64>,
    /// The latest moment the voice detector heard speech, when it is consulted.
    last_voice_ms: Option<i64>,
    new_speech_ms: i64,
}

impl QuestionTrigger {
    pub fn new(config: TriggerConfig) -> QuestionTrigger {
        QuestionTrigger {
            config,
            last_fired_ms: None,
            last_speech_end_ms: None,
            last_voice_ms: None,
            new_speech_ms: 0,
        }
    }

    /// Notes a committed segment. Live segments count too: they are confirmed text
    /// (tentative text is never stored), only open to replacement by a final pass.
    pub fn on_segment(&mut self, segment: &Segment) {
        if !segment.text.trim().is_empty() {
            self.new_speech_ms += (segment.end_ms - segment.start_ms).max(0);
        }
        self.last_speech_end_ms = Some(
            self.last_speech_end_ms
                .map_or(segment.end_ms, |end| end.max(segment.end_ms)),
        );
    }

    /// Notes that someone was heard speaking up to `until_ms` (meeting time), from the
    /// voice detector: transcription lags behind speech, so without this a suggestion
    /// could come while the other side is still talking.
    pub fn on_voice(&mut self, until_ms: i64) {
        self.last_voice_ms = Some(self.last_voice_ms.map_or(until_ms, |v| v.max(until_ms)));
    }

    /// Whether to ask now (`now_ms` in meeting time). Firing resets the new speech, so
    /// the same pause does not fire twice.
    pub fn fire(&mut self, now_ms: i64) -> bool {
        let Some(speech_end) = self.last_speech_end_ms else {
            return false;
        };
        let last_heard = self.last_voice_ms.map_or(speech_end, |v| v.max(speech_end));
        let paused = now_ms - last_heard >= self.config.pause_ms;
        let enough = self.new_speech_ms >= self.config.min_new_speech_ms;
        let spaced = self
            .last_fired_ms
            .is_none_or(|last| now_ms - last >= self.config.min_interval_ms);
        if paused && enough && spaced {
            self.last_fired_ms = Some(now_ms);
            self.new_speech_ms = 0;
            return true;
        }
        false
    }
}

/// How much of the meeting the model sees for suggestions, in estimated tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContextBudget {
    /// Recent turns. Default 1,200.
    pub turns_tokens: usize,
    /// At most this many recent turns. Default 40.
    pub max_turns: usize,
    /// Uncovered checklist items. Default 200.
    pub checklist_tokens: usize,
    /// Known facts about the relationship. Default 250.
    pub facts_tokens: usize,
    /// What is recalled from earlier meetings with the relationship and its files,
    /// by relevance to the last minutes of conversation. Default 400.
    pub history_tokens: usize,
    /// Earlier suggestions, so they are not repeated. Default 150.
    pub earlier_tokens: usize,
}

impl Default for ContextBudget {
    fn default() -> Self {
        ContextBudget {
            turns_tokens: 1_200,
            max_turns: 40,
            checklist_tokens: 200,
            facts_tokens: 250,
            history_tokens: 400,
            earlier_tokens: 150,
        }
    }
}

impl ContextBudget {
    /// The most the context can take, all parts full.
    pub fn total(&self) -> usize {
        self.turns_tokens
            + self.checklist_tokens
            + self.facts_tokens
            + self.history_tokens
            + self.earlier_tokens
    }
}

/// What the model sees for one round of suggestions, every part already cut to its
/// budget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionContext {
    pub meeting_type: String,
    pub uncovered: Vec<String>,
    pub facts: Vec<String>,
    pub history: Vec<String>,
    pub earlier: Vec<String>,
    pub turns: Vec<String>,
}

impl QuestionContext {
    /// Gathers the context for meeting `meeting_id` from the store; `segments` are the
    /// meeting's latest segments (more than fit is fine: the oldest are dropped), and
    /// `checklist` is [`onno_signals::MeetingSignals::checklist`].
    pub fn build(
        store: &Store,
        meeting_id: i64,
        segments: &[Segment],
        checklist: &[ChecklistProgress],
        budget: &ContextBudget,
    ) -> Result<QuestionContext> {
        let meeting = store.meeting(meeting_id)?;
        let uncovered = checklist
            .iter()
            .filter(|c| c.covered_by.is_none())
            .map(|c| c.text.clone())
            .collect();
        let (facts, history) = match meeting.relationship_id {
            Some(rid) => (
                known_facts(store, rid)?,
                memory_lines(store, meeting_id, rid, segments, budget.history_tokens)?,
            ),
            None => (Vec::new(), Vec::new()),
        };
        let earlier = store
            .questions(meeting_id)?
            .into_iter()
            .rev()
            .map(|q| q.text)
            .collect();
        Ok(QuestionContext {
            meeting_type: meeting.kind.to_string(),
            uncovered: within(uncovered, budget.checklist_tokens),
            facts: within(facts, budget.facts_tokens),
            history,
            earlier: within(earlier, budget.earlier_tokens),
            turns: recent_lines(segments, budget.turns_tokens, budget.max_turns),
        })
    }

    /// The request's messages.
    pub fn messages(&self) -> Vec<Message> {
        let system = format!(
            "You help the user (\"Me\") run a {} meeting by suggesting the next questions Me \
             should ask the other side (\"Them\"). Suggest at most 3 questions that matter \
             now: checklist items not yet covered, figures that are missing or inconsistent, \
             claims worth probing. Each \"question\" is one short question addressed to Them, \
             in the language they speak, ending with a question mark: not a statement, not a \
             checklist item's title, not a line of the transcript. Give each a priority \
             (critical, important or follow_up) and a short reason (one sentence) that cites \
             what was or was not said. Do not repeat earlier suggestions. {SHAPE} {DATA_RULE}",
            self.meeting_type.replace('_', " ")
        );
        let mut user = String::new();
        let mut section = |title: &str, items: &[String]| {
            if !items.is_empty() {
                user.push_str(&format!("{title}:\n{}\n\n", bullets(items)));
            }
        };
        section("Checklist items not covered yet", &self.uncovered);
        section("Known facts about this relationship", &self.facts);
        section(MEMORY_SECTION, &self.history);
        section("Already suggested in this meeting", &self.earlier);
        user.push_str(&quote(&self.turns));
        // Said again last, where a small model heeds it: without it, a 0.5B model
        // answers with a transcript line or a checklist title in place of a question.
        user.push_str(
            "\n\nSuggest up to 3 questions Me should ask Them next. Each question must end \
             with \"?\".",
        );
        vec![Message::system(system), Message::user(user)]
    }

    /// Estimated tokens of the messages.
    pub fn tokens(&self) -> usize {
        self.messages()
            .iter()
            .map(|m| estimate_tokens(&m.content))
            .sum()
    }
}

/// The answer's shape by example, in both languages: a small model copies the shape
/// it is shown (short questions, one-sentence reasons) far better than it follows a
/// schema, and an example with gaps gives it no question to copy.
const SHAPE: &str = "The answer looks like {\"questions\":[{\"priority\":\"important\",\
\"question\":\"How do you ...?\",\"reason\":\"They did not say ...\"}]} in an English meeting, \
and {\"questions\":[{\"priority\":\"important\",\"question\":\"... 어떻게 되나요?\",\
\"reason\":\"... 언급이 없었습니다.\"}]} in a Korean one.";

/// Whether what meeting `meeting_id` said may go to the model in another meeting's
/// request: not when the model was switched off for it.
fn shareable(store: &Store, meeting_id: Option<i64>) -> bool {
    meeting_id.is_none_or(|id| llm_enabled_for_meeting(store, id).unwrap_or(false))
}

fn known_facts(store: &Store, relationship_id: i64) -> Result<Vec<String>> {
    let rows = store.relationship_data(relationship_id, Page::new(100, 0))?;
    Ok(rows
        .items
        .into_iter()
        .filter(|d| shareable(store, d.fields.meeting_id))
        .map(|d| {
            let value = match &d.fields.value {
                onno_store::DataValue::Number(n) => n.to_string(),
                onno_store::DataValue::Text(t) | onno_store::DataValue::Date(t) => t.clone(),
                onno_store::DataValue::Json(j) => j.to_string(),
            };
            let unit = d.fields.unit.unwrap_or_default();
            format!(
                "{}: {value}{unit} ({}, {})",
                d.fields.key, d.fields.source, d.fields.confidence
            )
        })
        .collect())
}

/// The model's answer. The schema sent and the checks on the answer both come from
/// these types.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SuggestedQuestions {
    #[schemars(length(max = 3))]
    pub questions: Vec<SuggestedQuestion>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SuggestedQuestion {
    /// Named `question` in the answer: the schema's properties go in name order, and a
    /// small model writes the question before its reason only when the name sorts first.
    #[serde(rename = "question")]
    #[schemars(length(min = 3, max = 300))]
    pub text: String,
    #[schemars(schema_with = "priority_schema")]
    pub priority: QuestionPriority,
    #[schemars(length(max = 300))]
    pub reason: String,
}

/// The store's priorities by the names they are stored under.
fn priority_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let names: Vec<&str> = QuestionPriority::ALL.iter().map(|p| p.as_str()).collect();
    schemars::json_schema!({ "type": "string", "enum": names })
}

impl Reply for SuggestedQuestions {
    const NAME: &'static str = "question_suggestions";

    fn check(&self) -> std::result::Result<(), String> {
        let texts: Vec<&str> = self.questions.iter().map(|q| q.text.as_str()).collect();
        filled("questions", &texts, 3)
    }
}

/// The JSON schema suggestions are asked for with.
pub fn questions_schema() -> Schema {
    schema_of::<SuggestedQuestions>()
}

/// Suggestions for one meeting: feed it segments, ask it when it is due, and it
/// stores what is new.
pub struct QuestionSuggester {
    meeting_id: i64,
    trigger: QuestionTrigger,
    budget: ContextBudget,
    recent: VecDeque<Segment>,
}

impl QuestionSuggester {
    pub fn new(
        meeting_id: i64,
        trigger: TriggerConfig,
        budget: ContextBudget,
    ) -> QuestionSuggester {
        QuestionSuggester {
            meeting_id,
            trigger: QuestionTrigger::new(trigger),
            budget,
            recent: VecDeque::new(),
        }
    }

    /// Notes a committed segment of this meeting; keeps only as many as can be shown.
    pub fn on_segment(&mut self, segment: &Segment) {
        if segment.meeting_id != self.meeting_id {
            return;
        }
        self.trigger.on_segment(segment);
        self.recent.push_back(segment.clone());
        while self.recent.len() > self.budget.max_turns {
            self.recent.pop_front();
        }
    }

    /// See [`QuestionTrigger::on_voice`].
    pub fn on_voice(&mut self, until_ms: i64) {
        self.trigger.on_voice(until_ms);
    }

    /// Whether suggestions are due at `now_ms` (meeting time); see [`QuestionTrigger`].
    pub fn due(&mut self, now_ms: i64) -> bool {
        self.trigger.fire(now_ms)
    }

    /// Asks the model for suggestions over the segments seen so far and stores the new
    /// ones; near-duplicates of this meeting's earlier suggestions are dropped.
    /// Fails with [`onno_llm::LlmErrorKind::Disabled`] when the model is off.
    pub async fn suggest(
        &self,
        client: &LlmClient,
        store: &Store,
        checklist: &[ChecklistProgress],
    ) -> Result<Vec<AiQuestion>> {
        let segments: Vec<Segment> = self.recent.iter().cloned().collect();
        suggest_questions(
            client,
            store,
            self.meeting_id,
            &segments,
            checklist,
            &self.budget,
        )
        .await
    }
}

/// One round of suggestions for meeting `meeting_id` from its latest `segments`:
/// builds the bounded context, asks, drops what is not a question or repeats a line
/// of `segments` or an earlier suggestion (counted on the call's usage record), stores
/// and returns the new questions. The meeting and its transcript are only read.
pub async fn suggest_questions(
    client: &LlmClient,
    store: &Store,
    meeting_id: i64,
    segments: &[Segment],
    checklist: &[ChecklistProgress],
    budget: &ContextBudget,
) -> Result<Vec<AiQuestion>> {
    ensure_llm_allowed(store, meeting_id)?;
    let context = QuestionContext::build(store, meeting_id, segments, checklist, budget)?;
    let call = CallFor {
        store,
        meeting_id: Some(meeting_id),
        purpose: "questions",
    };
    let answered = ask_answered::<SuggestedQuestions>(client, call, &context.messages()).await?;
    let mut known: Vec<String> = store
        .questions(meeting_id)?
        .into_iter()
        .map(|q| q.text)
        .collect();
    let said: Vec<&str> = segments.iter().map(|s| s.text.as_str()).collect();
    let mut dropped = Dropped::default();
    let mut stored = Vec::new();
    for q in answered.value.questions {
        let text = q.text.trim().to_owned();
        if let Some(reason) = question_problem(&text, &said, &known) {
            dropped.note(reason);
            continue;
        }
        known.push(text.clone());
        stored.push(store.add_question(&NewAiQuestion {
            meeting_id,
            text,
            priority: q.priority,
            reason: q.reason.trim().to_owned(),
        })?);
    }
    dropped.record(store, answered.usage_id);
    Ok(stored)
}

/// The critical suggestions the user never marked used: the "missed questions".
pub fn missed_questions(store: &Store, meeting_id: i64) -> Result<Vec<AiQuestion>> {
    Ok(store
        .questions(meeting_id)?
        .into_iter()
        .filter(|q| {
            q.priority == QuestionPriority::Critical && q.user_action != Some(QuestionAction::Used)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use onno_store::SegmentSource;

    /// `text` said at about 14 characters a second, ending at `end_ms`.
    fn said(end_ms: i64, text: &str) -> Segment {
        Segment {
            id: 0,
            meeting_id: 1,
            source: SegmentSource::Them,
            speaker: None,
            text: text.into(),
            start_ms: end_ms - 70 * text.chars().count() as i64,
            end_ms,
            confidence: None,
            language: None,
            is_final: true,
            edited: false,
            created_at: String::new(),
        }
    }

    const LONG: &str = "Our MRR is about fifty thousand dollars and growing ten percent a month.";

    #[test]
    fn fires_on_a_pause_after_new_speech_and_not_again_within_twenty_seconds() {
        let mut t = QuestionTrigger::new(TriggerConfig::default());
        assert!(!t.fire(0), "nothing said yet");
        t.on_segment(&said(10_000, LONG));
        assert!(!t.fire(11_000), "no pause yet (1 s)");
        assert!(t.fire(12_000), "2 s pause after new speech");
        assert!(!t.fire(13_000), "the same pause fires once");

        t.on_segment(&said(20_000, LONG));
        assert!(
            !t.fire(25_000),
            "new speech and a pause, but only 13 s since the last"
        );
        assert!(t.fire(32_000), "20 s after the last");
    }

    #[test]
    fn short_answers_do_not_trigger_but_live_segments_do() {
        let mut t = QuestionTrigger::new(TriggerConfig::default());
        t.on_segment(&said(10_000, "네, 맞아요."));
        assert!(!t.fire(30_000));
        // What the live pipeline commits: confirmed, though a final pass may replace it.
        let mut live = said(40_000, LONG);
        live.is_final = false;
        t.on_segment(&live);
        assert!(t.fire(42_000));
    }

    #[test]
    fn speech_that_keeps_going_postpones_the_trigger() {
        let mut t = QuestionTrigger::new(TriggerConfig::default());
        for i in 1..=10 {
            t.on_segment(&said(i * 1_500, LONG));
            assert!(!t.fire(i * 1_500 + 1_000), "less than 2 s of silence");
        }
        assert!(t.fire(15_000 + 2_000));
    }

    #[test]
    fn speech_heard_but_not_yet_transcribed_is_no_pause() {
        let mut t = QuestionTrigger::new(TriggerConfig::default());
        t.on_segment(&said(10_000, LONG));
        // The other side goes on talking; whisper has not caught up with it yet.
        t.on_voice(13_500);
        assert!(!t.fire(14_000), "talking half a second ago");
        assert!(!t.fire(15_000));
        assert!(t.fire(15_500), "2 s after the voice stopped");
    }
}
