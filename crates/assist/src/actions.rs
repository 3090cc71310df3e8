//! Action items: what someone agreed to do, with an assignee and a due date when said.
//! Extracted incrementally during the meeting ([`ActionExtractor`]) and in a final pass
//! over the whole transcript ([`extract_action_items`]); stored pending until the user
//! approves or rejects them.

use onno_store::{ActionItem, NewActionItem, Segment, Store};
use schemars::JsonSchema;
use serde::Deserialize;

use super::dates::{parse_date, resolve_due_date};
use super::hygiene::{DropReason, Dropped, split_owner};
use super::prompt::{DATA_RULE, bullets, chunks, filled, quote, within};
use super::similar::is_near_duplicate;
use crate::error::AssistError;
use onno_llm::{CallFor, LlmClient, Message, Reply, ask_answered, ensure_llm_allowed};

/// The model's answer for one stretch of transcript. The schema sent and the checks
/// on the answer both come from these types.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtractedActions {
    #[schemars(length(max = 10))]
    pub items: Vec<ExtractedAction>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtractedAction {
    #[schemars(length(min = 3, max = 500))]
    pub text: String,
    #[schemars(length(max = 100))]
    pub assignee: Option<String>,
    /// The due date as said ("next Friday", "다음 주 금요일") or as a date; resolved in
    /// Rust against the meeting's date.
    #[schemars(length(max = 60))]
    pub due: Option<String>,
    #[schemars(range(min = 0, max = 1))]
    pub confidence: f64,
}

impl Reply for ExtractedActions {
    const NAME: &'static str = "action_items";

    fn check(&self) -> Result<(), String> {
        let texts: Vec<&str> = self.items.iter().map(|i| i.text.as_str()).collect();
        filled("items", &texts, 3)
    }
}

fn messages(lines: &[String], known: &[String]) -> Vec<Message> {
    let system = format!(
        "You list the action items agreed in a meeting: concrete things someone will do. \
         For each give the task as a short imperative sentence, the person responsible as \
         named in the meeting (\"Me\" for the user) or null, the due date exactly as it was \
         said (\"next Friday\", \"다음 주 금요일\", \"by end of month\") or null when none was \
         said, and your confidence from 0 to 1. Leave out items already listed. {DATA_RULE}"
    );
    let mut user = String::new();
    if !known.is_empty() {
        user.push_str(&format!("Already listed:\n{}\n\n", bullets(known)));
    }
    user.push_str(&quote(lines));
    vec![Message::system(system), Message::user(user)]
}

/// Transcript tokens one extraction call carries; the rest of the budget is for the
/// instructions, the schema and the items already listed.
fn chunk_budget(client: &LlmClient) -> usize {
    client
        .config()
        .max_prompt_tokens
        .saturating_sub(900)
        .max(200)
}

/// Extracts the action items of `segments` (all of the meeting or a new stretch of it),
/// chunked to fit the budget, and returns them resolved and deduplicated against
/// `known` (texts already stored) and each other, without storing anything.
async fn extract(
    client: &LlmClient,
    store: &Store,
    meeting_id: i64,
    segments: &[Segment],
    known: &[String],
) -> Result<Vec<NewActionItem>, AssistError> {
    let meeting = store.meeting(meeting_id)?;
    let meeting_date = parse_date(&meeting.started_at);
    let call = CallFor {
        store,
        meeting_id: Some(meeting_id),
        purpose: "action_items",
    };
    let mut seen: Vec<String> = known.to_vec();
    let mut found = Vec::new();
    for lines in chunks(segments, chunk_budget(client)) {
        let listed = within(seen.iter().rev().cloned().collect(), 300);
        let answered =
            ask_answered::<ExtractedActions>(client, call, &messages(&lines, &listed)).await?;
        let mut dropped = Dropped::default();
        for item in answered.value.items {
            let (text, assignee) = split_owner(&item.text, item.assignee.as_deref());
            if seen.iter().any(|s| is_near_duplicate(s, &text)) {
                dropped.note(DropReason::RepeatsEarlier);
                continue;
            }
            seen.push(text.clone());
            let due_date = match (item.due.as_deref(), meeting_date) {
                (Some(phrase), Some(date)) => resolve_due_date(phrase, date).map(|d| d.to_string()),
                _ => None,
            };
            found.push(NewActionItem {
                meeting_id,
                text,
                assignee,
                due_date,
                confidence: Some(item.confidence),
            });
        }
        dropped.record(store, answered.usage_id);
    }
    Ok(found)
}

/// The final pass over a whole meeting: extracts every action item and stores the
/// new ones as pending. Nothing is stored unless every call succeeded.
pub async fn extract_action_items(
    client: &LlmClient,
    store: &Store,
    meeting_id: i64,
    segments: &[Segment],
) -> Result<Vec<ActionItem>, AssistError> {
    ensure_llm_allowed(store, meeting_id)?;
    // Reworded and removed items included: the user's say stands.
    let known = store.known_action_item_texts(meeting_id)?;
    let found = extract(client, store, meeting_id, segments, &known).await?;
    let mut stored = Vec::new();
    for item in &found {
        stored.push(store.add_action_item(item)?);
    }
    Ok(stored)
}

/// Incremental extraction during a meeting: each call looks only at the segments that
/// arrived since the previous successful one.
#[derive(Debug, Clone, Default)]
pub struct ActionExtractor {
    /// Index into the caller's segment list of the first segment not yet looked at.
    done: usize,
}

impl ActionExtractor {
    pub fn new() -> ActionExtractor {
        ActionExtractor::default()
    }

    /// How many of the caller's segments have been looked at.
    pub fn seen(&self) -> usize {
        self.done
    }

    /// Extracts from `segments[already seen..]` and stores what is new. `segments` is
    /// the meeting's transcript so far, in order; on failure the same stretch is tried
    /// again next time.
    pub async fn extract_new(
        &mut self,
        client: &LlmClient,
        store: &Store,
        meeting_id: i64,
        segments: &[Segment],
    ) -> Result<Vec<ActionItem>, AssistError> {
        let start = self.done.min(segments.len());
        if start == segments.len() {
            return Ok(Vec::new());
        }
        let stored = extract_action_items(client, store, meeting_id, &segments[start..]).await?;
        self.done = segments.len();
        Ok(stored)
    }
}
