//! One resumable HTTP download into a `.partial` file.
//!
//! The partial file's length is the resume point: a request carries
//! `Range: bytes=N-` and a `206` whose `Content-Range` starts at `N` is appended. A
//! server that ignores the range answers `200` with the whole file, which then
//! overwrites the partial from the start. A `416`, or a `206` for some other range,
//! drops the partial and starts over once. A body cut short is resumed from where it
//! stopped, a few times, as long as each attempt makes progress.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::Duration;

use serde::Serialize;

use crate::error::{ErrorKind, ModelError};

/// Where a download is, for progress bars.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Sending a request; `downloaded` is what the partial file already holds.
    Connecting,
    /// Receiving the body.
    Downloading,
    /// All bytes are in; checking size and checksum.
    Verifying,
    /// Verified and in place.
    Done,
}

/// A progress report from [`crate::ModelManager::download`].
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub phase: Phase,
    /// Bytes of the file on disk so far, including any resumed from an earlier attempt.
    pub downloaded: u64,
    /// The file's full size.
    pub total: u64,
}

/// Stops a running download from another thread: [`Stop::pause`] keeps the partial
/// file so the next download resumes it, [`Stop::cancel`] deletes it. The download
/// looks at it before each request and between reads of the body, so it stops within
/// one read (a stalled server can hold a read up to [`Timeouts::read`]).
#[derive(Debug, Default)]
pub struct Stop(AtomicU8);

const RUNNING: u8 = 0;
const PAUSE: u8 = 1;
const CANCEL: u8 = 2;

impl Stop {
    pub fn new() -> Stop {
        Stop::default()
    }

    /// Stop, keeping what was downloaded: the download ends with [`ErrorKind::Paused`].
    pub fn pause(&self) {
        // A cancel already asked for is not softened into a pause.
        let _ = self
            .0
            .compare_exchange(RUNNING, PAUSE, Ordering::SeqCst, Ordering::SeqCst);
    }

    /// Stop and delete the partial file: the download ends with [`ErrorKind::Cancelled`].
    pub fn cancel(&self) {
        self.0.store(CANCEL, Ordering::SeqCst);
    }

    fn requested(&self) -> Option<u8> {
        match self.0.load(Ordering::SeqCst) {
            RUNNING => None,
            other => Some(other),
        }
    }
}

/// Timeouts of the HTTP client.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    /// Resolving and connecting; an unreachable server fails after this. Default 5 s.
    pub connect: Duration,
    /// Waiting for the response headers after connecting. Default 30 s.
    pub response: Duration,
    /// The longest a body read may stall before the attempt counts as dropped. Default 60 s.
    pub read: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(5),
            response: Duration::from_secs(30),
            read: Duration::from_secs(60),
        }
    }
}

