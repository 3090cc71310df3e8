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
    /// Reading or writing the settings or the usage record failed in the store.
    Store(onno_store::ErrorKind),
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
            LlmErrorKind::Store(_) => "store".into(),
        }
    }

    /// Whether trying the same call again later may succeed.
    pub fn is_transient(self) -> bool {
        matches!(
            self,
            LlmErrorKind::Offline | LlmErrorKind::Timeout | LlmErrorKind::RateLimited
        ) || matches!(self, LlmErrorKind::Http(s) if s == 408 || s >= 500)
    }
}

/// A failed language model call. The message never contains transcript text or a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LlmError {
    kind: LlmErrorKind,
    message: String,
    /// The endpoint said what was wrong with the request itself (a validation error),
    /// so sending it again cannot help, whatever the status.
    request_refused: bool,
    /// The endpoint's refusal names `response_format`: it does not take this way of
    /// asking for structured output.
    format_refused: bool,
    /// What the endpoint said in its error answer, bounded, when it said something.
    said: Option<String>,
}

impl LlmError {
    pub fn new(kind: LlmErrorKind, message: impl Into<String>) -> LlmError {
        LlmError {
            kind,
            message: message.into(),
            request_refused: false,
            format_refused: false,
            said: None,
        }
    }

    /// The endpoint's own words in its error answer (one line, bounded), if any.
    pub fn server_said(&self) -> Option<&str> {
        self.said.as_deref()
    }

    pub fn kind(&self) -> LlmErrorKind {
        self.kind
    }

    /// Whether the same call may succeed later: the kind is transient and the endpoint
    /// did not refuse the request itself (a 500 carrying a validation error is not).
    pub fn is_transient(&self) -> bool {
        self.kind.is_transient() && !self.request_refused
    }

    /// The endpoint refused the way structured output was asked for; another way may work.
    pub fn refuses_response_format(&self) -> bool {
        self.format_refused
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

    /// The error for an HTTP status, with what the server said about it.
    pub(crate) fn http(status: u16, host: &str, complaint: &ServerComplaint) -> LlmError {
        let request_refused = complaint.names_the_request;
        let hint = match status {
            _ if complaint.names_response_format => {
                "the endpoint does not take this way of asking for structured output"
            }
            _ if request_refused => "the endpoint refused the request as invalid",
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
        let said = match &complaint.message {
            Some(m) => format!(" (it said: {m})"),
            None => String::new(),
        };
        LlmError {
            kind,
            message: format!("{host} answered HTTP {status}: {hint}{said}"),
            request_refused: match status {
                408 | 429 => false,
                400..=499 => true,
                _ => request_refused,
            },
            format_refused: complaint.names_response_format,
            said: complaint.message.clone(),
        }
    }
}

/// What an endpoint said in an error answer, read from its body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ServerComplaint {
    /// The server's message, on one line and at most [`ServerComplaint::MAX_CHARS`].
    pub message: Option<String>,
    /// It names `response_format` (or the `json_schema` / `json_object` modes).
    pub names_response_format: bool,
    /// It is a validation error about the request, not a failure of the server.
    pub names_the_request: bool,
}

impl ServerComplaint {
    pub const MAX_CHARS: usize = 300;

    /// Reads `error.message`, `error` or `detail` from a JSON body, or the text of
    /// any other body. Only those fields are kept: a validation error's echo of the
    /// request (`input`), which can hold the transcript, is never read.
    pub fn read(body: &[u8]) -> ServerComplaint {
        let text = String::from_utf8_lossy(body);
        let message = match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(json) => json_message(&json),
            Err(_) if text.trim_start().starts_with('<') => None, // an HTML error page
            Err(_) => Some(text.trim().to_owned()),
        };
        let message = message
            .map(|m| one_line(&m, Self::MAX_CHARS))
            .filter(|m| !m.is_empty());
        let lower = message.as_deref().unwrap_or_default().to_ascii_lowercase();
        let names_response_format = ["response_format", "json_schema", "json_object"]
            .iter()
            .any(|w| lower.contains(w));
        let names_the_request = names_response_format
            || [
                "validation",
                "invalid request",
                "invalid_request",
                "field required",
                "extra inputs are not permitted",
                "input should be",
                "must be",
            ]
            .iter()
            .any(|w| lower.contains(w));
        ServerComplaint {
            message,
            names_response_format,
            names_the_request,
        }
    }
}

fn json_message(json: &serde_json::Value) -> Option<String> {
    let error = json.get("error");
    let text = |v: Option<&serde_json::Value>| v.and_then(|v| v.as_str()).map(str::to_owned);
    text(error.and_then(|e| e.get("message")))
        .or_else(|| text(error))
        .or_else(|| text(json.get("detail")))
        .or_else(|| text(json.get("message")))
        .or_else(|| {
            // FastAPI's validation errors: a list of {loc, msg}; `input` is left out.
            let items = json.get("detail")?.as_array()?;
            let parts: Vec<String> = items
                .iter()
                .filter_map(|d| {
                    let msg = d.get("msg")?.as_str()?;
                    let loc: Vec<String> = d
                        .get("loc")
                        .and_then(|l| l.as_array())
                        .map(|l| l.iter().map(|p| p.to_string().replace('"', "")).collect())
                        .unwrap_or_default();
                    Some(format!("{}: {msg}", loc.join(".")))
                })
                .collect();
            (!parts.is_empty()).then(|| parts.join("; "))
        })
}

/// `text` on one line, cut to `max` characters with an ellipsis.
fn one_line(text: &str, max: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let cut: String = flat.chars().take(max).collect();
    format!("{cut}…")
}

impl fmt::Display for LlmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for LlmError {}

impl From<onno_store::StoreError> for LlmError {
    fn from(e: onno_store::StoreError) -> LlmError {
        LlmError::new(LlmErrorKind::Store(e.kind()), e.to_string())
    }
}

pub type Result<T, E = LlmError> = std::result::Result<T, E>;
