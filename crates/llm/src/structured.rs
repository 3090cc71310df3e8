//! Structured answers: the answer type's JSON schema goes with the request, the answer
//! is checked against that same schema and read into the Rust type; a bad answer gets one request
//! to repair it, with the error, and then fails clearly. Every call's tokens, latency,
//! outcome and which try it was (first, format fallback, repair) are recorded in the
//! store against the meeting.

use std::time::Instant;

use onno_store::{LlmAttempt, NewLlmUsage, Store};

use crate::client::{ChatRequest, LlmClient};
use crate::error::{LlmError, LlmErrorKind};
use crate::gate::ensure_llm_allowed;
use crate::mode::{StructuredMode, remember_mode, remembered_mode};
use crate::schema::{Reply, schema_of, validate};
use crate::wire::{Message, Schema};

/// Whom a call is for, so its usage is recorded in the right place.
#[derive(Clone, Copy)]
pub struct CallFor<'a> {
    pub store: &'a Store,
    pub meeting_id: Option<i64>,
    /// "questions", "action_items", "summary", ...
    pub purpose: &'static str,
}

/// Asks for a `T` and returns it once it parses and passes its checks.
///
/// The schema is asked for the way that worked last for this endpoint
/// ([`remembered_mode`]), else as `json_schema`. When the endpoint refuses that way (an
/// error naming `response_format`) the next one is tried at once; when it ignores it
/// (prose around the JSON) the schema goes into the prompt. What worked is remembered.
/// An answer that breaks the schema gets one request to repair it.
pub async fn ask<T: Reply>(
    client: &LlmClient,
    call: CallFor<'_>,
    messages: &[Message],
) -> Result<T, LlmError> {
    ask_answered(client, call, messages).await.map(|a| a.value)
}

/// An answer and the usage record of the call that gave it, so what is done with the
/// answer afterwards (answers dropped, and why) can be noted on that record.
#[derive(Debug)]
pub struct Answered<T> {
    pub value: T,
    /// The `llm_usage` row; `None` when it could not be recorded.
    pub usage_id: Option<i64>,
}

/// [`ask`], with the usage record of the call that gave the answer.
pub async fn ask_answered<T: Reply>(
    client: &LlmClient,
    call: CallFor<'_>,
    messages: &[Message],
) -> Result<Answered<T>, LlmError> {
    let schema = &schema_of::<T>();
    let (first, mode) = negotiate::<T>(client, call, messages, schema).await?;
    let problem = match first.parsed {
        Ok(value) => {
            return Ok(Answered {
                value,
                usage_id: first.usage_id,
            });
        }
        Err(problem) => problem,
    };
    tracing::debug!(purpose = call.purpose, %problem, "asking the language model to repair its answer");
    // The bad answer goes back bounded, so a huge bad answer cannot blow the budget.
    let echoed: String = first.content.chars().take(2_000).collect();
    let mut conversation = messages.to_vec();
    conversation.push(Message::assistant(echoed));
    conversation.push(Message::user(format!(
        "That answer was not valid: {problem}. Answer again with only one JSON object that \
         follows the schema exactly."
    )));
    let repair = Try {
        mode,
        attempt: LlmAttempt::Repair,
    };
    let second = attempt::<T>(client, call, &conversation, schema, repair).await?;
    match second.parsed {
        Ok(value) => Ok(Answered {
            value,
            usage_id: second.usage_id,
        }),
        Err(problem) => Err(LlmError::bad_reply(format!(
            "{problem} (after one request to repair it)"
        ))),
    }
}

/// The first answer in a way of asking for structured output that the endpoint takes,
/// and that way, remembered for the next call.
async fn negotiate<T: Reply>(
    client: &LlmClient,
    call: CallFor<'_>,
    messages: &[Message],
    schema: &Schema,
) -> Result<(Answer<T>, StructuredMode), LlmError> {
    let settings = &client.config().settings;
    let known = remembered_mode(call.store, settings).unwrap_or_else(|e| {
        tracing::warn!(error = %e, "could not read how the endpoint takes structured output");
        None
    });
    let mut now = Try {
        mode: known.unwrap_or(StructuredMode::JsonSchema),
        attempt: LlmAttempt::First,
    };
    let first = loop {
        let answer = match attempt::<T>(client, call, messages, schema, now).await {
            Err(e) if e.refuses_response_format() => match now.mode.fallback() {
                Some(next) => {
                    tracing::info!(
                        purpose = call.purpose,
                        mode = now.mode.name(),
                        "the endpoint refused this structured output; trying the next way"
                    );
                    now = now.fall_back(next);
                    continue;
                }
                None => return Err(e),
            },
            other => other?,
        };
        if now.mode != StructuredMode::Prompt && !is_bare_json(&answer.content) {
            tracing::info!(
                purpose = call.purpose,
                mode = now.mode.name(),
                "the endpoint ignored response_format; describing the schema in the prompt"
            );
            now = now.fall_back(StructuredMode::Prompt);
            if answer.parsed.is_err() {
                continue;
            }
        }
        break answer;
    };
    if known != Some(now.mode)
        && let Err(e) = remember_mode(call.store, settings, now.mode)
    {
        tracing::warn!(error = %e, "could not remember how the endpoint takes structured output");
    }
    Ok((first, now.mode))
}

