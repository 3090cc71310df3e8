//! A real HTTP/1.1 server on loopback that speaks the chat-completions protocol, for
//! the language model tests.
//!
//! [`LlmServer`] answers `POST …/chat/completions` from a script: each request takes
//! the next queued [`Reply`] (a chat completion in one piece or as server-sent events,
//! an error status with or without `Retry-After`, a slow answer, an oversized one, or
//! raw bytes), and every request is recorded with its path, query, headers and body,
//! so a test can check what was sent. [`LlmServer::imitate`] makes it treat
//! `response_format` like llama-cpp-python's server (refusing `json_schema`) or like a
//! server that ignores it and answers prose around the JSON. Each connection is served on its own thread with
//! `Connection: close`; a request with nothing scripted gets a 500 that says so.
//!
//! ```no_run
//! use onno_test_support::llm_server::{LlmServer, Reply};
//!
//! let server = LlmServer::start();
//! server.push(Reply::RateLimited { retry_after_secs: 1 });
//! server.push(Reply::json(r#"{"questions":[]}"#));
//! let base_url = server.base_url(); // http://127.0.0.1:PORT/v1
//! # let _ = base_url;
//! ```

use std::collections::VecDeque;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

use crate::loopback::Loopback;

/// What the server answers to one request.
#[derive(Clone, Debug)]
pub enum Reply {
    /// A chat completion whose message content is this text, with a usage block.
    Json(String),
    /// The same content as server-sent events, split into these pieces, then usage
    /// and `[DONE]`.
    Stream(Vec<String>),
    /// `429 Too Many Requests` with `Retry-After: N`.
    RateLimited { retry_after_secs: u32 },
    /// This status with a short JSON error body.
    Status(u16),
    /// Waits this long before answering with the inner reply.
    Slow(Duration, Box<Reply>),
    /// A 200 whose body is this many bytes of a chat completion's JSON; announced with
    /// `Content-Length` or, when `announced` is false, sent until the connection closes.
    Huge { bytes: usize, announced: bool },
    /// Anything: a status, a content type and a body as given.
    Raw {
        status: u16,
        content_type: String,
        body: Vec<u8>,
    },
}

impl Reply {
    pub fn json(content: &str) -> Reply {
        Reply::Json(content.to_owned())
    }

    /// `content` streamed in pieces of about `piece_chars` characters.
    pub fn stream(content: &str, piece_chars: usize) -> Reply {
        let chars: Vec<char> = content.chars().collect();
        Reply::Stream(
            chars
                .chunks(piece_chars.max(1))
                .map(|c| c.iter().collect())
                .collect(),
        )
    }
}

/// One request as the server read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LlmRequest {
    pub method: String,
    /// The path without the query.
    pub path: String,
    pub query: Option<String>,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// When the whole request had been read, for measuring a client's overhead.
    pub received_at: Instant,
}

impl LlmRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON (`Null` when it is not JSON).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or(serde_json::Value::Null)
    }
}

/// Which real server the scripted one imitates in how it treats `response_format`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Imitate {
    /// Takes every `response_format` (OpenAI, Azure).
    #[default]
    OpenAi,
    /// llama-cpp-python's `llama_cpp.server`: refuses `json_schema` with an HTTP 500
    /// whose body is a validation error naming `response_format.type`, without taking
    /// a scripted reply; takes `json_object` (with a schema) and no format.
    LlamaCppPython,
    /// A server that ignores `response_format` and whose model wraps its JSON in prose
    /// and a fence: every scripted `Json` reply is sent wrapped.
    IgnoresFormat,
}

/// The body llama-cpp-python 0.3 answers a `json_schema` request with (HTTP 500).
pub const LLAMA_CPP_PYTHON_REFUSAL: &str = r#"{"error":{"message":"[{'type': 'literal_error', 'loc': ('body', 'response_format', 'type'), 'msg': \"Input should be 'text' or 'json_object'\", 'input': 'json_schema', 'ctx': {'expected': \"'text' or 'json_object'\"}}]","type":"internal_server_error","param":null,"code":null}}"#;

#[derive(Default)]
struct State {
    imitate: Imitate,
    rules: Vec<(String, Reply)>,
    replies: VecDeque<Reply>,
    requests: Vec<LlmRequest>,
}

/// A running server; it stops accepting when dropped.
pub struct LlmServer {
    server: Loopback,
    state: Arc<Mutex<State>>,
}

impl LlmServer {
    pub fn start() -> LlmServer {
        let state = Arc::new(Mutex::new(State::default()));
        let thread_state = Arc::clone(&state);
        let server = Loopback::start(move |stream| {
            let state = Arc::clone(&thread_state);
            // A client that gives up early (a timeout test) is its own business.
            thread::spawn(move || {
                let _ = serve(stream, &state);
            });
        });
        LlmServer { server, state }
    }

