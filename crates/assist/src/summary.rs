//! The summary after a meeting: key points, decisions, the metrics heard, the critical
//! questions never asked, and the action items. A long meeting is summarised
//! map-reduce style: notes per chunk of transcript, then notes of notes until they fit
//! one call, so a local model with a 4k context works on a three-hour meeting.

use onno_store::{ActionItem, Segment, Store, Summary, SummaryInput};
use schemars::JsonSchema;
use serde::Deserialize;

use super::memory::{MEMORY_SECTION, MemoryItem, recall};
use super::prompt::{DATA_RULE, bullets, chunks, filled, quote};
use super::questions::{ContextBudget, missed_questions};
use crate::error::AssistError;
use onno_llm::{CallFor, LlmClient, Message, Reply, ask, ensure_llm_allowed, estimate_tokens};

/// Notes on one stretch of the meeting (the map step, and the reduce steps between).
/// The schema sent and the checks on the answer both come from these types.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Notes {
    #[schemars(length(max = 12), inner(length(min = 1, max = 500)))]
    pub points: Vec<String>,
    #[schemars(length(max = 8), inner(length(min = 1, max = 500)))]
    pub decisions: Vec<String>,
}

/// The final summary.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SummaryDraft {
    #[schemars(length(min = 1, max = 4000))]
    pub summary: String,
    #[schemars(length(max = 10), inner(length(min = 1, max = 500)))]
    pub key_points: Vec<String>,
    #[schemars(length(max = 10), inner(length(min = 1, max = 500)))]
    pub decisions: Vec<String>,
}

fn none_blank(what: &str, items: &[String]) -> Result<(), String> {
    let texts: Vec<&str> = items.iter().map(String::as_str).collect();
    filled(what, &texts, 1)
}

impl Reply for Notes {
    const NAME: &'static str = "meeting_notes";

    fn check(&self) -> Result<(), String> {
        none_blank("points", &self.points)?;
        none_blank("decisions", &self.decisions)
    }
}

impl Reply for SummaryDraft {
    const NAME: &'static str = "meeting_summary";

    fn check(&self) -> Result<(), String> {
        filled("summary", &[&self.summary], 1)?;
        none_blank("key points", &self.key_points)?;
        none_blank("decisions", &self.decisions)
    }
}

const NOTES_TASK: &str = "You take notes on part of a meeting: the points that matter \
(figures, claims, concerns, commitments) and any decisions, each as one short sentence.";
const SUMMARY_TASK: &str = "You summarise a meeting for the user: a summary of a few \
sentences, up to 10 key points and the decisions made, each as one short sentence.";

fn transcript_messages(task: &str, lines: &[String]) -> Vec<Message> {
    vec![
        Message::system(format!("{task} {DATA_RULE}")),
        Message::user(quote(lines)),
    ]
}

fn notes_messages(task: &str, notes: &[String]) -> Vec<Message> {
    vec![
        Message::system(format!(
            "{task} You are given notes taken on consecutive parts of the meeting instead \
             of its transcript; they are quoted data too. {DATA_RULE}"
        )),
        Message::user(format!("Notes:\n{}", bullets(notes))),
    ]
}

/// What the summary recalls of the relationship's past: the passages that bear on the
/// whole meeting, in at most the questions' history budget and a quarter of the call's.
fn summary_memory(
    store: &Store,
    meeting_id: i64,
    segments: &[Segment],
    call_budget: usize,
) -> Result<Vec<String>, AssistError> {
    let Some(relationship_id) = store.meeting(meeting_id)?.relationship_id else {
        return Ok(Vec::new());
    };
    let texts: Vec<&str> = segments.iter().map(|s| s.text.as_str()).collect();
    let budget = ContextBudget::default().history_tokens.min(call_budget / 4);
    Ok(recall(store, meeting_id, relationship_id, &texts, budget)?
        .iter()
        .map(MemoryItem::line)
        .collect())
}

/// `messages` with the recalled lines put before the meeting's own text, marked as
/// background so the summary does not report them as said in this meeting.
fn with_memory(mut messages: Vec<Message>, memory: &[String]) -> Vec<Message> {
    if memory.is_empty() {
        return messages;
    }
    if let Some(user) = messages.last_mut() {
        user.content = format!(
            "{MEMORY_SECTION}, background only (summarise this meeting, not these):\n{}\n\n{}",
            bullets(memory),
            user.content
        );
    }
    messages
}

