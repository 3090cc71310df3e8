//! [`PlaybackServer`]: HTTP/1.1 on `127.0.0.1`, serving only meeting audio.
//!
//! Why hyper rather than tiny_http: hyper 1 is already in the build (reqwest's client)
//! with tokio, so the server adds one small crate (`httpdate`) instead of tiny_http's
//! four; it limits header size and the time to send headers, where tiny_http reads a
//! request line without bound and without a timeout on a thread per connection it does
//! not cap; and it handles keep-alive, `HEAD` (headers with `Content-Length`, no body)
//! and pipelining for us. It is also the more actively maintained of the two. The cost
//! is a little glue: a current-thread runtime on one thread of our own, file reads on
//! tokio's blocking threads (see [`crate::body`]), and a cap on connections.

use std::convert::Infallible;
use std::io;
use std::net::{Ipv4Addr, SocketAddr, TcpListener as StdTcpListener};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use hyper::body::Incoming;
use hyper::header::{self, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, oneshot};

use crate::body::{AudioRange, ResponseBody};
use crate::mix::OpenError;
use crate::playable::Playable;
use crate::range::{RangeRequest, parse_range};
use crate::route::{Route, RouteError, Track, parse_route};

/// Why the app's resolver has no files for a meeting's track.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ResolveError {
    /// No such meeting (or it has no such track).
    #[error("no such meeting")]
    NotFound,
    /// The meeting's recordings were deleted (the audio retention setting).
    #[error("the recordings were deleted")]
    Gone,
}

/// The files a meeting's track plays: the recordings to mix for [`Track::Mix`] (both
/// sides), or the one file of a side. Called on a blocking thread for every request, so
/// it may read the store.
pub type Resolver = dyn Fn(i64, Track) -> Result<Vec<PathBuf>, ResolveError> + Send + Sync;

/// Connections served at once; more wait to be accepted. A player keeps one or two open
/// per `<audio>` element.
const MAX_CONNECTIONS: usize = 32;
/// Threads that read files and run the resolver, at most.
const MAX_READ_THREADS: usize = 8;
/// A client must send a request's headers within this time, or is disconnected.
const HEADER_TIMEOUT: Duration = Duration::from_secs(30);

/// The playback server. It stops on [`PlaybackServer::shutdown`] or when dropped;
/// responses in progress are cut off.
pub struct PlaybackServer {
    addr: SocketAddr,
    token: String,
    running: Mutex<Option<Running>>,
}

struct Running {
    stop: oneshot::Sender<()>,
    thread: JoinHandle<()>,
}

struct Shared {
    token: String,
    resolver: Arc<Resolver>,
}

impl PlaybackServer {
    /// Listens on a free port of `127.0.0.1` and serves what `resolver` names, on a
    /// thread of its own.
    pub fn start<F>(resolver: F) -> io::Result<Self>
    where
        F: Fn(i64, Track) -> Result<Vec<PathBuf>, ResolveError> + Send + Sync + 'static,
    {
        let listener = StdTcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let token = new_token()?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .max_blocking_threads(MAX_READ_THREADS)
            .thread_name("onno-playback-read")
            .build()?;
        let shared = Arc::new(Shared {
            token: token.clone(),
            resolver: Arc::new(resolver),
        });
        let (stop, stopped) = oneshot::channel();
        let thread = std::thread::Builder::new()
            .name("onno-playback".into())
            .spawn(move || {
                runtime.block_on(accept_loop(listener, shared, stopped));
                // Cuts the connections still open; a read in progress is a few
                // milliseconds.
                runtime.shutdown_timeout(Duration::from_secs(2));
            })?;
        Ok(Self {
            addr,
            token,
            running: Mutex::new(Some(Running { stop, thread })),
        })
    }

    /// `http://127.0.0.1:<port>/<token>/meetings/<id>/<track>`, for an `<audio>`
    /// element's `src`.
    pub fn url(&self, meeting_id: i64, track: Track) -> String {
        format!(
            "{}/{}/meetings/{meeting_id}/{track}",
            self.origin(),
            self.token
        )
    }

    /// `http://127.0.0.1:<port>`: what the window's content security policy must allow
    /// as a media source.
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Stops listening, cuts the connections and waits for the server's thread. Calling
    /// it again does nothing.
    pub fn shutdown(&self) {
        let running = self
            .running
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(Running { stop, thread }) = running {
            let _ = stop.send(());
            if thread.join().is_err() {
                tracing::error!("the playback server's thread panicked");
            }
        }
    }
}

impl Drop for PlaybackServer {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// 128 random bits as 32 hex digits.
fn new_token() -> io::Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| io::Error::other(e.to_string()))?;
    Ok(hex::encode(bytes))
}

