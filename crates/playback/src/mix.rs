//! [`MixedWav`]: one virtual WAV file over a meeting's recordings, computed per byte range.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

use crate::wav::{HEADER_LEN, MAX_DATA_LEN, probe_recording, wav_header};

/// Why recordings could not be opened for playback.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("no recording to play")]
    NoFiles,
    /// A file is not where the meeting says (deleted by retention, or by hand).
    #[error("a recording is missing")]
    Missing,
    /// Input `index` is not laid out as a recording, so it cannot be mixed.
    #[error("recording {index} is not a 16 kHz mono 16-bit WAV file")]
    NotARecording { index: usize },
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// A 16 kHz mono 16-bit WAV file that does not exist on disk: a fresh header, then per
/// sample the sum of the inputs' samples, saturated to `i16`. Inputs start together
/// (one sample clock) and may differ in length; the mix is as long as the longest, and a
/// shorter input is silent past its end. With one input this is that recording with a
/// header rebuilt from what the file holds, so a header damaged by a crash never reaches
/// a player.
///
/// [`MixedWav::read_range`] computes any byte range on demand, reading only that stretch
/// of each input; nothing else is held, whatever the recordings' length.
pub struct MixedWav<R = File> {
    header: [u8; HEADER_LEN as usize],
    inputs: Vec<Input<R>>,
    data_len: u64,
}

struct Input<R> {
    reader: R,
    samples: u64,
}

impl MixedWav<File> {
    /// Opens the recordings at `paths` (one per side of the call).
    pub fn open<P: AsRef<Path>>(paths: &[P]) -> Result<Self, OpenError> {
        let files = paths
            .iter()
            .map(|p| File::open(p).map_err(open_error))
            .collect::<Result<Vec<_>, _>>()?;
        Self::new(files)
    }
}

/// A file that is not there is [`OpenError::Missing`]; any other failure stays an I/O
/// error.
pub(crate) fn open_error(e: io::Error) -> OpenError {
    if e.kind() == io::ErrorKind::NotFound {
        OpenError::Missing
    } else {
        OpenError::Io(e)
    }
}

impl<R: Read + Seek> MixedWav<R> {
    /// Mixes `readers`, each a recording (see [`crate::probe_recording`] for how
    /// its length is read).
    pub fn new(readers: Vec<R>) -> Result<Self, OpenError> {
        let mut probed = Vec::with_capacity(readers.len());
        for (index, mut reader) in readers.into_iter().enumerate() {
            match probe_recording(&mut reader)? {
                Some(data_len) => probed.push((reader, data_len)),
                None => return Err(OpenError::NotARecording { index }),
            }
        }
        Self::from_probed(probed)
    }

    /// Mixes readers whose data lengths are already known.
    pub(crate) fn from_probed(probed: Vec<(R, u64)>) -> Result<Self, OpenError> {
        if probed.is_empty() {
            return Err(OpenError::NoFiles);
        }
        let data_len = probed
            .iter()
            .map(|(_, len)| *len)
            .max()
            .unwrap_or(0)
            .min(MAX_DATA_LEN);
        let inputs = probed
            .into_iter()
            .map(|(reader, len)| Input {
                reader,
                samples: len / 2,
            })
            .collect();
        Ok(Self {
            header: wav_header(data_len),
            inputs,
            data_len,
        })
    }

    /// The virtual file's length in bytes, header included.
    pub fn byte_len(&self) -> u64 {
        HEADER_LEN + self.data_len
    }

    /// Bytes `start..end` of the virtual file (`end` exclusive, clamped to
    /// [`Self::byte_len`]; empty when `start >= end`). Memory is the size of the range
    /// asked for, so callers read long stretches in pieces.
    ///
    /// An input that turns out shorter than it was when opened (cut while playing) reads
    /// as silence there, so a range is always as long as promised.
    pub fn read_range(&mut self, start: u64, end: u64) -> io::Result<Vec<u8>> {
        let end = end.min(self.byte_len());
        if start >= end {
            return Ok(Vec::new());
        }
        let mut out = Vec::with_capacity(usize_of(end - start)?);
        if start < HEADER_LEN {
            out.extend_from_slice(&self.header[start as usize..end.min(HEADER_LEN) as usize]);
        }
        if end > HEADER_LEN {
            let data_start = start.max(HEADER_LEN) - HEADER_LEN;
            let data_end = end - HEADER_LEN;
            // Whole samples that cover the range; an odd start or end takes half of one.
            let first = data_start / 2;
            let last = data_end.div_ceil(2);
            let mixed = self.mix_samples(first, last)?;
            let skip = usize_of(data_start - first * 2)?;
            out.extend_from_slice(&mixed[skip..skip + usize_of(data_end - data_start)?]);
        }
        Ok(out)
    }

