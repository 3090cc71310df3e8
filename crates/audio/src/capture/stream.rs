//! The device side: connecting to the audio system, opening a device's input stream,
//! and the realtime callback that only copies into the ring.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};
use cpal::{FromSample, SizedSample};

use super::{CaptureConfig, CaptureError, SourceKind, devices};
use crate::Resampler16k;

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

/// What the callback shares with the capture thread: counters only.
#[derive(Default)]
pub(super) struct Shared {
    pub overrun_frames: AtomicU64,
    pub failed: AtomicBool,
}

/// An open device stream and what drains it.
pub(super) struct Open {
    _stream: cpal::Stream,
    pub ring: rtrb::Consumer<f32>,
    pub shared: Arc<Shared>,
    pub resampler: Resampler16k,
    pub device: String,
    /// The default device's name when this one was opened by following it.
    pub default_name: Option<String>,
    pub rate: u32,
    pub channels: u16,
    pub last_data: Instant,
}

impl Open {
    pub fn overrun_frames_take(&self) -> u64 {
        self.shared.overrun_frames.swap(0, Ordering::Relaxed)
    }
}

pub(super) fn default_name(host: &cpal::Host, kind: SourceKind) -> Option<String> {
    let device = match kind {
        SourceKind::Mic => host.default_input_device(),
        SourceKind::System => host.default_output_device(),
    }?;
    devices::device_name(&device)
}

pub(super) fn open_device(config: &CaptureConfig, host: &cpal::Host) -> Result<Open, CaptureError> {
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
