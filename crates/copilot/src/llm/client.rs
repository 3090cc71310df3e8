//! The HTTP side: one chat-completions call with timeouts, Onno's own rate limit,
//! retries with backoff on 429 and 5xx, a cap on the answer's size, and streaming.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use reqwest::{StatusCode, Url};

use super::config::LlmConfig;
use super::error::{LlmError, LlmErrorKind};
use super::rate::RateLimiter;
use super::sse::SseReader;
use super::tokens::{MESSAGE_OVERHEAD_TOKENS, estimate_tokens};
use super::wire::{Message, RequestBody, Schema, WireReply};

/// One call's input: the conversation and, for structured output, the schema.
#[derive(Debug, Clone, Copy)]
pub struct ChatRequest<'a> {
    pub messages: &'a [Message],
    pub schema: Option<&'a Schema>,
}

/// Tokens one call took, as the server reported them or, when it did not, estimated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    pub prompt_tokens: u32,
    pub completion_tokens: u32,
    pub estimated: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChatReply {
    pub content: String,
    pub usage: Usage,
    pub latency: Duration,
    /// The model that answered, as the server named it (else the configured one).
    pub model: String,
    /// The answer came as server-sent events.
    pub streamed: bool,
}

/// A client for one OpenAI-compatible endpoint. Cheap to share behind an `Arc`; the
/// rate limit is per client, so one client should serve the whole app.
pub struct LlmClient {
    http: reqwest::Client,
    config: LlmConfig,
    endpoint: Url,
    host: String,
    headers: HeaderMap,
    limiter: Mutex<RateLimiter>,
}

/// A failed try, and whether and when it may be tried again.
struct Failure {
    error: LlmError,
    retry: bool,
    retry_after: Option<Duration>,
}

impl From<LlmError> for Failure {
    fn from(error: LlmError) -> Failure {
        Failure {
            error,
            retry: false,
            retry_after: None,
        }
    }
}

impl LlmClient {
    pub fn new(config: LlmConfig) -> Result<LlmClient, LlmError> {
        config.settings.validate()?;
        let mut endpoint = Url::parse(&format!(
            "{}/chat/completions",
            config.settings.base_url.trim_end_matches('/')
        ))
        .map_err(|e| {
            LlmError::new(
                LlmErrorKind::Config,
                format!("the base URL is not a URL: {e}"),
            )
        })?;
        if !config.settings.query.is_empty() {
            endpoint
                .query_pairs_mut()
                .extend_pairs(config.settings.query.iter());
        }
        let host = endpoint.host_str().unwrap_or("the endpoint").to_owned();
        if config.api_key.is_some() && endpoint.scheme() == "http" && !is_loopback(&host) {
            return Err(LlmError::new(
                LlmErrorKind::Config,
                format!("refusing to send the key to {host} over plain http; use https://"),
            ));
        }
        let headers = request_headers(&config)?;
        let http = reqwest::Client::builder()
            .tls_backend_preconfigured(tls_config()?)
            .connect_timeout(config.connect_timeout)
            .timeout(config.timeout)
            .build()
            .map_err(|e| {
                LlmError::new(LlmErrorKind::Config, format!("cannot set up HTTPS: {e}"))
            })?;
        Ok(LlmClient {
            http,
            limiter: Mutex::new(RateLimiter::new(config.calls_per_minute)),
            config,
            endpoint,
            host,
            headers,
        })
    }

    pub fn config(&self) -> &LlmConfig {
        &self.config
    }

    /// The model configured.
    pub fn model(&self) -> &str {
        &self.config.settings.model
    }

    /// The estimated prompt tokens of `request` ([`super::estimate_tokens`]), schema included.
    pub fn prompt_tokens(&self, request: ChatRequest<'_>) -> usize {
        let messages: usize = request
            .messages
            .iter()
            .map(|m| estimate_tokens(&m.content) + MESSAGE_OVERHEAD_TOKENS)
            .sum();
        let schema = request
            .schema
            .map(|s| estimate_tokens(&s.schema.to_string()))
            .unwrap_or(0);
        messages + schema
    }

    /// The exact bytes that would be sent for `request`, after the budget check.
    pub fn request_body(&self, request: ChatRequest<'_>) -> Result<Vec<u8>, LlmError> {
        let tokens = self.prompt_tokens(request);
        if tokens > self.config.max_prompt_tokens {
            return Err(LlmError::new(
                LlmErrorKind::OverBudget,
                format!(
                    "the request is about {tokens} tokens; one call may carry {}",
                    self.config.max_prompt_tokens
                ),
            ));
        }
        let stream = self.config.settings.stream;
        let body = RequestBody {
            model: &self.config.settings.model,
            messages: request.messages,
            max_tokens: self.config.max_completion_tokens,
            temperature: 0.2,
            response_format: request.schema.map(|s| {
                serde_json::json!({
                    "type": "json_schema",
                    "json_schema": { "name": s.name, "strict": true, "schema": s.schema }
                })
            }),
            stream,
            stream_options: stream.then(|| serde_json::json!({ "include_usage": true })),
        };
        serde_json::to_vec(&body).map_err(|e| {
            LlmError::new(
                LlmErrorKind::Config,
                format!("cannot write the request: {e}"),
            )
        })
    }

