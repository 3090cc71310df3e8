//! Recordings as a crash, a repair or another tool leave them, and files that are not
//! recordings at all.

use std::fs::OpenOptions;
use std::io::{Seek, SeekFrom, Write};
use std::path::Path;

use onno_playback::Track;

use crate::support::{XorShift, get, record, samples_in, saturated_mix, serve, wav_file};

fn noise(n: usize, seed: u64) -> Vec<i16> {
    let mut rng = XorShift(seed);
    (0..n).map(|_| rng.sample().max(-i16::MAX)).collect()
}

/// Writes `data_len` into the header's two length fields, as a crash leaves them.
fn state_in_header(path: &Path, data_len: u32) {
    let mut file = OpenOptions::new().write(true).open(path).unwrap();
    file.seek(SeekFrom::Start(4)).unwrap();
    file.write_all(&(36 + data_len).to_le_bytes()).unwrap();
    file.seek(SeekFrom::Start(40)).unwrap();
    file.write_all(&data_len.to_le_bytes()).unwrap();
}

fn append(path: &Path, bytes: &[u8]) {
    let mut file = OpenOptions::new().append(true).open(path).unwrap();
    file.write_all(bytes).unwrap();
}

#[test]
fn a_header_that_says_empty_is_served_with_its_audio() {
    let dir = tempfile::tempdir().unwrap();
    let (mic, system) = (dir.path().join("mic.wav"), dir.path().join("system.wav"));
    let me = noise(16_000, 1);
    let them = noise(12_000, 2);
    record(&mic, &me);
    record(&system, &them);
    state_in_header(&mic, 0);
    append(&mic, &[0x7f]); // half a sample that never completed
    let server = serve(
        [
            ((1, Track::Me), Ok(vec![mic.clone()])),
            ((1, Track::Mix), Ok(vec![mic, system])),
        ]
        .into(),
    );
    assert_eq!(get(&server.url(1, Track::Me), None).body, wav_file(&me));
    let mix = get(&server.url(1, Track::Mix), None).body;
    assert_eq!(mix, wav_file(&saturated_mix(&me, &them)));
}

#[test]
fn a_header_that_lags_or_overstates_gives_way_to_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let (lags, overstates) = (dir.path().join("lags.wav"), dir.path().join("over.wav"));
    let samples = noise(8_000, 3);
    // Flushed up to 4000 samples; the rest reached the disk after the last flush.
    record(&lags, &samples[..4_000]);
    let rest: Vec<u8> = samples[4_000..]
        .iter()
        .flat_map(|s| s.to_le_bytes())
        .collect();
    append(&lags, &rest);
    // A copy cut short: the header states more than the file holds.
    record(&overstates, &samples);
    let file = OpenOptions::new().write(true).open(&overstates).unwrap();
    file.set_len(44 + 2 * 5_000 + 1).unwrap();
    let server = serve(
        [
            ((1, Track::Me), Ok(vec![lags])),
            ((2, Track::Me), Ok(vec![overstates])),
        ]
        .into(),
    );
    assert_eq!(
        get(&server.url(1, Track::Me), None).body,
        wav_file(&samples)
    );
    let cut = get(&server.url(2, Track::Me), None).body;
    assert_eq!(cut, wav_file(&samples[..5_000]));
}

#[test]
fn chunks_another_tool_appended_are_not_played() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tagged.wav");
    let samples = noise(1_000, 4);
    record(&path, &samples);
    append(&path, b"LIST\x0b\0\0\0INFOISFT\0\0\0\0");
    assert_eq!(samples_in(&path).len(), 1_000 + 10);
    let server = serve([((1, Track::Me), Ok(vec![path]))].into());
    assert_eq!(
        get(&server.url(1, Track::Me), None).body,
        wav_file(&samples)
    );
}

#[test]
fn other_formats_are_served_as_stored() {
    let dir = tempfile::tempdir().unwrap();
    let mp3 = dir.path().join("Call.MP3");
    let mut rng = XorShift(5);
    let bytes: Vec<u8> = (0..300_000).map(|_| rng.next() as u8).collect();
    std::fs::write(&mp3, &bytes).unwrap();
    // 44.1 kHz stereo: a WAV, but not a recording; its own header is what it needs.
    let stereo = dir.path().join("import.wav");
    let mut wav = wav_file(&noise(2_000, 6));
    wav[22] = 2;
    wav[24..28].copy_from_slice(&44_100u32.to_le_bytes());
    std::fs::write(&stereo, &wav).unwrap();
    let server = serve(
        [
            ((1, Track::Mix), Ok(vec![mp3])),
            ((2, Track::Mix), Ok(vec![stereo])),
        ]
        .into(),
    );
    let reply = get(&server.url(1, Track::Mix), None);
    assert_eq!(reply.header("Content-Type"), Some("audio/mpeg"));
    assert_eq!(reply.body, bytes);
    let tail = get(&server.url(1, Track::Mix), Some("bytes=-1000"));
    assert_eq!(tail.status, 206);
    assert_eq!(
        tail.header("Content-Range"),
        Some("bytes 299000-299999/300000")
    );
    assert_eq!(tail.body, bytes[299_000..]);
    let reply = get(&server.url(2, Track::Mix), None);
    assert_eq!(reply.header("Content-Type"), Some("audio/wav"));
    assert_eq!(reply.body, wav);
}
