//! Capture from a real PulseAudio server (scripts/with-pulseaudio.sh): its null sink's
//! monitor as "them", its virtual source as "me".

use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use onno_audio::{
    Capture, CaptureConfig, CaptureError, CaptureEvent, GapReason, LossReason, SourceKind,
    capture_devices, list_devices,
};
use onno_test_support::audio::{silence, sine, write_wav};
use onno_test_support::pulse::{self, Module};

/// Everything a capture sent.
#[derive(Default)]
struct Collected {
    audio: Vec<f32>,
    events: Vec<CaptureEvent>,
}

fn collect(rx: &Receiver<CaptureEvent>, within: Duration) -> Collected {
    let mut c = Collected::default();
    collect_more(rx, within, &mut c);
    c
}

/// Adds what the capture sends within `within` to `c`.
fn collect_more(rx: &Receiver<CaptureEvent>, within: Duration, c: &mut Collected) {
    let until = Instant::now() + within;
    while let Some(left) = until.checked_duration_since(Instant::now()) {
        match rx.recv_timeout(left) {
            Ok(CaptureEvent::Audio { frame, .. }) => {
                assert_eq!(
                    frame.start,
                    c.audio.len() as u64,
                    "frames must be contiguous"
                );
                c.audio.extend_from_slice(&frame.samples);
            }
            Ok(other) => c.events.push(other),
            Err(_) => break,
        }
    }
}

/// The frequency and RMS level of the middle half of the tone in `audio` (where it is
/// over -20 dBFS), or `None` when there is no tone.
fn tone(audio: &[f32]) -> Option<(f32, f32)> {
    let first = audio.iter().position(|v| v.abs() > 0.1)?;
    let last = audio.iter().rposition(|v| v.abs() > 0.1)?;
    let quarter = (last - first) / 4;
    let mid = &audio[first + quarter..last - quarter];
    if mid.len() < 1_600 {
        return None;
    }
    let crossings = mid
        .windows(2)
        .filter(|w| (w[0] >= 0.0) != (w[1] >= 0.0))
        .count();
    let hz = crossings as f32 / 2.0 / (mid.len() as f32 / 16_000.0);
    let rms = (mid.iter().map(|v| v * v).sum::<f32>() / mid.len() as f32).sqrt();
    Some((hz, rms))
}

fn tone_file(dir: &std::path::Path, rate: u32) -> std::path::PathBuf {
    let path = dir.join(format!("tone-{rate}.wav"));
    let mut a = sine(440.0, 1.0, 0.5);
    a.extend(silence(0.2));
    // `sine` writes at 16 kHz; paplay and the server convert to the sink's rate.
    write_wav(&path, &a, 16_000).unwrap();
    path
}

#[test]
fn the_virtual_devices_are_listed_with_their_loopback() {
    let _server = pulse::exclusive();
    let devices = list_devices().unwrap();
    let meet = devices.iter().find(|d| d.name == pulse::MEET_SINK).unwrap();
    assert!(meet.output && meet.default, "{meet:?}");
    assert_eq!(meet.loopback.as_deref(), Some(pulse::MEET_MONITOR));
    let mic = devices
        .iter()
        .find(|d| d.name == pulse::MIC_SOURCE)
        .unwrap();
    assert!(
        mic.input && mic.default && mic.loopback.is_none(),
        "{mic:?}"
    );

    // What a meeting's form offers: the source as a microphone, the sink as an output
    // to record, and no monitor among the microphones.
    let offered = capture_devices().unwrap();
    let names = |list: &[onno_audio::DeviceInfo]| -> Vec<String> {
        list.iter().map(|d| d.name.clone()).collect()
    };
    let microphones = names(&offered.microphones);
    assert_eq!(
        microphones.first().map(String::as_str),
        Some(pulse::MIC_SOURCE)
    );
    assert!(
        microphones.iter().all(|n| !n.ends_with(".monitor")),
        "{microphones:?}"
    );
    assert_eq!(
        names(&offered.outputs).first().map(String::as_str),
        Some(pulse::MEET_SINK)
    );
}