    /// Sends `request` and returns the whole answer.
    pub async fn chat(&self, request: ChatRequest<'_>) -> Result<ChatReply, LlmError> {
        self.chat_streaming(request, &mut |_| {}).await
    }

    /// Like [`LlmClient::chat`], handing each piece of a streamed answer to `on_delta`
    /// as it arrives (an answer in one piece comes as one delta).
    pub async fn chat_streaming(
        &self,
        request: ChatRequest<'_>,
        on_delta: &mut (dyn FnMut(&str) + Send),
    ) -> Result<ChatReply, LlmError> {
        let body = self.request_body(request)?;
        let prompt_estimate = self.prompt_tokens(request);
        let mut attempt = 0;
        loop {
            self.wait_for_slot().await?;
            let started = Instant::now();
            match self.send_once(&body, on_delta).await {
                Ok((content, wire_usage, model, streamed)) => {
                    let usage = match wire_usage {
                        Some((prompt_tokens, completion_tokens)) => Usage {
                            prompt_tokens,
                            completion_tokens,
                            estimated: false,
                        },
                        None => Usage {
                            prompt_tokens: saturate(prompt_estimate),
                            completion_tokens: saturate(estimate_tokens(&content)),
                            estimated: true,
                        },
                    };
                    return Ok(ChatReply {
                        content,
                        usage,
                        latency: started.elapsed(),
                        model: model.unwrap_or_else(|| self.config.settings.model.clone()),
                        streamed,
                    });
                }
                Err(failure) if failure.retry && attempt < self.config.max_retries => {
                    let backoff = self.config.backoff.saturating_mul(1 << attempt.min(16));
                    let wait = failure.retry_after.unwrap_or(backoff);
                    if wait > self.config.max_wait {
                        return Err(failure.error);
                    }
                    tracing::debug!(attempt, wait_ms = wait.as_millis() as u64, error = %failure.error, "retrying the language model call");
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                Err(failure) => return Err(failure.error),
            }
        }
    }

    /// Waits for a slot under Onno's own limit, or fails when the wait would be longer
    /// than [`LlmConfig::max_wait`].
    async fn wait_for_slot(&self) -> Result<(), LlmError> {
        loop {
            let wait = match self.limiter.lock() {
                Ok(mut limiter) => limiter.try_acquire(Instant::now()),
                Err(poisoned) => poisoned.into_inner().try_acquire(Instant::now()),
            };
            match wait {
                None => return Ok(()),
                Some(wait) if wait > self.config.max_wait => {
                    return Err(LlmError::new(
                        LlmErrorKind::RateLimited,
                        format!(
                            "at most {} language model calls a minute; the next one is possible in {} s",
                            self.config.calls_per_minute,
                            wait.as_secs().max(1)
                        ),
                    ));
                }
                Some(wait) => tokio::time::sleep(wait).await,
            }
        }
    }

    async fn send_once(
        &self,
        body: &[u8],
        on_delta: &mut (dyn FnMut(&str) + Send),
    ) -> Result<(String, Option<(u32, u32)>, Option<String>, bool), Failure> {
        let response = self
            .http
            .post(self.endpoint.clone())
            .headers(self.headers.clone())
            .body(body.to_vec())
            .send()
            .await
            .map_err(|e| self.transport_error(&e))?;
        let status = response.status();
        if !status.is_success() {
            return Err(Failure {
                error: LlmError::http(status.as_u16(), &self.host),
                retry: status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error(),
                retry_after: retry_after(response.headers()),
            });
        }
        let cap = self.config.max_reply_bytes;
        if response.content_length().is_some_and(|n| n > cap as u64) {
            return Err(self.too_large().into());
        }
        let is_sse = response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/event-stream"));
        if is_sse {
            self.read_events(response, on_delta).await
        } else {
            let bytes = self.read_capped(response).await?;
            let reply: WireReply = serde_json::from_slice(&bytes).map_err(|e| {
                LlmError::bad_reply(format!(
                    "the endpoint's answer is not a chat completion ({e})"
                ))
            })?;
            let usage = reply.usage.map(|u| (u.prompt_tokens, u.completion_tokens));
            let first = reply.choices.into_iter().next();
            let message = first.and_then(|c| c.message.or(c.delta));
            let (content, refusal) = match message {
                Some(m) => (m.content, m.refusal),
                None => (None, None),
            };
            let content = match (content, refusal) {
                (Some(c), _) if !c.is_empty() => c,
                (_, Some(refusal)) => return Err(refused(&refusal).into()),
                _ => return Err(LlmError::bad_reply("the answer was empty").into()),
            };
            on_delta(&content);
            Ok((content, usage, reply.model, false))
        }
    }

    async fn read_capped(&self, mut response: reqwest::Response) -> Result<Vec<u8>, Failure> {
        let mut bytes = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| self.transport_error(&e))?
        {
            if bytes.len() + chunk.len() > self.config.max_reply_bytes {
                return Err(self.too_large().into());
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(bytes)
    }

    async fn read_events(
        &self,
        mut response: reqwest::Response,
        on_delta: &mut (dyn FnMut(&str) + Send),
    ) -> Result<(String, Option<(u32, u32)>, Option<String>, bool), Failure> {
        let mut reader = SseReader::default();
        let mut read = 0usize;
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| self.transport_error(&e))?
        {
            read += chunk.len();
            if read > self.config.max_reply_bytes {
                return Err(self.too_large().into());
            }
            let added = reader.feed(&chunk).map_err(LlmError::bad_reply)?;
            if !added.is_empty() {
                on_delta(&added);
            }
            if reader.done {
                break;
            }
        }
        let added = reader.finish().map_err(LlmError::bad_reply)?;
        if !added.is_empty() {
            on_delta(&added);
        }
        if reader.content.is_empty() {
            return Err(match reader.refusal {
                Some(r) => refused(&r),
                None => LlmError::bad_reply("the streamed answer was empty"),
            }
            .into());
        }
        let usage = reader.usage.map(|u| (u.prompt_tokens, u.completion_tokens));
        Ok((reader.content, usage, reader.model, true))
    }

    fn too_large(&self) -> LlmError {
        LlmError::new(
            LlmErrorKind::TooLarge,
            format!(
                "{} sent an answer over {} KiB; it was not read",
                self.host,
                self.config.max_reply_bytes / 1024
            ),
        )
    }

    fn transport_error(&self, e: &reqwest::Error) -> Failure {
        let host = &self.host;
        let error = if e.is_timeout() {
            LlmError::new(
                LlmErrorKind::Timeout,
                format!(
                    "no answer from {host} within {} s",
                    self.config.timeout.as_secs()
                ),
            )
        } else if e.is_connect() {
            LlmError::new(
                LlmErrorKind::Offline,
                format!("cannot reach {host}: check the network and the base URL"),
            )
        } else {
            LlmError::new(
                LlmErrorKind::Offline,
                format!("the connection to {host} broke off"),
            )
        };
        error.into()
    }
}

fn refused(refusal: &str) -> LlmError {
    let short: String = refusal.chars().take(200).collect();
    LlmError::bad_reply(format!("the model declined: {short}"))
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host
            .trim_matches(|c| c == '[' || c == ']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// `Retry-After` in seconds (the HTTP-date form is rare from these APIs and is ignored,
/// falling back to the backoff).
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(header::RETRY_AFTER)?.to_str().ok()?.trim();
    let secs: f64 = value.parse().ok()?;
    (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs.min(86_400.0)))
}

fn request_headers(config: &LlmConfig) -> Result<HeaderMap, LlmError> {
    let bad = |what: &str| {
        LlmError::new(
            LlmErrorKind::Config,
            format!("{what} is not a valid header"),
        )
    };
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    let accept = if config.settings.stream {
        "text/event-stream, application/json"
    } else {
        "application/json"
    };
    headers.insert(header::ACCEPT, HeaderValue::from_static(accept));
    for (name, value) in &config.settings.headers {
        let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| bad(name))?;
        let value = HeaderValue::from_str(value).map_err(|_| bad(name.as_str()))?;
        headers.insert(name, value);
    }
    if let Some(key) = &config.api_key {
        let (name, value) = match &config.settings.key_header {
            Some(name) => (
                HeaderName::from_bytes(name.as_bytes()).map_err(|_| bad(name))?,
                key.expose().to_owned(),
            ),
            None => (header::AUTHORIZATION, format!("Bearer {}", key.expose())),
        };
        let mut value = HeaderValue::from_str(&value).map_err(|_| {
            LlmError::new(
                LlmErrorKind::NoKey,
                "the stored key has characters a header cannot carry; set it again",
            )
        })?;
        value.set_sensitive(true);
        headers.insert(name, value);
    }
    Ok(headers)
}

/// rustls on ring with the Mozilla roots from webpki-roots: no OpenSSL, no process-wide
/// crypto provider to install.
fn tls_config() -> Result<rustls::ClientConfig, LlmError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| LlmError::new(LlmErrorKind::Config, format!("cannot set up TLS: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth())
}