    /// Samples `first..last` of the mix, as little-endian bytes.
    fn mix_samples(&mut self, first: u64, last: u64) -> io::Result<Vec<u8>> {
        let mut sums = vec![0i32; usize_of(last - first)?];
        let mut bytes = Vec::new();
        for input in &mut self.inputs {
            let upto = last.min(input.samples);
            if first >= upto {
                continue;
            }
            bytes.resize(usize_of(upto - first)? * 2, 0);
            input.reader.seek(SeekFrom::Start(HEADER_LEN + first * 2))?;
            read_or_silence(&mut input.reader, &mut bytes)?;
            for (sum, sample) in sums.iter_mut().zip(bytes.chunks_exact(2)) {
                *sum += i32::from(i16::from_le_bytes([sample[0], sample[1]]));
            }
        }
        let mut out = Vec::with_capacity(sums.len() * 2);
        for sum in sums {
            let clipped = sum.clamp(i32::from(i16::MIN), i32::from(i16::MAX)) as i16;
            out.extend_from_slice(&clipped.to_le_bytes());
        }
        Ok(out)
    }
}

/// Fills `buf` from `reader`; what the reader no longer has is zeros.
pub(crate) fn read_or_silence<R: Read>(reader: &mut R, buf: &mut [u8]) -> io::Result<()> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    buf[filled..].fill(0);
    Ok(())
}

/// A range length as a buffer size; only a 32-bit target asked for over 4 GiB fails.
pub(crate) fn usize_of(n: u64) -> io::Result<usize> {
    usize::try_from(n).map_err(|_| io::Error::other("range too large for memory"))
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;

    fn recording(samples: &[i16]) -> Cursor<Vec<u8>> {
        let mut bytes = wav_header(samples.len() as u64 * 2).to_vec();
        for s in samples {
            bytes.extend_from_slice(&s.to_le_bytes());
        }
        Cursor::new(bytes)
    }

    #[test]
    fn sums_saturate_and_the_shorter_side_is_silent_past_its_end() {
        let me = recording(&[i16::MAX, i16::MIN, 1000, 7]);
        let them = recording(&[1, -1, -3000]);
        let mut mix = MixedWav::new(vec![me, them]).unwrap();
        assert_eq!(mix.byte_len(), 44 + 8);
        let data = mix.read_range(44, 52).unwrap();
        let samples: Vec<i16> = data
            .chunks_exact(2)
            .map(|b| i16::from_le_bytes([b[0], b[1]]))
            .collect();
        assert_eq!(samples, [i16::MAX, i16::MIN, -2000, 7]);
    }

    #[test]
    fn odd_ranges_cut_samples_in_half() {
        let mut mix = MixedWav::new(vec![recording(&[0x0102, 0x0304])]).unwrap();
        let whole = mix.read_range(0, 100).unwrap();
        assert_eq!(whole.len(), 48);
        assert_eq!(&whole[44..], &[0x02, 0x01, 0x04, 0x03]);
        assert_eq!(mix.read_range(45, 47).unwrap(), [0x01, 0x04]);
        assert_eq!(mix.read_range(40, 45).unwrap(), whole[40..45]);
        assert!(mix.read_range(48, 60).unwrap().is_empty());
        assert!(mix.read_range(10, 10).unwrap().is_empty());
    }

    #[test]
    fn nothing_to_mix_is_an_error() {
        let none: Vec<Cursor<Vec<u8>>> = Vec::new();
        assert!(matches!(MixedWav::new(none), Err(OpenError::NoFiles)));
        let mp3 = Cursor::new(vec![0xffu8; 100]);
        assert!(matches!(
            MixedWav::new(vec![recording(&[1]), mp3]),
            Err(OpenError::NotARecording { index: 1 })
        ));
    }
}