#[test]
fn system_audio_is_captured_as_16_khz_mono_with_contiguous_indices() {
    let _server = pulse::exclusive();
    let dir = tempfile::tempdir().unwrap();
    let wav = tone_file(dir.path(), 16_000);
    let (tx, rx) = mpsc::channel();
    let capture = Capture::start(CaptureConfig::new(SourceKind::System), tx).unwrap();
    assert_eq!(capture.device(), pulse::MEET_MONITOR);
    pulse::play_to_end(pulse::MEET_SINK, &wav);
    let got = collect(&rx, Duration::from_millis(600));
    let stats = capture.stop();
    assert!(
        matches!(&got.events[0], CaptureEvent::Opened { device, .. } if device == pulse::MEET_MONITOR),
        "{:?}",
        got.events
    );
    let (hz, rms) = tone(&got.audio).expect("the tone was captured");
    assert!(
        (rms - 0.354).abs() < 0.03,
        "a 0.5 peak sine has rms 0.354, got {rms}"
    );
    assert!(
        (hz - 440.0).abs() < 5.0,
        "a 440 Hz tone came back at {hz} Hz"
    );
    assert_eq!(stats.overrun_frames, 0);
    assert_eq!(stats.gap_samples, 0, "{:?}", got.events);
}

#[test]
fn devices_at_8_khz_or_with_6_channels_are_resampled() {
    let _server = pulse::exclusive();
    let dir = tempfile::tempdir().unwrap();
    let wav = tone_file(dir.path(), 16_000);
    for (sink, args) in [("narrow", "rate=8000"), ("surround", "channels=6")] {
        let _module = Module::null_sink(sink, &[args]);
        let (tx, rx) = mpsc::channel();
        let mut config = CaptureConfig::new(SourceKind::System);
        config.device = Some(sink.to_owned());
        let capture = Capture::start(config, tx).unwrap();
        pulse::play_to_end(sink, &wav);
        let got = collect(&rx, Duration::from_millis(600));
        drop(capture);
        let opened = got.events.iter().find_map(|e| match e {
            CaptureEvent::Opened {
                sample_rate,
                channels,
                ..
            } => Some((*sample_rate, *channels)),
            _ => None,
        });
        let expected = if sink == "narrow" {
            (8_000, 2)
        } else {
            (44_100, 6)
        };
        assert_eq!(opened, Some(expected), "{sink}");
        let (hz, rms) = tone(&got.audio).unwrap_or_else(|| panic!("{sink}: no tone"));
        // Six channels are averaged; the server spreads the mono tone over some of them.
        assert!(rms > 0.2, "{sink}: rms {rms}");
        assert!((hz - 440.0).abs() < 5.0, "{sink}: {hz} Hz");
    }
}

#[test]
fn a_device_name_that_does_not_exist_is_a_clear_error() {
    let _server = pulse::exclusive();
    let mut config = CaptureConfig::new(SourceKind::Mic);
    config.device = Some("no-such-mic".into());
    let (tx, _rx) = mpsc::channel();
    let err = Capture::start(config, tx).err().unwrap();
    assert!(matches!(err, CaptureError::NoDevice(_)), "{err:?}");
    assert!(err.to_string().contains("no-such-mic"), "{err}");
}

