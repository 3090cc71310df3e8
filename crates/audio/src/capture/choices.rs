//! The devices worth offering for a meeting: microphones ("me") and outputs whose sound
//! can be recorded ("them"), with the names people know them by.
//!
//! Through an audio server (PulseAudio, or PipeWire through pipewire-pulse) the host
//! lists the server's sinks and sources, which is what people mean by a device; the
//! monitors among the sources are the outputs' sound, not microphones. Without a server
//! cpal falls back to raw ALSA, which lists every PCM plugin of every card (`front:`,
//! `surround51:`, `dmix:`, `hw:`, ...): only the default and one entry per card
//! (`sysdefault:CARD=…`) are real choices there.

use super::CaptureError;
use super::devices::{DeviceInfo, list_devices};

/// What a meeting can record from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CaptureDevices {
    /// Inputs that hear the room: no monitors of outputs, no ALSA plugins.
    pub microphones: Vec<DeviceInfo>,
    /// Outputs whose sound this OS can record (each has a `loopback`).
    pub outputs: Vec<DeviceInfo>,
}

/// The devices of the audio system, as a meeting's form offers them.
pub fn capture_devices() -> Result<CaptureDevices, CaptureError> {
    Ok(choose(list_devices()?))
}

/// Sorts `devices` into what can be offered, defaults first, each name once.
pub(crate) fn choose(devices: Vec<DeviceInfo>) -> CaptureDevices {
    let loopbacks: Vec<String> = devices.iter().filter_map(|d| d.loopback.clone()).collect();
    let offered = |d: &&DeviceInfo| !is_alsa_plugin(&d.name);
    let mut microphones: Vec<DeviceInfo> = devices
        .iter()
        .filter(offered)
        .filter(|d| d.input && !loopbacks.contains(&d.name) && !d.name.ends_with(".monitor"))
        .cloned()
        .collect();
    let mut outputs: Vec<DeviceInfo> = devices
        .iter()
        .filter(offered)
        .filter(|d| d.output && d.loopback.is_some())
        .cloned()
        .collect();
    for list in [&mut microphones, &mut outputs] {
        let mut seen = Vec::new();
        list.retain(|d| {
            let fresh = !seen.contains(&d.name);
            seen.push(d.name.clone());
            fresh
        });
        list.sort_by_key(|d| !d.default);
        for d in list.iter_mut() {
            d.description = describe(d);
        }
    }
    CaptureDevices {
        microphones,
        outputs,
    }
}

/// ALSA's plugin and hardware entries: the same card many times over under names no one
/// chooses by. `default` and `sysdefault:CARD=…` stay; servers' own names stay too.
fn is_alsa_plugin(name: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "front:",
        "rear:",
        "center_lfe:",
        "side:",
        "surround",
        "iec958:",
        "hdmi:",
        "dmix",
        "dsnoop",
        "hw:",
        "plughw:",
        "usbstream:",
        "lavrate",
        "samplerate",
        "speexrate",
        "upmix",
    ];
    const NAMES: &[&str] = &["null", "vdownmix", "jack", "oss", "a52"];
    let lower = name.to_ascii_lowercase();
    PREFIXES.iter().any(|p| lower.starts_with(p)) || NAMES.contains(&lower.as_str())
}

/// The words to show: the device's own description, or for an ALSA card entry
/// (`sysdefault:CARD=PCH`) the card's name.
fn describe(d: &DeviceInfo) -> String {
    let description = d.description.trim();
    if !description.is_empty() && description != d.name {
        return description.to_owned();
    }
    match d.name.split_once("CARD=") {
        Some((_, card)) => card.split(',').next().unwrap_or(card).to_owned(),
        None => d.name.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn device(name: &str, description: &str, input: bool, output: bool) -> DeviceInfo {
        DeviceInfo {
            name: name.into(),
            description: description.into(),
            input,
            output,
            loopback: None,
            default: false,
            sample_rate: Some(48_000),
            channels: Some(2),
        }
    }

    fn names(list: &[DeviceInfo]) -> Vec<&str> {
        list.iter().map(|d| d.name.as_str()).collect()
    }

    #[test]
    fn an_audio_servers_sources_are_microphones_and_its_sinks_are_outputs() {
        let mut sink = device(
            "alsa_output.pci.analog-stereo",
            "Built-in Audio",
            false,
            true,
        );
        sink.loopback = Some("alsa_output.pci.analog-stereo.monitor".into());
        let monitor = device(
            "alsa_output.pci.analog-stereo.monitor",
            "Monitor of Built-in Audio",
            true,
            false,
        );
        let mut headset = device("bluez_input.headset", "WH-1000XM4", true, false);
        headset.default = true;
        let mic = device(
            "alsa_input.pci.analog-stereo",
            "Built-in Microphone",
            true,
            false,
        );
        let chosen = choose(vec![sink, monitor, mic, headset]);
        assert_eq!(
            names(&chosen.microphones),
            ["bluez_input.headset", "alsa_input.pci.analog-stereo"],
            "the default first, no monitor"
        );
        assert_eq!(names(&chosen.outputs), ["alsa_output.pci.analog-stereo"]);
        assert_eq!(chosen.outputs[0].description, "Built-in Audio");
    }

    #[test]
    fn raw_alsa_offers_the_default_and_one_entry_per_card() {
        let all = [
            "default",
            "sysdefault:CARD=PCH",
            "front:CARD=PCH,DEV=0",
            "surround51:CARD=PCH,DEV=0",
            "dmix:CARD=PCH,DEV=0",
            "dsnoop:CARD=PCH,DEV=0",
            "hw:CARD=PCH,DEV=0",
            "plughw:CARD=PCH,DEV=0",
            "iec958:CARD=PCH,DEV=0",
            "hdmi:CARD=HDMI,DEV=0",
            "null",
            "samplerate",
        ];
        let devices = all
            .iter()
            .map(|n| device(n, n, true, false))
            .collect::<Vec<_>>();
        let chosen = choose(devices);
        assert_eq!(
            names(&chosen.microphones),
            ["default", "sysdefault:CARD=PCH"]
        );
        assert_eq!(chosen.microphones[1].description, "PCH");
        assert!(chosen.outputs.is_empty(), "ALSA outputs cannot be recorded");
    }
}
