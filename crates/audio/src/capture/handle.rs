//! The handle of a running capture: its thread, started and stopped.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Sender};
use std::thread::JoinHandle;
use std::time::Instant;

use super::run::Run;
use super::{CaptureConfig, CaptureError, CaptureEvent, CaptureStats};

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
