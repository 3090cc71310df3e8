//! Live capture of one audio source (the microphone, or the system's output) into
//! 16 kHz mono frames stamped with their sample index.
//!
//! # Realtime discipline
//!
//! The device callback runs on the audio system's thread and must never wait: it only
//! copies the samples, converted to `f32`, into a preallocated lock-free ring
//! ([`rtrb`]), and when the ring is full it drops the excess and adds the count to an
//! atomic. It never allocates, locks, logs or blocks.
//!
//! A capture thread of ours drains the ring every few milliseconds, resamples with
//! [`Resampler16k`] (the same exact resampler files use) and sends [`CaptureEvent`]s.
//! Every 16 kHz sample has an index from the start of the capture, and the indices
//! follow the wall clock: audio that never arrived (a full ring, a lost device, an
//! audio server restarting) is replaced by silence of its length and reported as a
//! [`CaptureEvent::Gap`], so the two sources of a meeting stay aligned and nothing is
//! lost silently.
//!
//! # Health
//!
//! A device that reports an error, stops delivering for [`CaptureConfig::stall_ms`], or
//! (when following the system default) stops being the default is closed and reopened,
//! retrying every [`CaptureConfig::retry_ms`]; the audio server itself is reconnected.
//! A device that gives only exact zeros from the moment it opened, for
//! [`CaptureConfig::zeros_alert_s`], is reported once: on macOS that is what a denied
//! recording permission looks like (a quiet call has noise; a refused tap has none).

mod devices;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};
use cpal::{FromSample, SizedSample};

pub use devices::{DeviceInfo, list_devices};

use crate::{Frame, Resampler16k, SAMPLE_RATE};

/// Which side of the call a source carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SourceKind {
    /// The microphone: "me".
    Mic,
    /// What the computer plays, the other side of the call: "them".
    System,
}

impl SourceKind {
    /// "mic" or "system", for file names and messages.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Mic => "mic",
            SourceKind::System => "system",
        }
    }
}

/// How to capture one source.
#[derive(Debug, Clone, PartialEq)]
pub struct CaptureConfig {
    pub kind: SourceKind,
    /// A device name (see [`list_devices`]); `None` follows the system default, also
    /// when it changes.
    pub device: Option<String>,
    /// The device buffer asked for. Default 100 ms: the audio system's default can be
    /// seconds long and arrive in bursts.
    pub buffer_ms: u32,
    /// The ring between the callback and the capture thread. Default 2000 ms.
    pub ring_ms: u32,
    /// No audio for this long from an open device counts as a lost device. Default 1000.
    pub stall_ms: u32,
    /// How often a lost device is retried. Default 250 ms.
    pub retry_ms: u32,
    /// Only exact zeros for this long is reported once. Default 10 s.
    pub zeros_alert_s: u32,
}

impl CaptureConfig {
    /// Defaults for `kind`, following the system default device.
    pub fn new(kind: SourceKind) -> Self {
        Self {
            kind,
            device: None,
            buffer_ms: 100,
            ring_ms: 2_000,
            stall_ms: 1_000,
            retry_ms: 250,
            zeros_alert_s: 10,
        }
    }
}

/// Why a stretch of a source was filled with silence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GapReason {
    /// The ring was full: the capture thread did not keep up.
    Overrun,
    /// The device was gone, or the audio server was, until it was reopened.
    DeviceLost,
}

/// What a running capture reports, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum CaptureEvent {
    /// The next 16 kHz mono samples; `frame.start` is the previous frame's end.
    Audio { kind: SourceKind, frame: Frame },
    /// A device was opened (at start, and after each reopen).
    Opened {
        kind: SourceKind,
        device: String,
        sample_rate: u32,
        channels: u16,
    },
    /// The device was lost; capture keeps retrying.
    Lost { kind: SourceKind, reason: String },
    /// `samples` of silence were put in at index `at` for audio that never arrived.
    Gap {
        kind: SourceKind,
        at: u64,
        samples: u64,
        reason: GapReason,
    },
    /// The device has given only exact zeros for `seconds` since it opened.
    AllZeros { kind: SourceKind, seconds: u32 },
}

/// Totals of one capture, in 16 kHz samples unless named otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CaptureStats {
    /// Samples given out, silence for gaps included.
    pub samples: u64,
    /// Of those, silence put in for gaps.
    pub gap_samples: u64,
    /// Device frames the callback could not fit into the ring.
    pub overrun_frames: u64,
    /// Times a lost device was opened again.
    pub reopens: u32,
}