async fn accept_loop(
    listener: StdTcpListener,
    shared: Arc<Shared>,
    mut stopped: oneshot::Receiver<()>,
) {
    let listener = match TcpListener::from_std(listener) {
        Ok(listener) => listener,
        Err(e) => {
            tracing::error!(error = %e, "the playback server cannot listen");
            return;
        }
    };
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    loop {
        let slot = tokio::select! {
            _ = &mut stopped => return,
            slot = Arc::clone(&slots).acquire_owned() => slot,
        };
        let Ok(slot) = slot else { return };
        let accepted = tokio::select! {
            _ = &mut stopped => return,
            accepted = listener.accept() => accepted,
        };
        match accepted {
            Ok((stream, _)) => {
                tokio::spawn(serve_connection(stream, Arc::clone(&shared), slot));
            }
            Err(e) => {
                // Out of file descriptors, most likely: wait rather than spin.
                tracing::warn!(error = %e, "the playback server could not accept a connection");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }
}

async fn serve_connection(stream: TcpStream, shared: Arc<Shared>, _slot: OwnedSemaphorePermit) {
    let _ = stream.set_nodelay(true);
    let service = service_fn(move |request| {
        let shared = Arc::clone(&shared);
        async move { Ok::<_, Infallible>(respond(request, &shared).await) }
    });
    let served = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT)
        .keep_alive(true)
        .serve_connection(TokioIo::new(stream), service)
        .await;
    if let Err(e) = served {
        // A player that seeks drops its connection mid-body all the time.
        tracing::debug!(error = %e, "playback connection ended");
    }
}

async fn respond(request: Request<Incoming>, shared: &Shared) -> Response<ResponseBody> {
    let Route { meeting_id, track } = match parse_route(request.uri().path(), &shared.token) {
        Ok(route) => route,
        Err(RouteError::NotFound) => return text(StatusCode::NOT_FOUND, "not found"),
        Err(RouteError::BadMeetingId) => return text(StatusCode::BAD_REQUEST, "bad meeting id"),
    };
    let head_only = match *request.method() {
        Method::GET => false,
        Method::HEAD => true,
        _ => {
            let mut response = text(StatusCode::METHOD_NOT_ALLOWED, "method not allowed");
            response
                .headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
            return response;
        }
    };
    let resolver = Arc::clone(&shared.resolver);
    let opened = tokio::task::spawn_blocking(move || {
        resolver(meeting_id, track)
            .map_err(Refusal::Resolve)
            .and_then(|paths| Playable::open(&paths).map_err(Refusal::Open))
    })
    .await;
    let source = match opened {
        Ok(Ok(source)) => source,
        Ok(Err(refusal)) => return refusal.response(meeting_id, track),
        Err(_) => {
            tracing::error!(meeting_id, %track, "the playback resolver panicked");
            return text(StatusCode::INTERNAL_SERVER_ERROR, "server error");
        }
    };
    // Range is defined for GET only (RFC 9110 §14.2): a HEAD gets the whole length.
    let range = if head_only {
        None
    } else {
        request
            .headers()
            .get(header::RANGE)
            .and_then(|v| v.to_str().ok())
    };
    let range = parse_range(range, source.byte_len());
    audio_response(source, range, head_only)
}

fn audio_response(
    source: Playable,
    range: RangeRequest,
    head_only: bool,
) -> Response<ResponseBody> {
    let len = source.byte_len();
    let content_type = source.content_type();
    let (status, start, end) = match range {
        RangeRequest::Whole => (StatusCode::OK, 0, len),
        RangeRequest::Part { start, end } => (StatusCode::PARTIAL_CONTENT, start, end),
        RangeRequest::Unsatisfiable => {
            let mut response = text(StatusCode::RANGE_NOT_SATISFIABLE, "range not satisfiable");
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_RANGE,
                header_value(format!("bytes */{len}")),
            );
            headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
            return response;
        }
    };
    let body = if head_only {
        ResponseBody::empty()
    } else {
        ResponseBody::Audio(AudioRange::new(source, start, end))
    };
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::CONTENT_LENGTH,
        header_value((end - start).to_string()),
    );
    headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if status == StatusCode::PARTIAL_CONTENT {
        let value = format!("bytes {start}-{}/{len}", end - 1);
        headers.insert(header::CONTENT_RANGE, header_value(value));
    }
    response
}

/// Why a request names nothing that can be played.
enum Refusal {
    Resolve(ResolveError),
    Open(OpenError),
}

impl Refusal {
    /// The answer, in words that name no file: the body goes to whoever asked.
    fn response(self, meeting_id: i64, track: Track) -> Response<ResponseBody> {
        match self {
            Self::Resolve(ResolveError::NotFound) | Self::Open(OpenError::NoFiles) => {
                text(StatusCode::NOT_FOUND, "no such recording")
            }
            Self::Resolve(ResolveError::Gone) | Self::Open(OpenError::Missing) => {
                text(StatusCode::GONE, "the recording was deleted")
            }
            Self::Open(OpenError::NotARecording { index }) => {
                tracing::warn!(meeting_id, %track, index, "a file to mix is not a recording");
                text(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "these files cannot be mixed",
                )
            }
            Self::Open(OpenError::Io(e)) => {
                tracing::warn!(meeting_id, %track, error = %e, "cannot read a recording");
                text(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "cannot read the recording",
                )
            }
        }
    }
}

fn text(status: StatusCode, message: &'static str) -> Response<ResponseBody> {
    let mut response = Response::new(ResponseBody::text(message));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_LENGTH,
        header_value(message.len().to_string()),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A header value made of digits, spaces, `-`, `*` and `/`, which is always valid.
fn header_value(value: String) -> HeaderValue {
    HeaderValue::try_from(value).unwrap_or_else(|_| HeaderValue::from_static("0"))
}
