//! Onno's language model client: any OpenAI-compatible chat-completions endpoint
//! (OpenAI, Azure OpenAI, Ollama, llama.cpp server). What the assistant asks of it is
//! `onno-assist`'s.
//!
//! [`LlmClient`] makes one call: Onno's own limit of calls per minute first, then the
//! request with connect and total timeouts, retries with exponential backoff on 429 and
//! 5xx (a `Retry-After` wins), and the answer read as server-sent events when the
//! server streams, or in one piece, never past [`LlmConfig::max_reply_bytes`]. Every
//! request is checked against a token budget before it leaves ([`estimate_tokens`]).
//! [`ask`] adds structured output: the answer type's JSON schema ([`schema_of`]), asked
//! for the way the endpoint takes it ([`StructuredMode`], negotiated and remembered),
//! a parse checked against that schema, one repair request, and usage recorded per
//! meeting; before each of its calls the meeting's and the global switch are read again
//! ([`ensure_llm_allowed`]), so turning the model off stops a long analysis at its next
//! call. Errors are one [`LlmError`] with an [`LlmErrorKind`]; their messages carry the
//! server's own words, bounded, and never transcript text or the key.

mod client;
mod config;
mod error;
mod gate;
mod mode;
mod probe;
mod rate;
mod schema;
mod sse;
mod structured;
mod tokens;
mod wire;

pub use client::{ChatReply, ChatRequest, LlmClient, Usage};
pub use config::{
    ApiKey, LlmConfig, LlmSettings, llm_enabled_for_meeting, set_llm_enabled_for_meeting,
};
pub use error::{LlmError, LlmErrorKind, Result};
pub use gate::{LlmBlocked, ensure_llm_allowed, llm_blocked};
pub use mode::{StructuredMode, endpoint_key, remember_mode, remembered_mode};
pub use probe::{ProbeProblem, ProbeReport, probe, problem_of};
pub use rate::RateLimiter;
pub use schema::{Reply, schema_of, validate};
pub use structured::{Answered, CallFor, ask, ask_answered, parse};
pub use tokens::{MESSAGE_OVERHEAD_TOKENS, estimate_tokens};
pub use wire::{Message, Role, Schema};
