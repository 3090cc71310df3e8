//! One error type for every way a language model call can fail, with a kind a caller
//! can match on and a message a person can act on.

use std::fmt;

/// What went wrong, coarsely: enough to decide whether to retry, tell the user to fix a
/// setting, or simply carry on with the offline signals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LlmErrorKind {
    /// The language model is switched off, globally or for this meeting.
    Disabled,
    /// No endpoint is configured, or a setting is invalid.
    Config,
    /// The endpoint needs a key and none is stored.
    NoKey,
    /// The endpoint cannot be reached (no network, wrong host, nothing listening).
    Offline,
    /// No complete answer within the time allowed.
    Timeout,
    /// Too many calls: the endpoint said 429, or Onno's own limit per minute was reached.
    RateLimited,
    /// The endpoint answered with this HTTP status.
    Http(u16),
    /// The answer was not what was asked for (not JSON, wrong shape, out of range),
    /// even after one request to repair it.
    BadReply,
    /// The answer was larger than the cap; it was not read further.
    TooLarge,
    /// The request would exceed the token budget of one call.
    OverBudget,
}

impl LlmErrorKind {
    /// A short stable name, recorded with the call's usage ("timeout", "http_500").
    pub fn name(self) -> String {
        match self {
            LlmErrorKind::Disabled => "disabled".into(),
            LlmErrorKind::Config => "config".into(),
            LlmErrorKind::NoKey => "no_key".into(),
            LlmErrorKind::Offline => "offline".into(),
            LlmErrorKind::Timeout => "timeout".into(),
            LlmErrorKind::RateLimited => "rate_limited".into(),
            LlmErrorKind::Http(status) => format!("http_{status}"),
            LlmErrorKind::BadReply => "bad_reply".into(),
            LlmErrorKind::TooLarge => "too_large".into(),
            LlmErrorKind::OverBudget => "over_budget".into(),
        }
    }

    /// Whether trying the same call again later may succeed.
    pub fn is_transient(self) -> bool {
        matches!(
            self,
            LlmErrorKind::Offline | LlmErrorKind::Timeout | LlmErrorKind::RateLimited
        ) || matches!(self, LlmErrorKind::Http(s) if s >= 500)
    }
}

/// A failed language model call. The message never contains transcript text or a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LlmError {
    kind: LlmErrorKind,
    message: String,
}

impl LlmError {
    pub fn new(kind: LlmErrorKind, message: impl Into<String>) -> LlmError {
        LlmError {
            kind,
            message: message.into(),
        }
    }

    pub fn kind(&self) -> LlmErrorKind {
        self.kind
    }

    pub(crate) fn disabled(why: &str) -> LlmError {
        LlmError::new(
            LlmErrorKind::Disabled,
            format!("the language model is off {why}"),
        )
    }

    pub(crate) fn bad_reply(detail: impl fmt::Display) -> LlmError {
        LlmError::new(
            LlmErrorKind::BadReply,
            format!("the language model's answer was not usable: {detail}"),
        )
    }

    /// The error for an HTTP status that is not retried (or no longer).
    pub(crate) fn http(status: u16, host: &str) -> LlmError {
        let hint = match status {
            401 | 403 => "the endpoint refused the key; set it again with `onno config llm`",
            404 => "the URL or the model name is wrong",
            408 | 504 => "the endpoint timed out",
            413 => "the request was too large for the endpoint",
            429 => "the endpoint's rate limit was reached; try again in a minute",
            s if s >= 500 => "the endpoint had an internal error; try again later",
            _ => "the endpoint refused the request",
        };
        let kind = match status {
            429 => LlmErrorKind::RateLimited,
            s => LlmErrorKind::Http(s),
        };
        LlmError::new(kind, format!("{host} answered HTTP {status}: {hint}"))
    }
}

impl fmt::Display for LlmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for LlmError {}