#[derive(Debug, thiserror::Error)]
pub enum CaptureError {
    /// The audio system itself (PulseAudio, WASAPI, Core Audio) cannot be reached.
    #[error("audio system unavailable: {0}")]
    Host(String),
    /// No such device, or no default one.
    #[error("{0}")]
    NoDevice(String),
    /// The device exists but would not open.
    #[error("cannot open '{device}': {reason}")]
    Open { device: String, reason: String },
}

/// A running capture: a thread of ours and the device stream it owns. Dropping it stops
/// the capture.
pub struct Capture {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<CaptureStats>>,
    device: String,
    started: Instant,
}

impl Capture {
    /// Opens the device and starts sending events to `events`. The first open happens
    /// before this returns, so a wrong device name is an error here, not a later event.
    pub fn start(
        config: CaptureConfig,
        events: Sender<CaptureEvent>,
    ) -> Result<Self, CaptureError> {
        let stop = Arc::new(AtomicBool::new(false));
        let (opened_tx, opened_rx) = mpsc::channel();
        let thread_stop = stop.clone();
        let thread = std::thread::Builder::new()
            .name(format!("capture-{}", config.kind.as_str()))
            .spawn(move || {
                let mut run = match Run::open(config, events) {
                    Ok(run) => {
                        let _ = opened_tx.send(Ok((run.device_name(), run.started)));
                        run
                    }
                    Err(e) => {
                        let _ = opened_tx.send(Err(e));
                        return CaptureStats::default();
                    }
                };
                run.run(&thread_stop);
                run.stats
            })
            .map_err(|e| CaptureError::Host(format!("cannot start the capture thread: {e}")))?;
        let opened = opened_rx.recv().unwrap_or_else(|_| {
            Err(CaptureError::Host(
                "the capture thread ended at start".into(),
            ))
        });
        match opened {
            Ok((device, started)) => Ok(Self {
                stop,
                thread: Some(thread),
                device,
                started,
            }),
            Err(e) => {
                let _ = thread.join();
                Err(e)
            }
        }
    }

    /// The device opened at start.
    pub fn device(&self) -> &str {
        &self.device
    }

    /// When sample 0 was (about) captured: the indices count from here, at 16 kHz, by
    /// the wall clock. Two captures started together are aligned through this.
    pub fn started_at(&self) -> Instant {
        self.started
    }

    /// Stops capturing, flushes the last samples and returns the totals.
    pub fn stop(mut self) -> CaptureStats {
        self.finish()
    }

    fn finish(&mut self) -> CaptureStats {
        self.stop.store(true, Ordering::Relaxed);
        self.thread
            .take()
            .and_then(|t| t.join().ok())
            .unwrap_or_default()
    }
}

impl Drop for Capture {
    fn drop(&mut self) {
        self.finish();
    }
}

/// Connects to the audio system: the host `id`, or the platform's own choice. On Linux
/// that is PulseAudio (or pipewire-pulse) when its socket is there, so that a restarting
/// server is later waited for by id rather than silently swapped for raw ALSA.
///
/// Each connection is a client of the audio server that lives as long as the process
/// (cpal's PulseAudio host never closes one, and the server allows 64), so a capture
/// keeps its own and makes a new one only after losing its device.
pub(crate) fn connect(id: Option<cpal::HostId>) -> Result<cpal::Host, CaptureError> {
    let host_error = |e: cpal::Error| CaptureError::Host(e.to_string());
    if let Some(id) = id {
        return cpal::host_from_id(id).map_err(host_error);
    }
    #[cfg(target_os = "linux")]
    if std::env::var_os("PULSE_SERVER").is_some()
        || std::env::var_os("XDG_RUNTIME_DIR")
            .is_some_and(|d| std::path::Path::new(&d).join("pulse/native").exists())
    {
        return cpal::host_from_id(cpal::HostId::PulseAudio).map_err(host_error);
    }
    Ok(cpal::default_host())
}

/// Why an open device was given up.
struct Lost {
    reason: String,
    /// The audio server itself may be gone: reconnect, not just reopen.
    server_suspect: bool,
}

/// What the callback shares with the capture thread: counters only.
#[derive(Default)]
struct Shared {
    overrun_frames: AtomicU64,
    failed: AtomicBool,
}

