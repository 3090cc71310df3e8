//! Structured answers: a JSON schema goes with the request, the answer is parsed into a
//! Rust type (unknown fields refused) and range-checked; a bad answer gets one request
//! to repair it, with the error, and then fails clearly. Every call's tokens, latency
//! and outcome are recorded in the store against the meeting.

use std::time::Instant;

use onno_store::{NewLlmUsage, Store};
use serde::de::DeserializeOwned;

use super::client::{ChatRequest, LlmClient};
use super::error::{LlmError, LlmErrorKind};
use super::gate::ensure_llm_allowed;
use super::wire::{Message, Schema};

/// An answer type: parsed with serde (`deny_unknown_fields`), then checked here for
/// what a schema cannot say (ranges, lengths, counts).
pub trait Reply: DeserializeOwned {
    fn check(&self) -> Result<(), String>;
}

/// Whom a call is for, so its usage is recorded in the right place.
#[derive(Clone, Copy)]
pub struct CallFor<'a> {
    pub store: &'a Store,
    pub meeting_id: Option<i64>,
    /// "questions", "action_items", "summary", ...
    pub purpose: &'static str,
}

/// Asks for a `T` and returns it once it parses and passes its checks; at most two
/// calls (the answer and one repair).
pub async fn ask<T: Reply>(
    client: &LlmClient,
    call: CallFor<'_>,
    messages: &[Message],
    schema: &Schema,
) -> Result<T, LlmError> {
    let mut conversation = messages.to_vec();
    let (first, content) = attempt::<T>(client, call, &conversation, schema).await?;
    let problem = match first {
        Ok(value) => return Ok(value),
        Err(problem) => problem,
    };
    tracing::debug!(purpose = call.purpose, %problem, "asking the language model to repair its answer");
    // The bad answer goes back bounded, so a huge bad answer cannot blow the budget.
    let echoed: String = content.chars().take(2_000).collect();
    conversation.push(Message::assistant(echoed));
    conversation.push(Message::user(format!(
        "That answer was not valid: {problem}. Answer again with only one JSON object that \
         follows the schema exactly."
    )));
    let (second, _) = attempt::<T>(client, call, &conversation, schema).await?;
    second.map_err(|problem| {
        LlmError::bad_reply(format!("{problem} (after one request to repair it)"))
    })
}

/// One call: the answer parsed (or what is wrong with it) and its raw content; the
/// call's usage is recorded either way, an unusable answer as a `bad_reply`.
async fn attempt<T: Reply>(
    client: &LlmClient,
    call: CallFor<'_>,
    messages: &[Message],
    schema: &Schema,
) -> Result<(Result<T, String>, String), LlmError> {
    if let Some(meeting_id) = call.meeting_id {
        ensure_llm_allowed(call.store, meeting_id)?;
    }
    let request = ChatRequest {
        messages,
        schema: Some(schema),
    };
    let started = Instant::now();
    let result = client.chat(request).await;
    let (usage, outcome) = match result {
        Ok(reply) => {
            let parsed = parse::<T>(&reply.content);
            let usage = NewLlmUsage {
                meeting_id: call.meeting_id,
                purpose: call.purpose.into(),
                model: reply.model.clone(),
                prompt_tokens: reply.usage.prompt_tokens,
                completion_tokens: reply.usage.completion_tokens,
                estimated: reply.usage.estimated,
                latency_ms: millis(started),
                error_kind: parsed.is_err().then(|| LlmErrorKind::BadReply.name()),
            };
            (usage, Ok((parsed, reply.content)))
        }
        Err(error) => {
            let usage = NewLlmUsage {
                meeting_id: call.meeting_id,
                purpose: call.purpose.into(),
                model: client.model().to_owned(),
                prompt_tokens: u32::try_from(client.prompt_tokens(request)).unwrap_or(u32::MAX),
                completion_tokens: 0,
                estimated: true,
                latency_ms: millis(started),
                error_kind: Some(error.kind().name()),
            };
            (usage, Err(error))
        }
    };
    if let Err(e) = call.store.record_llm_usage(&usage) {
        tracing::warn!(error = %e, "could not record the language model's usage");
    }
    tracing::info!(
        purpose = call.purpose,
        latency_ms = usage.latency_ms,
        outcome = usage.error_kind.as_deref().unwrap_or("ok"),
        "language model call"
    );
    outcome
}

fn millis(started: Instant) -> u32 {
    u32::try_from(started.elapsed().as_millis()).unwrap_or(u32::MAX)
}

/// The JSON object in `content` as a checked `T`. Fences and text around the object
/// (which small local models add) are tolerated; anything else is a problem, described.
pub fn parse<T: Reply>(content: &str) -> Result<T, String> {
    let start = content.find('{');
    let end = content.rfind('}');
    let json = match (start, end) {
        (Some(s), Some(e)) if s < e => &content[s..=e],
        _ => return Err("it is not a JSON object".into()),
    };
    let value: T =
        serde_json::from_str(json).map_err(|e| format!("it does not follow the schema ({e})"))?;
    value.check()?;
    Ok(value)
}