    /// `http://127.0.0.1:PORT/v1`, the base URL to configure.
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}/v1", self.server.port)
    }

    /// Queues the answer to the next unanswered request.
    pub fn push(&self, reply: Reply) {
        self.lock().replies.push_back(reply);
    }

    /// Answers every request whose body contains `needle` with `reply`, before the
    /// queue is looked at; for conversations whose length a test does not fix (the
    /// map-reduce summary).
    pub fn answer_when(&self, needle: &str, reply: Reply) {
        self.lock().rules.push((needle.to_owned(), reply));
    }

    /// Behaves like `server` from now on.
    pub fn imitate(&self, server: Imitate) {
        self.lock().imitate = server;
    }

    /// Every request read so far, oldest first.
    pub fn requests(&self) -> Vec<LlmRequest> {
        self.lock().requests.clone()
    }

    /// Replies queued and not yet taken.
    pub fn pending(&self) -> usize {
        self.lock().replies.len()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

fn serve(stream: TcpStream, state: &Mutex<State>) -> io::Result<()> {
    let request = read_request(&stream)?;
    let reply = {
        let mut s = state.lock().unwrap_or_else(|p| p.into_inner());
        let format = request.json()["response_format"]["type"].clone();
        if s.imitate == Imitate::LlamaCppPython && format == "json_schema" {
            s.requests.push(request);
            drop(s);
            let mut out = stream;
            let body = LLAMA_CPP_PYTHON_REFUSAL.as_bytes();
            let result = write_simple(&mut out, 500, "application/json", body, &[]);
            let _ = out.shutdown(Shutdown::Both);
            return result;
        }
        let wrap = s.imitate == Imitate::IgnoresFormat;
        let rule = s
            .rules
            .iter()
            .find(|(needle, _)| request.body.contains(needle.as_str()))
            .map(|(_, reply)| reply.clone());
        s.requests.push(request);
        let reply = rule.or_else(|| s.replies.pop_front());
        match reply {
            Some(Reply::Json(content)) if wrap => Some(Reply::Json(format!(
                "Sure! Here is the JSON you asked for:\n```json\n{content}\n```\nLet me know if you need anything else."
            ))),
            other => other,
        }
    };
    let mut out = stream;
    let result = match reply {
        Some(reply) => write_reply(&mut out, reply),
        None => write_simple(
            &mut out,
            500,
            "application/json",
            br#"{"error":{"message":"no scripted reply"}}"#,
            &[],
        ),
    };
    let _ = out.flush();
    let _ = out.shutdown(Shutdown::Both);
    result
}

fn read_request(stream: &TcpStream) -> io::Result<LlmRequest> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_owned();
    let target = parts.next().unwrap_or_default();
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p.to_owned(), Some(q.to_owned())),
        None => (target.to_owned(), None),
    };
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok(LlmRequest {
        method,
        path,
        query,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
        received_at: Instant::now(),
    })
}

/// A complete chat completion carrying `content`.
pub fn completion_json(content: &str) -> String {
    serde_json::json!({
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "model": "test-model",
        "choices": [{
            "index": 0,
            "message": { "role": "assistant", "content": content },
            "finish_reason": "stop"
        }],
        "usage": { "prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120 }
    })
    .to_string()
}

fn write_reply(out: &mut TcpStream, reply: Reply) -> io::Result<()> {
    match reply {
        Reply::Json(content) => write_simple(
            out,
            200,
            "application/json",
            completion_json(&content).as_bytes(),
            &[],
        ),
        Reply::Stream(pieces) => {
            let mut body = String::new();
            for piece in pieces {
                let chunk = serde_json::json!({
                    "object": "chat.completion.chunk",
                    "model": "test-model",
                    "choices": [{ "index": 0, "delta": { "content": piece } }]
                });
                body.push_str(&format!("data: {chunk}\n\n"));
            }
            let usage = serde_json::json!({
                "object": "chat.completion.chunk",
                "choices": [],
                "usage": { "prompt_tokens": 100, "completion_tokens": 20 }
            });
            body.push_str(&format!("data: {usage}\n\ndata: [DONE]\n\n"));
            write_simple(out, 200, "text/event-stream", body.as_bytes(), &[])
        }
        Reply::RateLimited { retry_after_secs } => write_simple(
            out,
            429,
            "application/json",
            br#"{"error":{"message":"rate limited"}}"#,
            &[("Retry-After", retry_after_secs.to_string())],
        ),
        Reply::Status(status) => write_simple(
            out,
            status,
            "application/json",
            br#"{"error":{"message":"scripted failure"}}"#,
            &[],
        ),
        Reply::Slow(delay, inner) => {
            thread::sleep(delay);
            write_reply(out, *inner)
        }
        Reply::Huge { bytes, announced } => {
            let head = if announced {
                format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {bytes}\r\nConnection: close\r\n\r\n"
                )
            } else {
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n"
                    .to_owned()
            };
            out.write_all(head.as_bytes())?;
            let prefix = br#"{"choices":[{"message":{"role":"assistant","content":""#;
            out.write_all(prefix)?;
            let block = [b'x'; 64 * 1024];
            let mut left = bytes.saturating_sub(prefix.len());
            while left > 0 {
                let n = left.min(block.len());
                out.write_all(&block[..n])?;
                left -= n;
            }
            Ok(())
        }
        Reply::Raw {
            status,
            content_type,
            body,
        } => write_simple(out, status, &content_type, &body, &[]),
    }
}

fn write_simple(
    out: &mut TcpStream,
    status: u16,
    content_type: &str,
    body: &[u8],
    extra: &[(&str, String)],
) -> io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n",
        reason(status),
        body.len()
    );
    for (name, value) in extra {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    out.write_all(head.as_bytes())?;
    out.write_all(body)
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    }
}