fn budget(client: &LlmClient) -> usize {
    client
        .config()
        .max_prompt_tokens
        .saturating_sub(700)
        .max(200)
}

/// Summarises `segments` and saves the summary of meeting `meeting_id`, with
/// `metrics` (lines such as "MRR: 50,000 USD at 12:34") and `action_items` listed in
/// its text and the missed questions from the store. Nothing is saved unless every
/// call succeeded.
pub async fn summarize_meeting(
    client: &LlmClient,
    store: &Store,
    meeting_id: i64,
    segments: &[Segment],
    metrics: &[String],
    action_items: &[ActionItem],
) -> Result<Summary, AssistError> {
    ensure_llm_allowed(store, meeting_id)?;
    let call = CallFor {
        store,
        meeting_id: Some(meeting_id),
        purpose: "summary",
    };
    let memory = summary_memory(store, meeting_id, segments, budget(client))?;
    // The final call carries the recalled lines beside the transcript or the notes.
    let memory_cost = if memory.is_empty() {
        0
    } else {
        tokens(&memory) + estimate_tokens(MEMORY_SECTION) + 16
    };
    let budget = budget(client).saturating_sub(memory_cost).max(200);
    let parts = chunks(segments, budget);
    let draft: SummaryDraft = if parts.len() <= 1 {
        let lines = parts.into_iter().next().unwrap_or_default();
        let messages = with_memory(transcript_messages(SUMMARY_TASK, &lines), &memory);
        ask(client, call, &messages).await?
    } else {
        let mut notes = Vec::new();
        for lines in &parts {
            let n: Notes = ask(client, call, &transcript_messages(NOTES_TASK, lines)).await?;
            notes.extend(flatten(n));
        }
        // Reduce until the notes fit one call.
        while tokens(&notes) > budget {
            let mut reduced = Vec::new();
            for batch in batches(&notes, budget) {
                let n: Notes = ask(client, call, &notes_messages(NOTES_TASK, &batch)).await?;
                reduced.extend(flatten(n));
            }
            if reduced.len() >= notes.len() {
                // The model is not condensing; cut rather than loop forever.
                reduced.truncate(notes.len() / 2);
            }
            notes = reduced;
        }
        let messages = with_memory(notes_messages(SUMMARY_TASK, &notes), &memory);
        ask(client, call, &messages).await?
    };

    let missed: Vec<String> = missed_questions(store, meeting_id)?
        .into_iter()
        .map(|q| q.text)
        .collect();
    let mut content = draft.summary.trim().to_owned();
    if !metrics.is_empty() {
        content.push_str(&format!("\n\nMetrics:\n{}", bullets(metrics)));
    }
    if !action_items.is_empty() {
        let items: Vec<String> = action_items.iter().map(action_line).collect();
        content.push_str(&format!("\n\nAction items:\n{}", bullets(&items)));
    }
    let input = SummaryInput {
        content,
        key_points: draft.key_points,
        decisions: draft.decisions,
        missed_questions: missed,
    };
    Ok(store.save_summary(meeting_id, &input)?)
}

fn action_line(a: &ActionItem) -> String {
    let mut line = a.text.clone();
    if let Some(who) = &a.assignee {
        line.push_str(&format!(" ({who})"));
    }
    if let Some(due) = &a.due_date {
        line.push_str(&format!(", due {due}"));
    }
    line
}

fn flatten(n: Notes) -> Vec<String> {
    n.points
        .into_iter()
        .chain(n.decisions.into_iter().map(|d| format!("Decision: {d}")))
        .collect()
}

fn tokens(notes: &[String]) -> usize {
    notes.iter().map(|n| estimate_tokens(n) + 2).sum()
}

fn batches(notes: &[String], budget: usize) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut current = Vec::new();
    let mut used = 0;
    for note in notes {
        let cost = estimate_tokens(note) + 2;
        if used + cost > budget && !current.is_empty() {
            out.push(std::mem::take(&mut current));
            used = 0;
        }
        used += cost;
        current.push(note.clone());
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}