/// An open device stream and what drains it.
struct Open {
    _stream: cpal::Stream,
    ring: rtrb::Consumer<f32>,
    shared: Arc<Shared>,
    resampler: Resampler16k,
    device: String,
    /// The default device's name when this one was opened by following it.
    default_name: Option<String>,
    rate: u32,
    channels: u16,
    last_data: Instant,
}

struct Run {
    config: CaptureConfig,
    events: Sender<CaptureEvent>,
    /// The connection to the audio system, kept while it works.
    host: Option<cpal::Host>,
    host_id: cpal::HostId,
    open: Option<Open>,
    started: Instant,
    stats: CaptureStats,
    /// Exact zeros since the device opened, while it has given nothing else.
    zero_run: u64,
    heard: bool,
    zeros_reported: bool,
    last_device_check: Instant,
    last_retry: Instant,
    scratch: Vec<f32>,
}

impl Run {
    fn open(config: CaptureConfig, events: Sender<CaptureEvent>) -> Result<Self, CaptureError> {
        let host = connect(None)?;
        let open = open_device(&config, &host)?;
        let now = Instant::now();
        let mut run = Self {
            config,
            events,
            host_id: host.id(),
            host: Some(host),
            open: None,
            started: now,
            stats: CaptureStats::default(),
            zero_run: 0,
            heard: false,
            zeros_reported: false,
            last_device_check: now,
            last_retry: now,
            scratch: Vec::new(),
        };
        run.opened(open);
        Ok(run)
    }

    fn device_name(&self) -> String {
        self.open
            .as_ref()
            .map(|o| o.device.clone())
            .unwrap_or_default()
    }

    fn run(&mut self, stop: &AtomicBool) {
        let kind = self.config.kind;
        // The device hands over a buffer at a time; looking four times per buffer keeps
        // the delay small without waking for an empty ring (the ring holds seconds).
        let every = Duration::from_millis(u64::from(self.config.buffer_ms / 4).clamp(5, 50));
        while !stop.load(Ordering::Relaxed) {
            std::thread::sleep(every);
            if self.open.is_some() {
                self.drain();
                if let Some(lost) = self.lost() {
                    self.close();
                    if lost.server_suspect {
                        self.host = None;
                    }
                    self.send(CaptureEvent::Lost {
                        kind,
                        reason: lost.reason,
                    });
                }
            } else if self.last_retry.elapsed() >= ms(self.config.retry_ms) {
                self.last_retry = Instant::now();
                self.reopen();
            }
        }
        if self.open.is_some() {
            self.drain();
            self.close();
        }
    }

    fn opened(&mut self, open: Open) {
        (self.zero_run, self.heard, self.zeros_reported) = (0, false, false);
        self.send(CaptureEvent::Opened {
            kind: self.config.kind,
            device: open.device.clone(),
            sample_rate: open.rate,
            channels: open.channels,
        });
        self.open = Some(open);
    }

    /// Moves what the callback wrote through the resampler and out.
    fn drain(&mut self) {
        let Some(open) = self.open.as_mut() else {
            return;
        };
        let available = open.ring.slots();
        let mut resampled = std::mem::take(&mut self.scratch);
        resampled.clear();
        let mut zeros = None;
        if available > 0 {
            open.last_data = Instant::now();
            if let Ok(chunk) = open.ring.read_chunk(available) {
                let (a, b) = chunk.as_slices();
                // Zeros only matter until the device has given anything else.
                if !self.heard && !self.zeros_reported {
                    let all_zero = a.iter().chain(b).all(|v| *v == 0.0);
                    zeros = Some((all_zero, available as u64 / u64::from(open.channels.max(1))));
                }
                resampled.extend_from_slice(open.resampler.push(a));
                resampled.extend_from_slice(open.resampler.push(b));
                chunk.commit_all();
            }
        }
        let dropped = open.overrun_frames_take();
        let rate = open.rate;
        if let Some((all_zero, frames)) = zeros {
            self.count_zeros(all_zero, frames);
        }
        self.emit(&resampled);
        self.scratch = resampled;
        if dropped > 0 {
            self.stats.overrun_frames += dropped;
            self.fill(
                dropped * u64::from(SAMPLE_RATE) / u64::from(rate),
                GapReason::Overrun,
            );
        }
    }

