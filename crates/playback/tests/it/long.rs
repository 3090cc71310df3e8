//! Hours of audio: read at the end without reading what comes before.

use std::fs::{File, OpenOptions};
use std::io::{Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use onno_playback::{MixedWav, Track};

use crate::support::{Counting, get, header_stating, saturated_mix, serve};

const TWO_HOURS: u64 = 2 * 3600 * 16_000;
const ONE_HOUR: u64 = 3600 * 16_000;

/// A recording of `samples` samples of silence that ends with `tail`, as a sparse file
/// (no disk used for the silence). `stated` is what its header says.
fn long_recording(path: &Path, samples: u64, tail: &[i16], stated: u32) {
    let mut file = File::create(path).unwrap();
    file.write_all(&header_stating(stated)).unwrap();
    file.set_len(44 + samples * 2).unwrap();
    file.seek(SeekFrom::Start(44 + (samples - tail.len() as u64) * 2))
        .unwrap();
    let bytes: Vec<u8> = tail.iter().flat_map(|s| s.to_le_bytes()).collect();
    file.write_all(&bytes).unwrap();
}

fn tail(n: usize, scale: i16) -> Vec<i16> {
    (0..n).map(|i| (i as i16 % 200 - 100) * scale).collect()
}

#[test]
fn the_end_of_a_two_hour_mix_reads_only_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let (mic, system) = (dir.path().join("mic.wav"), dir.path().join("system.wav"));
    let me_tail = tail(4_000, 300);
    long_recording(&mic, TWO_HOURS, &me_tail, (TWO_HOURS * 2) as u32);
    // The other side stopped after an hour, and a crash left its header saying 0.
    let them_tail = tail(4_000, 200);
    long_recording(&system, ONE_HOUR, &them_tail, 0);

    let bytes_read = Arc::new(AtomicU64::new(0));
    let open = |path: &Path| Counting {
        file: OpenOptions::new().read(true).open(path).unwrap(),
        bytes_read: Arc::clone(&bytes_read),
    };
    let mut mix = MixedWav::new(vec![open(&mic), open(&system)]).unwrap();
    assert_eq!(mix.byte_len(), 44 + TWO_HOURS * 2);
    let opening = bytes_read.swap(0, Ordering::Relaxed);
    // Two headers, and the head of what might have been a chunk after the 0-byte data.
    assert!(opening <= 2 * 44 + 8, "{opening} bytes read to open");

    let len = mix.byte_len();
    let end = mix.read_range(len - 8_000, len).unwrap();
    let expected: Vec<u8> = me_tail.iter().flat_map(|s| s.to_le_bytes()).collect();
    assert_eq!(end, expected);
    // Only the range, from the one side that reaches it.
    assert_eq!(bytes_read.swap(0, Ordering::Relaxed), 8_000);

    // Around the hour where the other side ends, both sides are read, and no more.
    let hour = 44 + ONE_HOUR * 2;
    let around = mix.read_range(hour - 8_000, hour + 8_000).unwrap();
    assert_eq!(bytes_read.load(Ordering::Relaxed), 8_000 + 16_000);
    let them_end: Vec<u8> = them_tail.iter().flat_map(|s| s.to_le_bytes()).collect();
    assert_eq!(&around[..8_000], them_end.as_slice());
    assert!(around[8_000..].iter().all(|&b| b == 0));
}

#[test]
fn a_two_hour_mix_seeks_over_http() {
    let dir = tempfile::tempdir().unwrap();
    let (mic, system) = (dir.path().join("mic.wav"), dir.path().join("system.wav"));
    let (me_tail, them_tail) = (tail(3_000, 150), tail(2_000, 170));
    long_recording(&mic, TWO_HOURS, &me_tail, (TWO_HOURS * 2) as u32);
    long_recording(&system, TWO_HOURS, &them_tail, (TWO_HOURS * 2) as u32);
    let server = serve([((1, Track::Mix), Ok(vec![mic, system]))].into());
    let url = server.url(1, Track::Mix);

    let len = 44 + TWO_HOURS * 2;
    let head = crate::support::Client::connect(&url).send("HEAD", &url, &[]);
    assert_eq!(
        head.header("Content-Length"),
        Some(len.to_string().as_str())
    );
    let reply = get(&url, Some("bytes=-6000"));
    assert_eq!(reply.status, 206);
    assert_eq!(
        reply.header("Content-Range"),
        Some(format!("bytes {}-{}/{len}", len - 6_000, len - 1).as_str())
    );
    let padded_them: Vec<i16> = std::iter::repeat_n(0, 1_000).chain(them_tail).collect();
    let expected: Vec<u8> = saturated_mix(&me_tail, &padded_them)
        .iter()
        .flat_map(|s| s.to_le_bytes())
        .collect();
    assert_eq!(reply.body, expected);
}
