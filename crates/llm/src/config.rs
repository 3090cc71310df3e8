//! Where the language model is and how Onno talks to it. [`LlmSettings`] is what is
//! stored (in the store's settings, never with the key); [`LlmConfig`] is what a
//! client is built from, the key included.

use std::fmt;
use std::time::Duration;

use onno_store::Store;
use serde::{Deserialize, Serialize};

use crate::error::{LlmError, LlmErrorKind, Result};

/// The endpoint settings as the user set them. No secret is ever part of this.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LlmSettings {
    /// The OpenAI-compatible base URL; requests go to `{base_url}/chat/completions`.
    /// OpenAI: `https://api.openai.com/v1`; Ollama: `http://localhost:11434/v1`;
    /// llama.cpp server: `http://localhost:8080/v1`; Azure OpenAI:
    /// `https://NAME.openai.azure.com/openai/deployments/DEPLOYMENT` with
    /// `query` `api-version=...` and `key_header` `api-key`.
    pub base_url: String,
    pub model: String,
    /// Extra request headers (never a key: [`LlmSettings::validate`] refuses those).
    #[serde(default)]
    pub headers: Vec<(String, String)>,
    /// Extra query parameters, such as Azure's `api-version`.
    #[serde(default)]
    pub query: Vec<(String, String)>,
    /// The header that carries the key: `None` sends `Authorization: Bearer KEY`,
    /// `Some("api-key")` is what Azure expects.
    #[serde(default)]
    pub key_header: Option<String>,
    /// The global switch; when off only the offline signals run.
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Ask for server-sent events; a server that does not stream answers in one piece
    /// and that is read too.
    #[serde(default = "yes")]
    pub stream: bool,
    /// The endpoint needs no key (a local llama.cpp or Ollama server): the keychain is
    /// never asked, so it works where no keychain runs.
    #[serde(default)]
    pub keyless: bool,
}

fn yes() -> bool {
    true
}

/// Header names that carry credentials: they belong in the keychain, not in settings.
const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "api-key",
    "x-api-key",
    "proxy-authorization",
    "cookie",
];

impl LlmSettings {
    /// The store's settings key.
    pub const KEY: &'static str = "llm";

    pub fn new(base_url: &str, model: &str) -> LlmSettings {
        LlmSettings {
            base_url: base_url.trim().trim_end_matches('/').to_owned(),
            model: model.trim().to_owned(),
            headers: Vec::new(),
            query: Vec::new(),
            key_header: None,
            enabled: true,
            stream: true,
            keyless: false,
        }
    }

    /// Checks what a person may get wrong, with a sentence for each.
    pub fn validate(&self) -> Result<()> {
        let config = |m: String| Err(LlmError::new(LlmErrorKind::Config, m));
        let url = match reqwest::Url::parse(&self.base_url) {
            Ok(url) => url,
            Err(e) => {
                return config(format!(
                    "the base URL {:?} is not a URL: {e}",
                    self.base_url
                ));
            }
        };
        if !matches!(url.scheme(), "http" | "https") {
            return config(format!(
                "the base URL must start with https:// (or http:// for a local server), not {}",
                url.scheme()
            ));
        }
        if self.model.trim().is_empty() {
            return config("the model name is empty".into());
        }
        for (name, _) in &self.headers {
            if reqwest::header::HeaderName::from_bytes(name.as_bytes()).is_err() {
                return config(format!("{name:?} is not a valid header name"));
            }
            if SECRET_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
                return config(format!(
                    "the header {name} carries a credential; store the key in the keychain \
                     instead (and set the key header to {name} if the endpoint needs it)"
                ));
            }
        }
        Ok(())
    }

    /// The stored settings, or `None` when no endpoint was ever configured.
    pub fn load(store: &Store) -> Result<Option<LlmSettings>> {
        Ok(store.setting(Self::KEY)?)
    }

    pub fn save(&self, store: &Store) -> Result<()> {
        Ok(store.set_setting(Self::KEY, self)?)
    }
}

/// Whether the language model may be used for meeting `meeting_id`: the meeting's own
/// switch, on unless it was switched off.
pub fn llm_enabled_for_meeting(store: &Store, meeting_id: i64) -> Result<bool> {
    Ok(store.meeting_llm_enabled(meeting_id)?)
}

pub fn set_llm_enabled_for_meeting(store: &Store, meeting_id: i64, on: bool) -> Result<()> {
    Ok(store.set_meeting_llm_enabled(meeting_id, on)?)
}

/// An API key. It is kept out of `Debug` output and has no `Serialize`, so it cannot
/// end up in a log line or a settings file by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    pub fn new(key: &str) -> Option<ApiKey> {
        let key = key.trim();
        (!key.is_empty()).then(|| ApiKey(key.to_owned()))
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(***)")
    }
}

/// Everything a client needs. `Default` holds the limits Onno uses; only the endpoint
/// and model must be filled in.
#[derive(Debug, Clone)]
pub struct LlmConfig {
    pub settings: LlmSettings,
    /// `None` for servers that need no key (Ollama, llama.cpp server).
    pub api_key: Option<ApiKey>,
    /// Time allowed to open the connection. Default 5 s: offline fails fast.
    pub connect_timeout: Duration,
    /// Time allowed for one whole request and its answer. Default 60 s.
    pub timeout: Duration,
    /// Retries after a 429 or 5xx. Default 2, so three tries at most.
    pub max_retries: u32,
    /// First backoff; doubled each retry. A `Retry-After` header wins. Default 1 s.
    pub backoff: Duration,
    /// The longest wait Onno accepts before a retry or for its own limit; longer waits
    /// fail as rate limited. Default 30 s.
    pub max_wait: Duration,
    /// Onno's own limit on calls. Default 10 per minute (from the product documents).
    pub calls_per_minute: u32,
    /// Prompt tokens one call may carry, by [`crate::estimate_tokens`]. Default 3,000,
    /// so a prompt and its answer fit a 4k-context local model.
    pub max_prompt_tokens: usize,
    /// Tokens the answer may take (`max_tokens`). Default 800.
    pub max_completion_tokens: u32,
    /// The largest answer read, in bytes; larger ones fail as too large without being
    /// buffered. Default 1 MiB.
    pub max_reply_bytes: usize,
    /// Sampling temperature. Default 0.2: structured answers want little variety.
    pub temperature: f32,
    /// Sent as `seed` when set, so a server that honours it answers the same request
    /// the same way (tests and benchmarks on a real model). Default none.
    pub seed: Option<u64>,
}

impl LlmConfig {
    pub fn new(settings: LlmSettings, api_key: Option<ApiKey>) -> LlmConfig {
        LlmConfig {
            settings,
            api_key,
            connect_timeout: Duration::from_secs(5),
            timeout: Duration::from_secs(60),
            max_retries: 2,
            backoff: Duration::from_secs(1),
            max_wait: Duration::from_secs(30),
            calls_per_minute: 10,
            max_prompt_tokens: 3_000,
            max_completion_tokens: 800,
            max_reply_bytes: 1 << 20,
            temperature: 0.2,
            seed: None,
        }
    }
}
