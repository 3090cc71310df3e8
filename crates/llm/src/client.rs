//! The HTTP side: one chat-completions call with timeouts, Onno's own rate limit,
//! retries with backoff on 429 and 5xx, a cap on the answer's size, and streaming.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::Url;
use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};

use crate::config::LlmConfig;
use crate::error::{LlmError, LlmErrorKind, ServerComplaint};
use crate::mode::StructuredMode;
use crate::rate::RateLimiter;
use crate::sse::SseReader;
use crate::tokens::{MESSAGE_OVERHEAD_TOKENS, estimate_tokens};
use crate::wire::{Message, RequestBody, Schema, WireReply, WireUsage};

/// One call's input: the conversation and, for structured output, the schema and how
/// to ask for it.
#[derive(Debug, Clone, Copy)]
pub struct ChatRequest<'a> {
    pub messages: &'a [Message],
    pub schema: Option<&'a Schema>,
    /// How the schema is asked for; ignored without one.
    pub mode: StructuredMode,
}

impl<'a> ChatRequest<'a> {
    /// A request for an answer following `schema`, asked for the best way
    /// (`json_schema`).
    pub fn structured(messages: &'a [Message], schema: &'a Schema) -> ChatRequest<'a> {
        ChatRequest {
            messages,
            schema: Some(schema),
            mode: StructuredMode::JsonSchema,
        }
    }

    /// The conversation as sent: in the modes below `json_schema` it also describes the
    /// schema.
    fn conversation(&self) -> Vec<Message> {
        match self.schema {
            Some(schema) => self.mode.messages(self.messages, schema),
            None => self.messages.to_vec(),
        }
    }
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

/// One answer as it came back, before its usage is settled (the server's count, or an
/// estimate when it sent none).
struct Received {
    content: String,
    usage: Option<WireUsage>,
    /// The model that answered, when the server said.
    model: Option<String>,
    /// The answer came as server-sent events.
    streamed: bool,
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

    /// The estimated prompt tokens of `request` ([`crate::estimate_tokens`]), schema included.
    pub fn prompt_tokens(&self, request: ChatRequest<'_>) -> usize {
        let messages: usize = request
            .conversation()
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
            messages: &request.conversation(),
            max_tokens: self.config.max_completion_tokens,
            temperature: self.config.temperature,
            seed: self.config.seed,
            response_format: request.schema.and_then(|s| request.mode.response_format(s)),
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
                Ok(received) => {
                    let usage = match received.usage {
                        Some(wire) => Usage {
                            prompt_tokens: wire.prompt_tokens,
                            completion_tokens: wire.completion_tokens,
                            estimated: false,
                        },
                        None => Usage {
                            prompt_tokens: saturate(prompt_estimate),
                            completion_tokens: saturate(estimate_tokens(&received.content)),
                            estimated: true,
                        },
                    };
                    return Ok(ChatReply {
                        content: received.content,
                        usage,
                        latency: started.elapsed(),
                        model: received
                            .model
                            .unwrap_or_else(|| self.config.settings.model.clone()),
                        streamed: received.streamed,
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
    ) -> Result<Received, Failure> {
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
            let retry_after = retry_after(response.headers());
            // The server's own words, for the error; a broken body is no reason to
            // hide the status.
            let body = self.read_error_body(response).await;
            let complaint = ServerComplaint::read(&body);
            let error = LlmError::http(status.as_u16(), &self.host, &complaint);
            return Err(Failure {
                retry: error.is_transient(),
                error,
                retry_after,
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
            let usage = reply.usage;
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
            Ok(Received {
                content,
                usage,
                model: reply.model,
                streamed: false,
            })
        }
    }

    /// Up to 8 KiB of an error answer's body: enough for the server's message.
    async fn read_error_body(&self, mut response: reqwest::Response) -> Vec<u8> {
        let mut bytes = Vec::new();
        while let Ok(Some(chunk)) = response.chunk().await {
            let room = 8 * 1024 - bytes.len();
            bytes.extend_from_slice(&chunk[..chunk.len().min(room)]);
            if bytes.len() >= 8 * 1024 {
                break;
            }
        }
        bytes
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
    ) -> Result<Received, Failure> {
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
        Ok(Received {
            content: reader.content,
            usage: reader.usage,
            model: reader.model,
            streamed: true,
        })
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
