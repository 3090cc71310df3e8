//! Crash-safe recording of a 16 kHz mono source to a WAV file.
//!
//! A WAV file states its length in its header, which is normally written when the
//! file is closed; a recorder killed mid-meeting would leave a header that says "empty".
//! [`WavRecorder`] instead writes the samples and then the header's lengths at every
//! flush (at least every [`WavRecorder::FLUSH_EVERY`]) and asks the OS to put both on
//! disk, so after a crash or a power cut the file is a valid WAV up to the last flush,
//! readable by anything. [`repair_wav`] also takes in whatever reached the disk after
//! that flush.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::SAMPLE_RATE;

const HEADER_LEN: u64 = 44;

/// Appends 16-bit PCM samples to a WAV file, keeping its header true at every flush.
pub struct WavRecorder {
    file: File,
    path: PathBuf,
    pending: Vec<u8>,
    data_bytes: u64,
    last_flush: Instant,
}

impl WavRecorder {
    /// The longest audio may wait in memory before it is flushed to disk.
    pub const FLUSH_EVERY: Duration = Duration::from_millis(500);

    /// Creates (or truncates) the file at `path` with an empty WAV header.
    pub fn create(path: &Path) -> io::Result<Self> {
        let mut file = OpenOptions::new()
            .create(true)
            .truncate(true)
            .read(true)
            .write(true)
            .open(path)?;
        file.write_all(&recording_header(0))?;
        file.sync_all()?;
        Ok(Self {
            file,
            path: path.to_owned(),
            pending: Vec::with_capacity(SAMPLE_RATE as usize * 2),
            data_bytes: 0,
            last_flush: Instant::now(),
        })
    }

    /// Appends samples (clipped to -1..1); flushes when the last flush is
    /// [`Self::FLUSH_EVERY`] old.
    pub fn write(&mut self, samples: &[f32]) -> io::Result<()> {
        for s in samples {
            let v = (s.clamp(-1.0, 1.0) * 32767.0).round() as i16;
            self.pending.extend_from_slice(&v.to_le_bytes());
        }
        if self.last_flush.elapsed() >= Self::FLUSH_EVERY {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes what is pending, then the header's lengths, and syncs both to disk.
    pub fn flush(&mut self) -> io::Result<()> {
        self.last_flush = Instant::now();
        if self.pending.is_empty() {
            return Ok(());
        }
        self.file
            .seek(SeekFrom::Start(HEADER_LEN + self.data_bytes))?;
        self.file.write_all(&self.pending)?;
        self.data_bytes += self.pending.len() as u64;
        self.pending.clear();
        write_lengths(&mut self.file, self.data_bytes)?;
        self.file.sync_data()
    }

    /// Seconds of audio written so far, flushed or not.
    pub fn seconds(&self) -> f64 {
        (self.data_bytes + self.pending.len() as u64) as f64 / 2.0 / f64::from(SAMPLE_RATE)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flushes and closes the file.
    pub fn finish(mut self) -> io::Result<PathBuf> {
        self.flush()?;
        Ok(self.path)
    }
}

/// What [`repair_wav`] found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Repair {
    /// Seconds of audio the header said.
    pub stated_seconds: f64,
    /// Seconds of audio in the file, now stated.
    pub seconds: f64,
}

/// Makes the header of a recorder's WAV file state all the whole samples the file
/// holds (after a crash, the header may lag the data by up to one flush).
pub fn repair_wav(path: &Path) -> io::Result<Repair> {
    let mut file = OpenOptions::new().read(true).write(true).open(path)?;
    let len = file.metadata()?.len();
    let mut head = [0u8; HEADER_LEN as usize];
    file.read_exact(&mut head)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "too short to be a recording"))?;
    if &head[0..4] != b"RIFF" || &head[8..16] != b"WAVEfmt " || &head[36..40] != b"data" {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "not a WAV file written by Onno's recorder",
        ));
    }
    let stated = u32::from_le_bytes([head[40], head[41], head[42], head[43]]);
    let data = (len - HEADER_LEN) / 2 * 2;
    let data = data.min(u64::from(u32::MAX - 36));
    if data != u64::from(stated) {
        write_lengths(&mut file, data)?;
        file.set_len(HEADER_LEN + data)?;
        file.sync_all()?;
    }
    let seconds = |bytes: u64| bytes as f64 / 2.0 / f64::from(SAMPLE_RATE);
    Ok(Repair {
        stated_seconds: seconds(u64::from(stated)),
        seconds: seconds(data),
    })
}