pub(crate) fn agent(timeouts: &Timeouts) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_connect(Some(timeouts.connect))
        .timeout_resolve(Some(timeouts.connect))
        .timeout_recv_response(Some(timeouts.response))
        .timeout_per_read(Some(timeouts.read))
        .http_status_as_error(false)
        .user_agent(concat!("onno/", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

/// What one download is about, for its requests and its error messages.
pub(crate) struct Job<'a> {
    pub name: &'a str,
    pub url: &'a str,
    pub size: u64,
    pub partial: &'a Path,
    /// Where the finished file goes; named in the offline hint.
    pub target: &'a Path,
    pub stop: &'a Stop,
}

/// Attempts that each made progress before the body dropped, resumed in one call.
const MAX_RESUMES: u32 = 3;
/// Times the partial is dropped and the download started over (416, odd ranges).
const MAX_RESTARTS: u32 = 1;

/// Fills `job.partial` up to `job.size` bytes. It does not verify the content.
pub(crate) fn fetch(
    agent: &ureq::Agent,
    job: &Job<'_>,
    progress: &mut dyn FnMut(Progress),
) -> Result<(), ModelError> {
    let mut resumes = 0;
    let mut restarts = 0;
    loop {
        let mut have = partial_len(job.partial)?;
        if have > job.size {
            remove_partial(job.partial)?;
            have = 0;
        }
        if have == job.size {
            return Ok(());
        }
        stopped(job)?;
        progress(Progress {
            phase: Phase::Connecting,
            downloaded: have,
            total: job.size,
        });
        let mut request = agent.get(job.url);
        if have > 0 {
            request = request.header("Range", format!("bytes={have}-"));
        }
        let response = request.call().map_err(|e| request_error(job, e))?;
        let status = response.status().as_u16();
        let Some(start) = body_start(job, status, response.headers(), have, &mut restarts)? else {
            continue;
        };
        let mut file = open_at(job.partial, start)?;
        let mut body = response.into_body().into_reader();
        let outcome = copy_body(&mut body, &mut file, start, job, progress);
        let written = finish_file(file, job.partial)?;
        match outcome {
            Ok(()) if written == job.size => return Ok(()),
            Ok(()) | Err(Cut::Dropped(_)) if written > start && resumes < MAX_RESUMES => {
                resumes += 1;
            }
            _ => return Err(cut_error(job, outcome, written)?),
        }
    }
}

/// Where the body of an answer with `status` starts in the partial file: the resume
/// offset for a 206 with the range asked for, 0 for a whole 200; `None` when the
/// partial was dropped and the download starts over.
fn body_start(
    job: &Job<'_>,
    status: u16,
    headers: &ureq::http::HeaderMap,
    have: u64,
    restarts: &mut u32,
) -> Result<Option<u64>, ModelError> {
    match status {
        206 => match content_range(headers) {
            Some((first, total)) if first == have => {
                if let Some(total) = total.filter(|t| *t != job.size) {
                    remove_partial(job.partial)?;
                    return Err(size_error(job, total));
                }
                Ok(Some(have))
            }
            _ => {
                // Not the range asked for: trust nothing, start over.
                restart(job, restarts, "answered with a different range")?;
                Ok(None)
            }
        },
        200 => {
            if let Some(len) = content_length(headers)
                && len != job.size
            {
                remove_partial(job.partial)?;
                return Err(size_error(job, len));
            }
            Ok(Some(0))
        }
        416 => {
            restart(job, restarts, "refused the resume range (416)")?;
            Ok(None)
        }
        _ => Err(status_error(job, status)),
    }
}

/// The error for a body that ended before `job.size` bytes (and will not be resumed
/// in this call), was stopped, ran long, or could not be written; a body that ran long
/// takes its partial file with it. Fails itself only when that file cannot be removed.
fn cut_error(
    job: &Job<'_>,
    outcome: Result<(), Cut>,
    written: u64,
) -> Result<ModelError, ModelError> {
    Ok(match outcome {
        Ok(()) | Err(Cut::Dropped(_)) => {
            let cause = match outcome {
                Err(Cut::Dropped(e)) => e.to_string(),
                _ => "the server closed the connection early".to_string(),
            };
            ModelError::new(
                ErrorKind::Interrupted,
                format!(
                    "the download of {} stopped at {written} of {} bytes ({cause}); \
                     run the download again to resume it",
                    job.name, job.size
                ),
            )
        }
        Err(Cut::Stopped) => stopped(job)
            .err()
            .unwrap_or_else(|| ModelError::new(ErrorKind::Interrupted, "the download stopped")),
        Err(Cut::TooLong) => {
            remove_partial(job.partial)?;
            ModelError::new(
                ErrorKind::SizeMismatch,
                format!(
                    "the server sent more than the {} bytes of model {}; \
                     the partial download was deleted",
                    job.size, job.name
                ),
            )
        }
        Err(Cut::Write(e)) => {
            ModelError::io(format!("cannot write '{}': {e}", job.partial.display()), e)
        }
    })
}

enum Cut {
    /// Reading the body failed: the connection dropped or stalled.
    Dropped(io::Error),
    /// The body ran past the expected size.
    TooLong,
    /// Writing the partial file failed.
    Write(io::Error),
    /// [`Stop`] asked for it.
    Stopped,
}

fn copy_body(
    body: &mut impl Read,
    file: &mut File,
    start: u64,
    job: &Job<'_>,
    progress: &mut dyn FnMut(Progress),
) -> Result<(), Cut> {
    let mut buf = vec![0u8; 256 * 1024];
    let mut at = start;
    loop {
        if job.stop.requested().is_some() {
            return Err(Cut::Stopped);
        }
        let n = match body.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Cut::Dropped(e)),
        };
        let n64 = u64::try_from(n).unwrap_or(u64::MAX);
        if at.saturating_add(n64) > job.size {
            return Err(Cut::TooLong);
        }
        file.write_all(&buf[..n]).map_err(Cut::Write)?;
        at += n64;
        progress(Progress {
            phase: Phase::Downloading,
            downloaded: at,
            total: job.size,
        });
    }
}

/// Flushes and syncs the partial file and returns its length.
fn finish_file(mut file: File, partial: &Path) -> Result<u64, ModelError> {
    let io = |e: io::Error| ModelError::io(format!("cannot write '{}': {e}", partial.display()), e);
    file.flush().map_err(io)?;
    file.sync_all().map_err(io)?;
    Ok(file.metadata().map_err(io)?.len())
}

/// The error for a pause or cancel asked for through [`Stop`], after deleting the
/// partial file on a cancel; `Ok` while the download may go on.
fn stopped(job: &Job<'_>) -> Result<(), ModelError> {
    match job.stop.requested() {
        None => Ok(()),
        Some(CANCEL) => {
            remove_partial(job.partial)?;
            Err(ModelError::new(
                ErrorKind::Cancelled,
                format!(
                    "the download of {} was cancelled and its partial file deleted",
                    job.name
                ),
            ))
        }
        Some(_) => {
            let have = partial_len(job.partial)?;
            Err(ModelError::new(
                ErrorKind::Paused,
                format!(
                    "the download of {} was paused at {have} of {} bytes; \
                     download it again to resume",
                    job.name, job.size
                ),
            ))
        }
    }
}

