//! The device check of the app's setup: both sources opened as a meeting would open
//! them, a level reading per source a few times a second, and a word when a source has
//! stayed silent long enough that something is probably wrong (a microphone without
//! permission, no monitor of the output, nothing playing).

use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use serde::Serialize;

use crate::capture::{Capture, CaptureConfig, CaptureError, CaptureEvent, LossReason, SourceKind};
use crate::level::{Level, LevelMeter};

/// Why a source could not be opened, as the window words it (the details go to the log).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum OpenFailure {
    /// The audio system (PulseAudio, WASAPI, Core Audio) cannot be reached.
    AudioSystem,
    /// No such device, or no default one.
    NoDevice,
    /// The device exists but would not open (busy, or recording not permitted).
    CannotOpen { device: String },
}

impl From<&CaptureError> for OpenFailure {
    fn from(error: &CaptureError) -> Self {
        match error {
            CaptureError::Host(_) => OpenFailure::AudioSystem,
            CaptureError::NoDevice(_) => OpenFailure::NoDevice,
            CaptureError::Open { device, .. } => OpenFailure::CannotOpen {
                device: device.clone(),
            },
        }
    }
}

/// What the check reports, as it happens.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CheckEvent {
    /// The source's device is open.
    Opened { source: SourceKind, device: String },
    /// The source could not be opened; the check goes on with the other.
    Failed {
        source: SourceKind,
        reason: OpenFailure,
    },
    /// The source's device went away; capture keeps trying to reopen it.
    Lost {
        source: SourceKind,
        device: String,
        reason: LossReason,
    },
    /// The newest reading of a source. `silent` is true once nothing louder than
    /// [`DeviceCheck::SILENCE_DB`] came for [`DeviceCheck::SILENT_AFTER`].
    Level {
        source: SourceKind,
        level: Level,
        silent: bool,
    },
}

/// A running device check; stops when dropped or [`DeviceCheck::stop`]ped.
pub struct DeviceCheck {
    captures: Vec<Capture>,
    forwarder: Option<JoinHandle<()>>,
}

impl DeviceCheck {
    /// Readings per second of each source.
    pub const INTERVAL_MS: u32 = 100;
    /// A peak below this counts as silence (a quiet room through a real microphone is
    /// louder).
    pub const SILENCE_DB: f32 = -60.0;
    /// How long a source must stay silent before it is called silent.
    pub const SILENT_AFTER: Duration = Duration::from_secs(3);

    /// [`DeviceCheck::start`] on a call's two sources: the microphone `mic` and the
    /// system audio `system`, each the device's name or `None` for the default.
    pub fn start_call(
        mic: Option<String>,
        system: Option<String>,
        on_event: impl FnMut(CheckEvent) + Send + 'static,
    ) -> DeviceCheck {
        let sources = [
            CaptureConfig {
                device: mic,
                ..CaptureConfig::new(SourceKind::Mic)
            },
            CaptureConfig {
                device: system,
                ..CaptureConfig::new(SourceKind::System)
            },
        ];
        DeviceCheck::start(&sources, on_event)
    }

    /// Opens each source given and sends every [`CheckEvent`] to `on_event` (on a
    /// thread of the check's own) until stopped.
    pub fn start(
        sources: &[CaptureConfig],
        mut on_event: impl FnMut(CheckEvent) + Send + 'static,
    ) -> DeviceCheck {
        let (tx, rx) = mpsc::channel();
        let mut captures = Vec::new();
        for config in sources {
            match Capture::start(config.clone(), tx.clone()) {
                Ok(capture) => captures.push(capture),
                Err(e) => {
                    tracing::warn!(source = ?config.kind, "device check: {e}");
                    on_event(CheckEvent::Failed {
                        source: config.kind,
                        reason: OpenFailure::from(&e),
                    })
                }
            }
        }
        drop(tx);
        let forwarder = std::thread::Builder::new()
            .name("device-check".into())
            .spawn(move || {
                let mut meters = Meters::default();
                // Ends when every capture has stopped and dropped its sender.
                for event in rx {
                    if let Some(event) = meters.take(event) {
                        on_event(event);
                    }
                }
            })
            .ok();
        DeviceCheck {
            captures,
            forwarder,
        }
    }

    /// Closes the devices and waits for the last reading to be sent.
    pub fn stop(mut self) {
        self.finish();
    }

    fn finish(&mut self) {
        for capture in self.captures.drain(..) {
            capture.stop();
        }
        if let Some(forwarder) = self.forwarder.take() {
            let _ = forwarder.join();
        }
    }
}

impl Drop for DeviceCheck {
    fn drop(&mut self) {
        self.finish();
    }
}

/// A meter per source and how long each has been silent, in samples.
#[derive(Default)]
struct Meters {
    mic: Option<(LevelMeter, u64)>,
    system: Option<(LevelMeter, u64)>,
}

impl Meters {
    fn take(&mut self, event: CaptureEvent) -> Option<CheckEvent> {
        match event {
            CaptureEvent::Opened { kind, device, .. } => Some(CheckEvent::Opened {
                source: kind,
                device,
            }),
            CaptureEvent::Lost {
                kind,
                device,
                reason,
            } => Some(CheckEvent::Lost {
                source: kind,
                device,
                reason,
            }),
            CaptureEvent::Audio { kind, frame } => {
                let slot = match kind {
                    SourceKind::Mic => &mut self.mic,
                    SourceKind::System => &mut self.system,
                };
                let (meter, quiet) =
                    slot.get_or_insert_with(|| (LevelMeter::new(DeviceCheck::INTERVAL_MS), 0));
                let level = meter.push(&frame.samples)?;
                let interval = u64::from(DeviceCheck::INTERVAL_MS) * 16;
                *quiet = if level.peak_db < DeviceCheck::SILENCE_DB {
                    *quiet + interval
                } else {
                    0
                };
                let silent_after = DeviceCheck::SILENT_AFTER.as_millis() as u64 * 16;
                Some(CheckEvent::Level {
                    source: kind,
                    level,
                    silent: *quiet >= silent_after,
                })
            }
            CaptureEvent::Gap { .. } | CaptureEvent::AllZeros { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Frame;

    fn audio(kind: SourceKind, value: f32, ms: usize) -> CaptureEvent {
        CaptureEvent::Audio {
            kind,
            frame: Frame {
                start: 0,
                samples: vec![value; ms * 16],
            },
        }
    }

    #[test]
    fn a_source_is_called_silent_only_after_three_quiet_seconds() {
        let mut meters = Meters::default();
        let mut last = None;
        for _ in 0..29 {
            last = meters.take(audio(SourceKind::Mic, 0.0, 100));
        }
        assert!(matches!(
            last,
            Some(CheckEvent::Level { silent: false, .. })
        ));
        let next = meters.take(audio(SourceKind::Mic, 0.0, 100));
        assert!(matches!(next, Some(CheckEvent::Level { silent: true, .. })));
        // The other source has its own meter.
        let other = meters.take(audio(SourceKind::System, 0.3, 100));
        match other {
            Some(CheckEvent::Level {
                source: SourceKind::System,
                level,
                silent: false,
            }) => assert!(level.peak_db > -11.0, "{level:?}"),
            other => panic!("{other:?}"),
        }
        // Sound ends the silence at once.
        let loud = meters.take(audio(SourceKind::Mic, 0.1, 100));
        assert!(matches!(
            loud,
            Some(CheckEvent::Level { silent: false, .. })
        ));
    }
}