#[test]
fn a_vanished_device_is_reported_reopened_and_the_gap_filled() {
    let _server = pulse::exclusive();
    let module = Module::null_sink("usb", &[]);
    let (tx, rx) = mpsc::channel();
    let mut config = CaptureConfig::new(SourceKind::System);
    config.device = Some("usb".into());
    let capture = Capture::start(config, tx).unwrap();
    let mut got = collect(&rx, Duration::from_millis(500));
    module.unload();
    collect_more(&rx, Duration::from_millis(1_500), &mut got);
    assert!(
        got.events
            .iter()
            .any(|e| matches!(e, CaptureEvent::Lost { .. })),
        "{:?}",
        got.events
    );
    let _back = Module::null_sink("usb", &[]);
    collect_more(&rx, Duration::from_millis(3_000), &mut got);
    let stats = capture.stop();
    let gap = got.events.iter().find_map(|e| match e {
        CaptureEvent::Gap {
            samples,
            reason: GapReason::DeviceLost,
            ..
        } => Some(*samples),
        _ => None,
    });
    let gap = gap.unwrap_or_else(|| panic!("no gap reported: {:?}", got.events));
    assert!(
        gap >= 16_000,
        "the device was away over a second, gap {gap}"
    );
    assert!(stats.reopens >= 1);
    // The indices follow the wall clock: about 5 s in all, gaps included.
    let total = got.audio.len();
    assert!(
        (total as f64 / 16_000.0 - 5.0).abs() < 0.6,
        "{total} samples for 5 s"
    );
}

#[test]
fn following_the_default_moves_to_the_new_default_output() {
    let _server = pulse::exclusive();
    let headset = Module::null_sink("headset", &[]);
    let (tx, rx) = mpsc::channel();
    let capture = Capture::start(CaptureConfig::new(SourceKind::System), tx).unwrap();
    let mut got = collect(&rx, Duration::from_millis(300));
    pulse::set_default_sink("headset");
    let switched = Instant::now();
    let mut reopened = None;
    while switched.elapsed() < Duration::from_secs(5) && reopened.is_none() {
        collect_more(&rx, Duration::from_millis(100), &mut got);
        reopened = got.events.iter().find_map(|e| match e {
            CaptureEvent::Opened { device, .. } if device == "headset.monitor" => {
                Some(switched.elapsed())
            }
            _ => None,
        });
    }
    pulse::set_default_sink(pulse::MEET_SINK);
    drop(capture);
    drop(headset);
    let after = reopened.unwrap_or_else(|| panic!("never moved: {:?}", got.events));
    // A second for the check, then up to two for the null sink's first audio.
    assert!(after < Duration::from_secs(4), "moved after {after:?}");
    assert!(
        got.events.iter().any(|e| matches!(
            e,
            CaptureEvent::Lost {
                reason: LossReason::DefaultChanged,
                ..
            }
        )),
        "{:?}",
        got.events
    );
}

#[test]
fn the_device_check_shows_sound_on_the_source_that_plays_and_silence_on_the_other() {
    let _server = pulse::exclusive();
    let dir = tempfile::tempdir().unwrap();
    let tone = tone_file(dir.path(), 48_000);
    let (tx, rx) = mpsc::channel();
    let check = onno_audio::DeviceCheck::start(
        &[
            CaptureConfig::new(SourceKind::Mic),
            CaptureConfig::new(SourceKind::System),
        ],
        move |event| {
            let _ = tx.send(event);
        },
    );
    pulse::play_to_end(pulse::MEET_SINK, &tone);
    std::thread::sleep(Duration::from_millis(300));
    check.stop();
    let events: Vec<onno_audio::CheckEvent> = rx.try_iter().collect();
    let loudest = |source| {
        events
            .iter()
            .filter_map(|e| match e {
                onno_audio::CheckEvent::Level {
                    source: s, level, ..
                } if *s == source => Some(level.peak_db),
                _ => None,
            })
            .fold(f32::NEG_INFINITY, f32::max)
    };
    assert!(loudest(SourceKind::System) > -12.0, "{events:?}");
    assert!(
        loudest(SourceKind::Mic) < -40.0,
        "the microphone heard nothing"
    );
    let opened = events
        .iter()
        .filter(|e| matches!(e, onno_audio::CheckEvent::Opened { .. }))
        .count();
    assert_eq!(opened, 2, "{events:?}");
    // Closed: nothing arrives after stop.
    assert!(rx.recv_timeout(Duration::from_millis(300)).is_err());
}
