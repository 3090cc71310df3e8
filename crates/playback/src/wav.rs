//! The WAV layout Onno's recorder writes (`onno_audio::WavRecorder`), read back without
//! trusting what a crash may have left in the header.
//!
//! A recording is a 44-byte canonical header (RIFF, a 16-byte `fmt ` chunk: PCM, mono,
//! 16 kHz, 16-bit; then `data`) followed by the samples. The header's lengths are
//! rewritten at every flush, so after a crash they may lag the samples on disk by up to
//! one flush, or say 0; `repair_wav` later makes them match (and drops a half sample).
//! [`probe_recording`] decides how many data bytes to serve in each of those states.

use std::io::{self, Read, Seek, SeekFrom};

/// Bytes before the first sample.
pub const HEADER_LEN: u64 = 44;
/// Samples per second of a recording, and of the mix.
pub const SAMPLE_RATE: u32 = 16_000;
/// The most data a WAV header can state (its RIFF length is a `u32` that counts 36 more
/// bytes), rounded down to whole samples. A longer mix (about 37 hours) is cut here.
pub const MAX_DATA_LEN: u64 = (u32::MAX as u64 - 36) & !1;

/// A chunk after the samples must look like one: a printable four-character id and a
/// size that fits. Checking at most this many keeps a hostile file cheap to probe.
const MAX_TRAILING_CHUNKS: usize = 8;

/// The header of a 16 kHz mono 16-bit PCM WAV file whose data is `data_len` bytes
/// (clamped to [`MAX_DATA_LEN`]).
pub fn wav_header(data_len: u64) -> [u8; HEADER_LEN as usize] {
    // The recorder's own header, so a mix and a recording can never disagree.
    onno_audio::recording_header(data_len.min(MAX_DATA_LEN) as u32)
}

/// If `file` is laid out as a recording, the number of its data bytes to play (always
/// whole samples); `None` if it is anything else (another format, rate or channel
/// count, or shorter than a header), which is then served as it is.
///
/// The header's data length is trusted only when it is consistent with the file: it is
/// whole samples, within the file, and the file either ends there or continues with
/// well-formed chunks (metadata another tool appended). Otherwise (a header that lags
/// the samples after a crash, says 0, or says more than a truncated file holds) the
/// length is what the file holds after the header, rounded down to whole samples.
/// Reads the 44-byte header and, only when the header falls short of the file, the
/// 8-byte head of each trailing chunk.
pub fn probe_recording<R: Read + Seek>(file: &mut R) -> io::Result<Option<u64>> {
    let file_len = file.seek(SeekFrom::End(0))?;
    if file_len < HEADER_LEN {
        return Ok(None);
    }
    let mut head = [0u8; HEADER_LEN as usize];
    file.seek(SeekFrom::Start(0))?;
    file.read_exact(&mut head)?;
    if head != wav_header_with_len(&head) {
        return Ok(None);
    }
    let available = (file_len - HEADER_LEN) & !1;
    let stated = u64::from(u32_at(&head, 40));
    let consistent = stated % 2 == 0
        && stated <= available
        && (stated == available || chunks_fill(file, HEADER_LEN + stated, file_len)?);
    Ok(Some(if consistent { stated } else { available }))
}

/// The canonical header with `head`'s own lengths: equal to `head` exactly when every
/// other field is what the recorder writes.
fn wav_header_with_len(head: &[u8; HEADER_LEN as usize]) -> [u8; HEADER_LEN as usize] {
    let mut expected = wav_header(0);
    expected[4..8].copy_from_slice(&head[4..8]);
    expected[40..44].copy_from_slice(&head[40..44]);
    expected
}

/// Whether the bytes from `pos` to `end` are whole RIFF chunks.
fn chunks_fill<R: Read + Seek>(file: &mut R, mut pos: u64, end: u64) -> io::Result<bool> {
    for _ in 0..MAX_TRAILING_CHUNKS {
        if end - pos < 8 {
            return Ok(false);
        }
        let mut chunk = [0u8; 8];
        file.seek(SeekFrom::Start(pos))?;
        file.read_exact(&mut chunk)?;
        let id_ok = chunk[0].is_ascii_alphanumeric()
            && chunk[..4].iter().all(|b| (0x20..=0x7e).contains(b));
        if !id_ok {
            return Ok(false);
        }
        let size = u64::from(u32_at(&chunk, 4));
        let unpadded = pos + 8 + size;
        let padded = unpadded + (size & 1);
        // Some writers leave out the pad byte of an odd-sized last chunk.
        if padded == end || unpadded == end {
            return Ok(true);
        }
        if padded > end {
            return Ok(false);
        }
        pos = padded;
    }
    Ok(false)
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;

    fn file(stated: u32, data: &[u8], tail: &[u8]) -> Cursor<Vec<u8>> {
        let mut bytes = wav_header(u64::from(stated)).to_vec();
        bytes.extend_from_slice(data);
        bytes.extend_from_slice(tail);
        Cursor::new(bytes)
    }

    #[test]
    fn a_consistent_header_is_trusted() {
        assert_eq!(
            probe_recording(&mut file(6, &[1; 6], &[])).unwrap(),
            Some(6)
        );
    }

    #[test]
    fn a_header_left_behind_by_a_crash_gives_way_to_the_file() {
        // Lags the samples, says nothing, says more than the file holds, half a sample.
        assert_eq!(
            probe_recording(&mut file(2, &[1; 6], &[])).unwrap(),
            Some(6)
        );
        assert_eq!(
            probe_recording(&mut file(0, &[1; 7], &[])).unwrap(),
            Some(6)
        );
        assert_eq!(
            probe_recording(&mut file(100, &[1; 6], &[])).unwrap(),
            Some(6)
        );
        assert_eq!(
            probe_recording(&mut file(3, &[1; 6], &[])).unwrap(),
            Some(6)
        );
    }

    #[test]
    fn chunks_after_the_samples_are_not_played() {
        let mut list = b"LIST".to_vec();
        list.extend_from_slice(&5u32.to_le_bytes());
        list.extend_from_slice(b"INFO!\0");
        assert_eq!(
            probe_recording(&mut file(4, &[1; 4], &list)).unwrap(),
            Some(4)
        );
        // Two chunks, the last without its pad byte.
        let mut two = list.clone();
        two.extend_from_slice(&list[..13]);
        assert_eq!(
            probe_recording(&mut file(4, &[1; 4], &two)).unwrap(),
            Some(4)
        );
    }

    #[test]
    fn other_layouts_are_not_recordings() {
        let mut stereo = wav_header(4);
        stereo[22] = 2;
        assert_eq!(
            probe_recording(&mut Cursor::new(stereo.to_vec())).unwrap(),
            None
        );
        assert_eq!(
            probe_recording(&mut Cursor::new(b"ID3".to_vec())).unwrap(),
            None
        );
        let mut mp3 = vec![0xffu8, 0xfb];
        mp3.resize(100, 0);
        assert_eq!(probe_recording(&mut Cursor::new(mp3)).unwrap(), None);
    }

    #[test]
    fn a_header_cannot_state_more_than_4_gib() {
        let h = wav_header(u64::MAX);
        assert_eq!(u64::from(u32_at(&h, 40)), MAX_DATA_LEN);
        assert_eq!(u32_at(&h, 4), MAX_DATA_LEN as u32 + 36);
    }
}