fn restart(job: &Job<'_>, restarts: &mut u32, why: &str) -> Result<(), ModelError> {
    remove_partial(job.partial)?;
    *restarts += 1;
    if *restarts > MAX_RESTARTS {
        return Err(ModelError::new(
            ErrorKind::Http,
            format!(
                "the server for model {} {why} even when starting over ({})",
                job.name, job.url
            ),
        ));
    }
    Ok(())
}

fn partial_len(partial: &Path) -> Result<u64, ModelError> {
    match std::fs::metadata(partial) {
        Ok(meta) => Ok(meta.len()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(0),
        Err(e) => Err(ModelError::io(
            format!("cannot read '{}': {e}", partial.display()),
            e,
        )),
    }
}

pub(crate) fn remove_partial(partial: &Path) -> Result<(), ModelError> {
    match std::fs::remove_file(partial) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(ModelError::io(
            format!("cannot delete '{}': {e}", partial.display()),
            e,
        )),
    }
}

/// Opens the partial file for writing at `start`, dropping anything after it.
fn open_at(partial: &Path, start: u64) -> Result<File, ModelError> {
    let io = |e: io::Error| ModelError::io(format!("cannot write '{}': {e}", partial.display()), e);
    let mut file = OpenOptions::new()
        .create(true)
        .write(true)
        .truncate(false)
        .open(partial)
        .map_err(io)?;
    file.set_len(start).map_err(io)?;
    file.seek(SeekFrom::Start(start)).map_err(io)?;
    Ok(file)
}

/// `Content-Range: bytes FIRST-LAST/TOTAL` as `(FIRST, TOTAL)`; TOTAL may be `*`.
fn content_range(headers: &ureq::http::HeaderMap) -> Option<(u64, Option<u64>)> {
    let value = headers.get("content-range")?.to_str().ok()?;
    let spec = value.trim().strip_prefix("bytes")?.trim_start();
    let (range, total) = spec.split_once('/')?;
    let (first, _last) = range.split_once('-')?;
    let total = match total.trim() {
        "*" => None,
        t => Some(t.parse().ok()?),
    };
    Some((first.trim().parse().ok()?, total))
}

fn content_length(headers: &ureq::http::HeaderMap) -> Option<u64> {
    headers
        .get("content-length")?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

fn size_error(job: &Job<'_>, server: u64) -> ModelError {
    ModelError::new(
        ErrorKind::SizeMismatch,
        format!(
            "the server has {server} bytes for model {} ({}), but the manifest says {}; \
             nothing was kept (is the manifest out of date?)",
            job.name, job.url, job.size
        ),
    )
}

fn status_error(job: &Job<'_>, status: u16) -> ModelError {
    let what = match status {
        404 => "not found (404)".to_string(),
        s if s >= 500 => format!("a server error ({s}); try again later"),
        s => format!("HTTP status {s}"),
    };
    ModelError::new(
        ErrorKind::Http,
        format!(
            "downloading model {} from {} failed: {what}",
            job.name, job.url
        ),
    )
}

/// A request that got no response: offline errors carry the hand-install hint.
fn request_error(job: &Job<'_>, error: ureq::Error) -> ModelError {
    // Every I/O failure before a response (DNS, refused, reset, unreachable, timed
    // out) means the server cannot be reached from here.
    let offline = matches!(
        error,
        ureq::Error::HostNotFound
            | ureq::Error::ConnectionFailed
            | ureq::Error::Timeout(_)
            | ureq::Error::Io(_)
    );
    if offline {
        ModelError::new(
            ErrorKind::Offline,
            format!(
                "cannot reach the server to download model {} ({error}). To install it by \
                 hand, download {} and save it as '{}'",
                job.name,
                job.url,
                job.target.display()
            ),
        )
    } else {
        ModelError::new(
            ErrorKind::Http,
            format!(
                "downloading model {} from {} failed: {error}",
                job.name, job.url
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check_range(value: &str, expected: Option<(u64, Option<u64>)>) {
        let mut headers = ureq::http::HeaderMap::new();
        headers.insert(
            "content-range",
            ureq::http::HeaderValue::from_str(value).expect("header"),
        );
        assert_eq!(content_range(&headers), expected, "{value}");
    }

    #[test]
    fn content_ranges_parse() {
        check_range("bytes 100-199/200", Some((100, Some(200))));
        check_range("bytes 0-0/*", Some((0, None)));
        check_range("bytes  5-9/10", Some((5, Some(10))));
        check_range("bytes */200", None);
        check_range("items 1-2/3", None);
        check_range("bytes x-1/2", None);
    }
}