    /// Tries the device again; on success fills the time it was away with silence.
    fn reopen(&mut self) {
        let host = match self.host.take() {
            Some(host) => host,
            None => match connect(Some(self.host_id)) {
                Ok(host) => host,
                Err(_) => return,
            },
        };
        match open_device(&self.config, &host) {
            Ok(open) => {
                self.host = Some(host);
                self.fill_to_clock(GapReason::DeviceLost);
                self.stats.reopens += 1;
                self.opened(open);
            }
            // The connection itself failed: make a new one next time.
            Err(CaptureError::Host(_)) => {}
            Err(_) => self.host = Some(host),
        }
    }

    fn lost(&mut self) -> Option<Lost> {
        let open = self.open.as_ref()?;
        let server_suspect = |reason: String| {
            Some(Lost {
                reason,
                server_suspect: true,
            })
        };
        if open.shared.failed.load(Ordering::Relaxed) {
            return server_suspect(format!("'{}' reported an error", open.device));
        }
        if open.last_data.elapsed() >= ms(self.config.stall_ms) {
            return server_suspect(format!(
                "'{}' gave no audio for {} ms",
                open.device, self.config.stall_ms
            ));
        }
        if self.last_device_check.elapsed() < Duration::from_secs(1) {
            return None;
        }
        self.last_device_check = Instant::now();
        // The audio server may quietly move a stream whose device vanished to another
        // device; ask it whether ours is still there, and still the default if we
        // follow the default.
        let host = self.host.as_ref()?;
        let reason = if let Some(opened_default) = &open.default_name {
            let now_default = default_name(host, self.config.kind)?;
            (now_default != *opened_default)
                .then(|| format!("the default device changed from '{opened_default}'"))
        } else {
            (!devices::input_exists(host, &open.device))
                .then(|| format!("'{}' is gone", open.device))
        };
        reason.map(|reason| Lost {
            reason,
            server_suspect: false,
        })
    }

    /// Drops the stream and gives out what the resampler still holds.
    fn close(&mut self) {
        if let Some(mut open) = self.open.take() {
            let tail = open.resampler.finish().to_vec();
            drop(open);
            self.emit(&tail);
        }
    }

    fn emit(&mut self, samples: &[f32]) {
        if samples.is_empty() {
            return;
        }
        let frame = Frame {
            start: self.stats.samples,
            samples: samples.to_vec(),
        };
        self.stats.samples += samples.len() as u64;
        self.send(CaptureEvent::Audio {
            kind: self.config.kind,
            frame,
        });
    }

    /// Puts in `samples` of silence for audio that never arrived.
    fn fill(&mut self, samples: u64, reason: GapReason) {
        if samples == 0 {
            return;
        }
        let at = self.stats.samples;
        self.send(CaptureEvent::Gap {
            kind: self.config.kind,
            at,
            samples,
            reason,
        });
        self.stats.gap_samples += samples;
        let mut left = samples;
        while left > 0 {
            let n = left.min(u64::from(SAMPLE_RATE));
            self.emit(&vec![0.0; n as usize]);
            left -= n;
        }
    }

    /// Catches the sample index up with the wall clock after a device was away.
    fn fill_to_clock(&mut self, reason: GapReason) {
        let expected = (self.started.elapsed().as_secs_f64() * f64::from(SAMPLE_RATE)) as u64;
        self.fill(expected.saturating_sub(self.stats.samples), reason);
    }

    /// Counts a device's exact zeros from the moment it opened. Only a device that has
    /// given nothing else is reported: a muted or refused source, not a quiet call.
    fn count_zeros(&mut self, all_zero: bool, frames: u64) {
        let Some(rate) = self.open.as_ref().map(|o| u64::from(o.rate)) else {
            return;
        };
        if !all_zero {
            self.heard = true;
        }
        if self.heard || self.zeros_reported {
            return;
        }
        self.zero_run += frames;
        let seconds = self.config.zeros_alert_s;
        if self.zero_run >= u64::from(seconds) * rate {
            self.zeros_reported = true;
            self.send(CaptureEvent::AllZeros {
                kind: self.config.kind,
                seconds,
            });
        }
    }

    fn send(&self, event: CaptureEvent) {
        // A consumer that has gone away has stopped caring; capture stops when told.
        let _ = self.events.send(event);
    }
}

impl Open {
    fn overrun_frames_take(&self) -> u64 {
        self.shared.overrun_frames.swap(0, Ordering::Relaxed)
    }
}