/// How one call asks: the way of structured output, and which try of the request it is.
#[derive(Clone, Copy)]
struct Try {
    mode: StructuredMode,
    attempt: LlmAttempt,
}

impl Try {
    fn fall_back(self, mode: StructuredMode) -> Try {
        Try {
            mode,
            attempt: LlmAttempt::FormatFallback,
        }
    }

    /// Whether `reply` (this try's outcome) only tells that the endpoint refused or
    /// ignored this way of asking, so that [`negotiate`] tries the next way: what the
    /// usage record calls a format negotiation rather than a failure.
    fn refused<T>(self, reply: &Result<Answer<T>, LlmError>) -> bool {
        // A repair is never followed by another way of asking.
        if self.attempt == LlmAttempt::Repair {
            return false;
        }
        match reply {
            Err(e) => e.refuses_response_format() && self.mode.fallback().is_some(),
            Ok(answer) => {
                self.mode != StructuredMode::Prompt
                    && !is_bare_json(&answer.content)
                    && answer.parsed.is_err()
            }
        }
    }
}

/// One answer: parsed (or what is wrong with it), its raw content, and the usage
/// record of its call.
struct Answer<T> {
    parsed: Result<T, String>,
    content: String,
    usage_id: Option<i64>,
}

/// Whether `content` is only a JSON object, as an endpoint that honours
/// `response_format` sends it.
fn is_bare_json(content: &str) -> bool {
    let trimmed = content.trim();
    trimmed.starts_with('{') && trimmed.ends_with('}')
}

/// One call; its usage is recorded either way, an unusable answer as a `bad_reply`.
async fn attempt<T: Reply>(
    client: &LlmClient,
    call: CallFor<'_>,
    messages: &[Message],
    schema: &Schema,
    how: Try,
) -> Result<Answer<T>, LlmError> {
    if let Some(meeting_id) = call.meeting_id {
        ensure_llm_allowed(call.store, meeting_id)?;
    }
    let request = ChatRequest {
        messages,
        schema: Some(schema),
        mode: how.mode,
    };
    let started = Instant::now();
    let result = client.chat(request).await;
    let (usage, outcome) = match result {
        Ok(reply) => {
            // The answer may quote the meeting, so it is shown at debug level only.
            tracing::debug!(purpose = call.purpose, answer = %reply.content, "the language model's answer");
            let parsed = parse_with::<T>(&reply.content, schema);
            let usage = NewLlmUsage {
                meeting_id: call.meeting_id,
                purpose: call.purpose.into(),
                model: reply.model.clone(),
                prompt_tokens: reply.usage.prompt_tokens,
                completion_tokens: reply.usage.completion_tokens,
                estimated: reply.usage.estimated,
                latency_ms: millis(started),
                error_kind: parsed.is_err().then(|| LlmErrorKind::BadReply.name()),
                attempt: how.attempt,
                format_refused: false,
            };
            let answer = Answer {
                parsed,
                content: reply.content,
                usage_id: None,
            };
            (usage, Ok(answer))
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
                attempt: how.attempt,
                format_refused: false,
            };
            (usage, Err(error))
        }
    };
    let usage = NewLlmUsage {
        format_refused: how.refused(&outcome),
        ..usage
    };
    let usage_id = match call.store.record_llm_usage(&usage) {
        Ok(recorded) => Some(recorded.id),
        Err(e) => {
            tracing::warn!(error = %e, "could not record the language model's usage");
            None
        }
    };
    tracing::info!(
        purpose = call.purpose,
        mode = how.mode.name(),
        attempt = how.attempt.as_str(),
        latency_ms = usage.latency_ms,
        outcome = usage.error_kind.as_deref().unwrap_or("ok"),
        "language model call"
    );
    outcome.map(|answer| Answer { usage_id, ..answer })
}

fn millis(started: Instant) -> u32 {
    u32::try_from(started.elapsed().as_millis()).unwrap_or(u32::MAX)
}

/// The JSON object in `content` as a checked `T`. Fences and text around the object
/// (which small local models add) are tolerated; anything else is a problem, described.
pub fn parse<T: Reply>(content: &str) -> Result<T, String> {
    parse_with(content, &schema_of::<T>())
}

fn parse_with<T: Reply>(content: &str, schema: &Schema) -> Result<T, String> {
    let start = content.find('{');
    let end = content.rfind('}');
    let json = match (start, end) {
        (Some(s), Some(e)) if s < e => &content[s..=e],
        _ => return Err("it is not a JSON object".into()),
    };
    let value: serde_json::Value =
        serde_json::from_str(json).map_err(|e| format!("it is not valid JSON ({e})"))?;
    validate(&schema.schema, &value)?;
    let value: T = serde_json::from_value(value)
        .map_err(|e| format!("it does not follow the schema ({e})"))?;
    value.check()?;
    Ok(value)
}