fn write_lengths(file: &mut File, data_bytes: u64) -> io::Result<()> {
    // A WAV file cannot state more than 4 GiB (about 37 hours at 16 kHz); past that the
    // header keeps the maximum and the data is still there for repair tools.
    let data = data_bytes.min(u64::from(u32::MAX - 36)) as u32;
    file.seek(SeekFrom::Start(4))?;
    file.write_all(&(36 + data).to_le_bytes())?;
    file.seek(SeekFrom::Start(40))?;
    file.write_all(&data.to_le_bytes())
}

/// The 44-byte header of a recording (16 kHz mono 16-bit PCM WAV) holding `data_bytes`
/// bytes of samples: what the recorder writes, and what playback puts before a mix.
pub fn recording_header(data_bytes: u32) -> [u8; HEADER_LEN as usize] {
    let mut h = [0u8; HEADER_LEN as usize];
    h[0..4].copy_from_slice(b"RIFF");
    h[4..8].copy_from_slice(&(36 + data_bytes).to_le_bytes());
    h[8..16].copy_from_slice(b"WAVEfmt ");
    h[16..20].copy_from_slice(&16u32.to_le_bytes());
    h[20..22].copy_from_slice(&1u16.to_le_bytes()); // PCM
    h[22..24].copy_from_slice(&1u16.to_le_bytes()); // mono
    h[24..28].copy_from_slice(&SAMPLE_RATE.to_le_bytes());
    h[28..32].copy_from_slice(&(SAMPLE_RATE * 2).to_le_bytes());
    h[32..34].copy_from_slice(&2u16.to_le_bytes());
    h[34..36].copy_from_slice(&16u16.to_le_bytes());
    h[36..40].copy_from_slice(b"data");
    h[40..44].copy_from_slice(&data_bytes.to_le_bytes());
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finished_recording_decodes_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mic.wav");
        let mut rec = WavRecorder::create(&path).unwrap();
        let tone: Vec<f32> = (0..24_000).map(|i| (i as f32 * 0.05).sin() * 0.5).collect();
        rec.write(&tone).unwrap();
        rec.finish().unwrap();
        let mut stream = crate::Decoder::open(&path).unwrap();
        let mut n = 0;
        while let Some(frame) = stream.next_frame() {
            n += frame.unwrap().samples.len();
        }
        assert_eq!(n, 24_000);
    }

    #[test]
    fn a_header_left_behind_by_a_crash_is_repaired() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("system.wav");
        let mut rec = WavRecorder::create(&path).unwrap();
        rec.write(&vec![0.25; 16_000]).unwrap();
        rec.flush().unwrap();
        // Data that reached the disk after the last flush, plus half a sample.
        drop(rec);
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(&[1u8; 8_001]).unwrap();
        drop(f);
        let repair = repair_wav(&path).unwrap();
        assert_eq!(repair.stated_seconds, 1.0);
        assert_eq!(repair.seconds, 1.25);
        assert_eq!(std::fs::metadata(&path).unwrap().len(), 44 + 40_000);
        assert_eq!(repair_wav(&path).unwrap().stated_seconds, 1.25);
    }

    #[test]
    fn a_file_that_is_not_a_recording_is_refused_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.wav");
        std::fs::write(
            &path,
            b"hello, this is not audio at all, but long enough to read",
        )
        .unwrap();
        let before = std::fs::read(&path).unwrap();
        assert!(repair_wav(&path).is_err());
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }
}
