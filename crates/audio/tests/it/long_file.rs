//! A long file streams in bounded memory.

use std::process::Command;

use onno_audio::{DecodeOptions, Decoder};

use crate::util::{Fmt, WavWriter, sine};

/// 20 minutes of 8 kHz mono (19 MB on disk, 77 MB if it were all held as 16 kHz f32):
/// long enough that holding the whole file would show, short enough for a debug build.
const MINUTES: usize = 20;

/// Set, to the file to decode, only in the copy of this test binary that the test below
/// starts to do the decoding, so that its peak memory is its own.
const CHILD_ENV: &str = "ONNO_AUDIO_LONG_FILE";

/// The test's name, as the copy of the binary is told to run it alone.
const NAME: &str = "long_file::a_long_wav_streams_in_bounded_memory";

/// One test in two processes: an ordinary run writes the file and starts a copy of this
/// binary running this test alone, with [`CHILD_ENV`] naming the file; in that copy the
/// same test decodes the file and reports the peak memory it took.
#[test]
fn a_long_wav_streams_in_bounded_memory() {
    match std::env::var_os(CHILD_ENV) {
        Some(path) => decode_and_measure(path.as_ref()),
        None => write_and_decode_in_a_child(),
    }
}

fn write_and_decode_in_a_child() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.wav");
    let mut w = WavWriter::create(&path, 8_000, 1, Fmt::I16);
    let second = sine(440.0, 8_000, 8_000, 0.3);
    for _ in 0..MINUTES * 60 {
        w.write(&second);
    }
    w.finish();

    let out = Command::new(std::env::current_exe().unwrap())
        .args([NAME, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, &path)
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "child failed:\n{text}");
    // The copy ran the decoding, not nothing: it says how many samples it decoded.
    let decoded = text
        .lines()
        .find_map(|l| l.split_once("decoded samples: ").map(|(_, v)| v))
        .unwrap_or_else(|| panic!("the child did not decode:\n{text}"));
    assert_eq!(decoded.trim(), (MINUTES * 60 * 16_000).to_string());
    if cfg!(target_os = "linux") {
        let grown: u64 = text
            .lines()
            .find_map(|l| l.split_once("peak memory growth KiB: ").map(|(_, v)| v))
            .unwrap_or_else(|| panic!("no measurement in:\n{text}"))
            .trim()
            .parse()
            .unwrap();
        eprintln!("decoding {MINUTES} min grew peak memory by {grown} KiB");
        assert!(grown < 16 * 1024, "peak memory grew by {grown} KiB");
    }
}

/// The child's half: decodes `path` frame by frame and prints what it measured.
fn decode_and_measure(path: &std::path::Path) {
    let before = peak_rss_kib();
    let opts = DecodeOptions {
        frame_samples: 16_000,
        ..DecodeOptions::default()
    };
    let mut stream = Decoder::open_with(path, &opts).unwrap();
    let mut total = 0u64;
    while let Some(frame) = stream.next_frame() {
        let frame = frame.unwrap();
        assert_eq!(frame.start, total);
        assert!(frame.samples.len() <= 16_000);
        total += frame.samples.len() as u64;
    }
    // Held between calls: at most a frame, a packet and a resampler block, never the file.
    let peak = stream.stats().peak_buffered;
    assert!(peak <= 2 * 16_000, "held {peak} samples at once");
    println!("\ndecoded samples: {total}");
    if let (Some(a), Some(b)) = (before, peak_rss_kib()) {
        println!("\npeak memory growth KiB: {}", b.saturating_sub(a));
    }
}

/// Peak resident set (VmHWM) of this process, on Linux.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
