//! "Test connection": one small structured request to an endpoint, and what its failure
//! says about which setting is wrong: the URL (nothing answers there), the key (401,
//! 403), the model name (404 or an error naming the model), or the time allowed.

use std::time::{Duration, Instant};

use onno_store::Store;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::client::LlmClient;
use crate::config::LlmConfig;
use crate::error::{LlmError, LlmErrorKind};
use crate::mode::{StructuredMode, remembered_mode};
use crate::schema::Reply;
use crate::structured::{CallFor, ask_answered};
use crate::wire::Message;

/// Which setting a failed test points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ProbeProblem {
    /// Nothing answers at the base URL (refused, unknown host, unreachable), or a
    /// server answers 404 without naming the model (a wrong path).
    WrongUrl,
    /// The endpoint refused the key (401, 403), or needs one and none is set.
    WrongKey,
    /// The endpoint does not know the model name.
    WrongModel,
    /// No answer within the time allowed.
    Timeout,
    /// The endpoint is busy (429): the settings are probably right.
    RateLimited,
    /// The settings cannot even make a request (not a URL, a key over plain http).
    InvalidSettings,
    /// It answered, but not with a usable answer.
    BadReply,
    /// Anything else (a server error).
    Other,
}

/// What a connection test found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProbeReport {
    /// `None` when the endpoint answered as asked.
    pub problem: Option<ProbeProblem>,
    /// The error in English, with the endpoint's own words; the UI shows it as detail
    /// under its own translated sentence.
    pub detail: Option<String>,
    /// How the endpoint took structured output, when it answered.
    pub mode: Option<StructuredMode>,
    /// The model that answered, as the server named it.
    pub model: Option<String>,
    pub latency_ms: u32,
}

/// The test's answer: any word.
#[derive(Debug, Deserialize, JsonSchema)]
struct Pong {
    reply: String,
}

impl Reply for Pong {
    const NAME: &'static str = "connection_test";
}

/// Sends one short structured request with `config`'s endpoint, model and key, no
/// retries and `timeout`, and says what worked or which setting is wrong. The way
/// structured output worked is remembered in `store` like any call's, and the call's
/// usage recorded (purpose `connection_test`, no meeting).
pub async fn probe(store: &Store, config: LlmConfig, timeout: Duration) -> ProbeReport {
    let started = Instant::now();
    let config = LlmConfig {
        timeout,
        max_retries: 0,
        ..config
    };
    let settings = config.settings.clone();
    let outcome = match LlmClient::new(config) {
        Ok(client) => {
            let call = CallFor {
                store,
                meeting_id: None,
                purpose: "connection_test",
            };
            let messages = [Message::user(
                "This is a connection test. Answer with the word ok as the reply.",
            )];
            ask_answered::<Pong>(&client, call, &messages)
                .await
                .map(|answered| {
                    let _ = answered.value.reply;
                    client.model().to_owned()
                })
        }
        Err(error) => Err(error),
    };
    let latency_ms = u32::try_from(started.elapsed().as_millis()).unwrap_or(u32::MAX);
    match outcome {
        Ok(model) => ProbeReport {
            problem: None,
            detail: None,
            mode: remembered_mode(store, &settings).ok().flatten(),
            model: Some(model),
            latency_ms,
        },
        Err(error) => ProbeReport {
            problem: Some(problem_of(&error)),
            detail: Some(error.to_string()),
            mode: None,
            model: None,
            latency_ms,
        },
    }
}

/// The setting an error points at.
pub fn problem_of(error: &LlmError) -> ProbeProblem {
    let said = error.server_said().unwrap_or_default().to_ascii_lowercase();
    let names_model = said.contains("model")
        && [
            "not found",
            "does not exist",
            "not exist",
            "unknown",
            "no such",
            "invalid",
        ]
        .iter()
        .any(|w| said.contains(w));
    match error.kind() {
        LlmErrorKind::Offline => ProbeProblem::WrongUrl,
        LlmErrorKind::Timeout | LlmErrorKind::Http(408 | 504) => ProbeProblem::Timeout,
        LlmErrorKind::NoKey | LlmErrorKind::Http(401 | 403) => ProbeProblem::WrongKey,
        LlmErrorKind::Http(400 | 404 | 422) if names_model => ProbeProblem::WrongModel,
        LlmErrorKind::Http(404 | 405) => ProbeProblem::WrongUrl,
        LlmErrorKind::RateLimited => ProbeProblem::RateLimited,
        LlmErrorKind::Config => ProbeProblem::InvalidSettings,
        LlmErrorKind::BadReply | LlmErrorKind::TooLarge => ProbeProblem::BadReply,
        _ => ProbeProblem::Other,
    }
}
