//! Finding capture devices: listing them, picking one by name, and the per-OS rule for
//! where the system's output can be captured from.
//!
//! System audio ("them") is an input stream on an output device. cpal does the work on
//! each OS; only the choice of device differs, and it lives here:
//! - **Linux** (PulseAudio, or PipeWire through pipewire-pulse): the sink's monitor
//!   source, `<sink>.monitor`.
//! - **Windows** (WASAPI): the output device itself; cpal opens it in loopback mode.
//! - **macOS 14.6+** (Core Audio): the output device itself; cpal captures it through a
//!   process tap. A denied permission gives silence, which the capture thread reports.

use cpal::traits::{DeviceTrait, HostTrait};

use super::{CaptureError, SourceKind};

/// A device as `onno devices` and the app's picker show it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DeviceInfo {
    /// The name to pass back to choose the device (stable across runs where the OS
    /// allows: PulseAudio's sink or source name, or the OS's device name).
    pub name: String,
    /// A human description.
    pub description: String,
    pub input: bool,
    pub output: bool,
    /// For an output device: the name to record its output from, when this OS can.
    pub loopback: Option<String>,
    /// Whether it is the system's default input (for inputs) or output (for outputs).
    pub default: bool,
    /// The device's own format, when it says.
    pub sample_rate: Option<u32>,
    pub channels: Option<u16>,
}

/// Every input and output device of the default host.
pub fn list_devices() -> Result<Vec<DeviceInfo>, CaptureError> {
    let host = super::connect(None)?;
    let default_in = host.default_input_device().and_then(|d| device_name(&d));
    let default_out = host.default_output_device().and_then(|d| device_name(&d));
    let devices = host
        .devices()
        .map_err(|e| CaptureError::Host(e.to_string()))?;
    let all: Vec<cpal::Device> = devices.collect();
    let names: Vec<Option<String>> = all.iter().map(device_name).collect();
    let mut out = Vec::new();
    for (device, name) in all.iter().zip(&names) {
        let Some(name) = name.clone() else { continue };
        let input = device.supports_input();
        let output = device.supports_output();
        let config = if input {
            device.default_input_config().ok()
        } else {
            device.default_output_config().ok()
        };
        let loopback = output
            .then(|| loopback_name(&name, names.iter().flatten()))
            .flatten();
        out.push(DeviceInfo {
            default: (input && default_in.as_deref() == Some(name.as_str()))
                || (output && default_out.as_deref() == Some(name.as_str())),
            description: device
                .description()
                .map(|d| d.name().to_owned())
                .unwrap_or_else(|_| name.clone()),
            name,
            input,
            output,
            loopback,
            sample_rate: config.as_ref().map(|c| c.sample_rate()),
            channels: config.as_ref().map(|c| c.channels()),
        });
    }
    Ok(out)
}

/// The device's name: its id within the host (PulseAudio's sink or source name).
pub(crate) fn device_name(device: &cpal::Device) -> Option<String> {
    device.id().ok().map(|id| id.id().to_owned())
}

/// The device to open for `kind`: the one called `name` (matched on the name, then on
/// the description), or the system default when `name` is `None`.
pub(crate) fn find_device(
    host: &cpal::Host,
    kind: SourceKind,
    name: Option<&str>,
) -> Result<cpal::Device, CaptureError> {
    match kind {
        SourceKind::Mic => match name {
            Some(name) => by_name(host, name, true),
            None => host
                .default_input_device()
                .ok_or_else(|| CaptureError::NoDevice("no default microphone".into())),
        },
        SourceKind::System => {
            let output = match name {
                Some(name) => by_name(host, name, false)
                    // A monitor or loopback name is accepted as is.
                    .or_else(|_| by_name(host, name, true))?,
                None => host
                    .default_output_device()
                    .ok_or_else(|| CaptureError::NoDevice("no default output device".into()))?,
            };
            system_source(host, output)
        }
    }
}

fn by_name(host: &cpal::Host, name: &str, input: bool) -> Result<cpal::Device, CaptureError> {
    let devices: Vec<cpal::Device> = host
        .devices()
        .map_err(|e| CaptureError::Host(e.to_string()))?
        .filter(|d| {
            if input {
                d.supports_input()
            } else {
                d.supports_output()
            }
        })
        .collect();
    let described = |d: &cpal::Device| d.description().is_ok_and(|desc| desc.name() == name);
    devices
        .iter()
        .find(|d| device_name(d).as_deref() == Some(name))
        .or_else(|| devices.iter().find(|d| described(d)))
        .cloned()
        .ok_or_else(|| {
            let what = if input { "input" } else { "output" };
            CaptureError::NoDevice(format!(
                "no {what} device named '{name}' (see `onno devices`)"
            ))
        })
}

/// Whether an input device (a source, a monitor) called `name` exists now.
pub(crate) fn input_exists(host: &cpal::Host, name: &str) -> bool {
    host.input_devices()
        .map(|mut all| all.any(|d| device_name(&d).as_deref() == Some(name)))
        // Unknown is not gone: a failed query must not tear down a working stream.
        .unwrap_or(true)
}

/// Where the output of `device` can be recorded from on this OS.
#[cfg(target_os = "linux")]
fn system_source(host: &cpal::Host, device: cpal::Device) -> Result<cpal::Device, CaptureError> {
    if device.supports_input() {
        // Already a monitor (or any source the user chose to treat as "them").
        return Ok(device);
    }
    let Some(name) = device_name(&device) else {
        return Err(CaptureError::NoDevice(
            "the output device has no name".into(),
        ));
    };
    by_name(host, &format!("{name}.monitor"), true).map_err(|_| {
        CaptureError::NoDevice(format!(
            "output '{name}' has no monitor source to record the call from"
        ))
    })
}

#[cfg(not(target_os = "linux"))]
fn system_source(_host: &cpal::Host, device: cpal::Device) -> Result<cpal::Device, CaptureError> {
    // WASAPI loopback and the Core Audio process tap both open an input stream on the
    // output device itself.
    Ok(device)
}

#[cfg(target_os = "linux")]
fn loopback_name<'a>(name: &str, mut all: impl Iterator<Item = &'a String>) -> Option<String> {
    let monitor = format!("{name}.monitor");
    all.any(|n| *n == monitor).then_some(monitor)
}

#[cfg(not(target_os = "linux"))]
fn loopback_name<'a>(name: &str, _all: impl Iterator<Item = &'a String>) -> Option<String> {
    Some(name.to_owned())
}
