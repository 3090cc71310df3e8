//! A small real HTTP/1.1 file server on loopback, for download tests.
//!
//! [`FileServer`] serves in-memory files from `127.0.0.1` on a free port, one
//! connection at a time, each answered with `Connection: close`. It honours
//! `Range: bytes=N-` unless told not to, records every request (with its `Range`
//! header and how many body bytes went out), and applies queued [`Fault`]s to the next
//! requests in turn: an error status, a connection dropped mid-body, or wrong bytes.
//!
//! ```no_run
//! use onno_test_support::http_server::{Fault, FileServer};
//!
//! let server = FileServer::start(vec![("/m.bin".into(), vec![7u8; 1000])]);
//! server.push_fault(Fault::DropAfter(400)); // the first request gets 400 bytes
//! let url = format!("{}/m.bin", server.url());
//! # let _ = url;
//! ```

use std::collections::{HashMap, VecDeque};
use std::io::{self, BufRead, BufReader, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::{Arc, Mutex, MutexGuard};

use crate::loopback::Loopback;

/// What the server does to one request instead of answering it normally.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Answer with this status and an empty body.
    Status(u16),
    /// Send the headers of a normal answer, then only this many body bytes, then close.
    DropAfter(u64),
    /// Answer normally, but with every body byte inverted.
    WrongBytes,
}

/// One request as the server saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    pub path: String,
    /// The `Range` header, verbatim.
    pub range: Option<String>,
    /// The status answered.
    pub status: u16,
    /// Body bytes written to the socket.
    pub body_bytes: u64,
}

#[derive(Default)]
struct State {
    ranges: bool,
    faults: VecDeque<Fault>,
    requests: Vec<Request>,
}

/// A running server; it stops when dropped.
pub struct FileServer {
    server: Loopback,
    state: Arc<Mutex<State>>,
}

impl FileServer {
    /// Serves `files` (URL path, content) with range support on.
    pub fn start(files: Vec<(String, Vec<u8>)>) -> FileServer {
        let state = Arc::new(Mutex::new(State {
            ranges: true,
            ..State::default()
        }));
        let files: HashMap<String, Vec<u8>> = files.into_iter().collect();
        let thread_state = Arc::clone(&state);
        let server = Loopback::start(move |stream| {
            // A client that hangs up early is its own business.
            let _ = serve(stream, &files, &thread_state);
        });
        FileServer { server, state }
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.server.port)
    }

    /// Whether `Range` requests get `206` (default) or are ignored with a full `200`.
    pub fn set_ranges(&self, on: bool) {
        self.lock().ranges = on;
    }

    /// Applies `fault` to the next request that has no fault queued before it.
    pub fn push_fault(&self, fault: Fault) {
        self.lock().faults.push_back(fault);
    }

    /// Every request so far, oldest first.
    pub fn requests(&self) -> Vec<Request> {
        self.lock().requests.clone()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

fn serve(
    stream: TcpStream,
    files: &HashMap<String, Vec<u8>>,
    state: &Mutex<State>,
) -> io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_string();
    let path = parts.next().unwrap_or_default().to_string();
    let mut range = None;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.trim().eq_ignore_ascii_case("range")
        {
            range = Some(value.trim().to_string());
        }
    }
    let (ranges, fault) = {
        let mut s = state.lock().unwrap_or_else(|p| p.into_inner());
        (s.ranges, s.faults.pop_front())
    };
    let answer = answer(files.get(&path), range.as_deref(), ranges, fault.as_ref());
    let mut out = stream;
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Length: {}\r\nConnection: close\r\n",
        answer.status,
        reason(answer.status),
        answer.content_length
    );
    if let Some(cr) = &answer.content_range {
        head.push_str(&format!("Content-Range: {cr}\r\n"));
    }
    if ranges {
        head.push_str("Accept-Ranges: bytes\r\n");
    }
    head.push_str("\r\n");
    let mut request = Request {
        method,
        path,
        range,
        status: answer.status,
        body_bytes: 0,
    };
    let result = out.write_all(head.as_bytes()).and_then(|()| {
        let body = if method_is_head(&request.method) {
            &[][..]
        } else {
            &answer.body[..]
        };
        let body = match fault {
            Some(Fault::DropAfter(n)) => {
                &body[..body.len().min(usize::try_from(n).unwrap_or(usize::MAX))]
            }
            _ => body,
        };
        out.write_all(body)?;
        request.body_bytes = body.len() as u64;
        out.flush()
    });
    let _ = out.shutdown(Shutdown::Both);
    state
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .requests
        .push(request);
    result
}

fn method_is_head(method: &str) -> bool {
    method.eq_ignore_ascii_case("HEAD")
}

struct Answer {
    status: u16,
    content_length: usize,
    content_range: Option<String>,
    body: Vec<u8>,
}

fn answer(
    file: Option<&Vec<u8>>,
    range: Option<&str>,
    ranges: bool,
    fault: Option<&Fault>,
) -> Answer {
    let empty = |status| Answer {
        status,
        content_length: 0,
        content_range: None,
        body: Vec::new(),
    };
    if let Some(Fault::Status(code)) = fault {
        return empty(*code);
    }
    let Some(file) = file else {
        return empty(404);
    };
    let len = file.len();
    let start = match range.filter(|_| ranges).map(parse_range) {
        None => None,
        Some(Some(start)) if start < len => Some(start),
        Some(_) => {
            let mut a = empty(416);
            a.content_range = Some(format!("bytes */{len}"));
            return a;
        }
    };
    let (status, from, content_range) = match start {
        Some(s) => (206, s, Some(format!("bytes {s}-{}/{len}", len - 1))),
        None => (200, 0, None),
    };
    let mut body = file[from..].to_vec();
    if fault == Some(&Fault::WrongBytes) {
        body.iter_mut().for_each(|b| *b = !*b);
    }
    Answer {
        status,
        content_length: body.len(),
        content_range,
        body,
    }
}

/// `bytes=N-` as `N`; any other form is unsatisfiable here.
fn parse_range(value: &str) -> Option<usize> {
    let spec = value.trim().strip_prefix("bytes=")?;
    let start = spec.strip_suffix('-')?;
    start.trim().parse().ok()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        206 => "Partial Content",
        404 => "Not Found",
        416 => "Range Not Satisfiable",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}