fn ms(v: u32) -> Duration {
    Duration::from_millis(u64::from(v))
}

fn default_name(host: &cpal::Host, kind: SourceKind) -> Option<String> {
    let device = match kind {
        SourceKind::Mic => host.default_input_device(),
        SourceKind::System => host.default_output_device(),
    }?;
    devices::device_name(&device)
}

fn open_device(config: &CaptureConfig, host: &cpal::Host) -> Result<Open, CaptureError> {
    let device = devices::find_device(host, config.kind, config.device.as_deref())?;
    let name = devices::device_name(&device).unwrap_or_else(|| "unnamed device".into());
    let fail = |reason: String| CaptureError::Open {
        device: name.clone(),
        reason,
    };
    let supported = device
        .default_input_config()
        .map_err(|e| fail(e.to_string()))?;
    let rate = supported.sample_rate();
    let channels = supported.channels();
    let resampler =
        Resampler16k::new(rate, usize::from(channels)).map_err(|e| fail(e.message().to_owned()))?;
    let frames = (u64::from(rate) * u64::from(config.buffer_ms) / 1000).max(1) as u32;
    let stream_config = cpal::StreamConfig {
        channels,
        sample_rate: rate,
        buffer_size: cpal::BufferSize::Fixed(frames),
    };
    let ring_len = (u64::from(rate) * u64::from(config.ring_ms) / 1000).max(u64::from(frames) * 2)
        as usize
        * usize::from(channels);
    let (producer, ring) = rtrb::RingBuffer::new(ring_len);
    let shared = Arc::new(Shared::default());
    let timeout = Some(Duration::from_secs(2));
    // Ask for f32 where the device takes it (PulseAudio converts anything); else the
    // device's own format, converted in the callback.
    let format = if device
        .supported_input_configs()
        .is_ok_and(|mut c| c.any(|c| c.sample_format() == cpal::SampleFormat::F32))
    {
        cpal::SampleFormat::F32
    } else {
        supported.sample_format()
    };
    let stream = match format {
        cpal::SampleFormat::F32 => {
            build::<f32>(&device, &stream_config, producer, &shared, timeout)
        }
        cpal::SampleFormat::I16 => {
            build::<i16>(&device, &stream_config, producer, &shared, timeout)
        }
        cpal::SampleFormat::I32 => {
            build::<i32>(&device, &stream_config, producer, &shared, timeout)
        }
        cpal::SampleFormat::U8 => build::<u8>(&device, &stream_config, producer, &shared, timeout),
        other => return Err(fail(format!("sample format {other} is not supported"))),
    }
    .map_err(|e| fail(e.to_string()))?;
    // Returns once the first audio is on its way (PulseAudio's null sinks, idle, take
    // up to 2 s to get there).
    stream.play().map_err(|e| fail(e.to_string()))?;
    let default_name = config
        .device
        .is_none()
        .then(|| default_name(host, config.kind))
        .flatten();
    Ok(Open {
        _stream: stream,
        ring,
        shared,
        resampler,
        device: name,
        default_name,
        rate,
        channels,
        last_data: Instant::now(),
    })
}

fn build<T>(
    device: &cpal::Device,
    config: &cpal::StreamConfig,
    mut producer: rtrb::Producer<f32>,
    shared: &Arc<Shared>,
    timeout: Option<Duration>,
) -> Result<cpal::Stream, cpal::Error>
where
    T: SizedSample + Send + 'static,
    f32: FromSample<T>,
{
    let channels = usize::from(config.channels.max(1));
    let data_shared = shared.clone();
    let error_shared = shared.clone();
    device.build_input_stream::<T, _, _>(
        *config,
        // The realtime callback: copy what fits, count what does not. Nothing else.
        move |data: &[T], _| {
            let fits = producer.slots().min(data.len()) / channels * channels;
            if let Ok(chunk) = producer.write_chunk_uninit(fits) {
                chunk.fill_from_iter(data[..fits].iter().map(|s| f32::from_sample_(*s)));
            }
            let dropped = (data.len() - fits) / channels;
            if dropped > 0 {
                data_shared
                    .overrun_frames
                    .fetch_add(dropped as u64, Ordering::Relaxed);
            }
        },
        move |_error| error_shared.failed.store(true, Ordering::Relaxed),
        timeout,
    )
}
