//! The capture thread's state machine: drains the ring, resamples, keeps the sample
//! index on the wall clock (silence for what never came), notices a lost device and
//! reopens it.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::time::{Duration, Instant};

use super::stream::{Open, connect, default_name, open_device};
use super::{
    CaptureConfig, CaptureError, CaptureEvent, CaptureStats, GapReason, LossReason, devices,
};
use crate::{Frame, SAMPLE_RATE};

/// Why an open device was given up.
struct Lost {
    device: String,
    reason: LossReason,
    /// The audio server itself may be gone: reconnect, not just reopen.
    server_suspect: bool,
}

pub(super) struct Run {
    config: CaptureConfig,
    events: Sender<CaptureEvent>,
    /// The connection to the audio system, kept while it works.
    host: Option<cpal::Host>,
    host_id: cpal::HostId,
    open: Option<Open>,
    pub started: Instant,
    pub stats: CaptureStats,
    /// Exact zeros since the device opened, while it has given nothing else.
    zero_run: u64,
    heard: bool,
    zeros_reported: bool,
    last_device_check: Instant,
    last_retry: Instant,
    scratch: Vec<f32>,
}

impl Run {
    pub fn open(config: CaptureConfig, events: Sender<CaptureEvent>) -> Result<Self, CaptureError> {
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

    pub fn device_name(&self) -> String {
        self.open
            .as_ref()
            .map(|o| o.device.clone())
            .unwrap_or_default()
    }

    pub fn run(&mut self, stop: &AtomicBool) {
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
                        device: lost.device,
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
        let server_suspect = |reason| {
            Some(Lost {
                device: open.device.clone(),
                reason,
                server_suspect: true,
            })
        };
        if open.shared.failed.load(Ordering::Relaxed) {
            return server_suspect(LossReason::StreamError);
        }
        if open.last_data.elapsed() >= ms(self.config.stall_ms) {
            return server_suspect(LossReason::Stalled {
                ms: self.config.stall_ms,
            });
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
            (now_default != *opened_default).then_some(LossReason::DefaultChanged)
        } else {
            (!devices::input_exists(host, &open.device)).then_some(LossReason::Unplugged)
        };
        reason.map(|reason| Lost {
            device: open.device.clone(),
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

fn ms(v: u32) -> Duration {
    Duration::from_millis(u64::from(v))
}
