//! Test helpers: a WAV writer for any sample format and channel count, signal measures.

use std::f64::consts::TAU;
use std::fs::File;
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use onno_audio::{AudioStream, Decoder, Frame};

/// A WAV sample format.
#[derive(Debug, Clone, Copy)]
pub enum Fmt {
    U8,
    I16,
    I24,
    I32,
    F32,
}

impl Fmt {
    fn bits(self) -> u16 {
        match self {
            Fmt::U8 => 8,
            Fmt::I16 => 16,
            Fmt::I24 => 24,
            Fmt::I32 | Fmt::F32 => 32,
        }
    }
}

/// Writes a WAV file incrementally (so a long one never sits in memory).
pub struct WavWriter {
    out: BufWriter<File>,
    fmt: Fmt,
    header_len: u64,
    data_bytes: u64,
}

impl WavWriter {
    pub fn create(path: &Path, rate: u32, channels: u16, fmt: Fmt) -> Self {
        let mut out = BufWriter::new(File::create(path).unwrap());
        let bits = fmt.bits();
        let block = channels * bits / 8;
        // WAVE_FORMAT_EXTENSIBLE for more than 2 channels or more than 16 bits, as the
        // spec asks; plain PCM / IEEE float otherwise.
        let extensible = channels > 2 || bits > 16;
        let tag: u16 = if matches!(fmt, Fmt::F32) { 3 } else { 1 };
        let fmt_len: u32 = if extensible { 40 } else { 16 };
        let mut h = Vec::new();
        h.extend_from_slice(b"RIFF");
        h.extend_from_slice(&0u32.to_le_bytes());
        h.extend_from_slice(b"WAVEfmt ");
        h.extend_from_slice(&fmt_len.to_le_bytes());
        h.extend_from_slice(&(if extensible { 0xFFFE } else { tag }).to_le_bytes());
        h.extend_from_slice(&channels.to_le_bytes());
        h.extend_from_slice(&rate.to_le_bytes());
        h.extend_from_slice(&(rate * block as u32).to_le_bytes());
        h.extend_from_slice(&block.to_le_bytes());
        h.extend_from_slice(&bits.to_le_bytes());
        if extensible {
            h.extend_from_slice(&22u16.to_le_bytes());
            h.extend_from_slice(&bits.to_le_bytes());
            let mask: u32 = if channels <= 18 {
                (1u32 << channels) - 1
            } else {
                0
            };
            h.extend_from_slice(&mask.to_le_bytes());
            // KSDATAFORMAT_SUBTYPE_PCM / _IEEE_FLOAT
            h.extend_from_slice(&tag.to_le_bytes());
            h.extend_from_slice(&[
                0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71,
            ]);
        }
        h.extend_from_slice(b"data");
        h.extend_from_slice(&0u32.to_le_bytes());
        out.write_all(&h).unwrap();
        Self {
            out,
            fmt,
            header_len: h.len() as u64,
            data_bytes: 0,
        }
    }

    /// Appends interleaved samples in -1..1.
    pub fn write(&mut self, samples: &[f32]) {
        for &s in samples {
            let s = s.clamp(-1.0, 1.0);
            let n = match self.fmt {
                Fmt::U8 => {
                    self.out
                        .write_all(&[((s * 127.0).round() + 128.0) as u8])
                        .unwrap();
                    1
                }
                Fmt::I16 => {
                    self.out
                        .write_all(&((s * 32767.0).round() as i16).to_le_bytes())
                        .unwrap();
                    2
                }
                Fmt::I24 => {
                    let v = (s * 8_388_607.0).round() as i32;
                    self.out.write_all(&v.to_le_bytes()[..3]).unwrap();
                    3
                }
                Fmt::I32 => {
                    let v = (s as f64 * 2_147_483_647.0).round() as i32;
                    self.out.write_all(&v.to_le_bytes()).unwrap();
                    4
                }
                Fmt::F32 => {
                    self.out.write_all(&s.to_le_bytes()).unwrap();
                    4
                }
            };
            self.data_bytes += n;
        }
    }

    pub fn finish(mut self) {
        self.out.flush().unwrap();
        let mut f = self.out.into_inner().unwrap();
        let data = self.data_bytes as u32;
        f.seek(SeekFrom::Start(4)).unwrap();
        f.write_all(&(self.header_len as u32 - 8 + data).to_le_bytes())
            .unwrap();
        f.seek(SeekFrom::Start(self.header_len - 4)).unwrap();
        f.write_all(&data.to_le_bytes()).unwrap();
    }
}

/// Writes a whole WAV file.
pub fn write_wav(path: &Path, samples: &[f32], rate: u32, channels: u16, fmt: Fmt) {
    let mut w = WavWriter::create(path, rate, channels, fmt);
    w.write(samples);
    w.finish();
}

/// `seconds` of a sine at `freq` Hz sampled at `rate`, computed in f64.
pub fn sine(freq: f64, rate: u32, frames: usize, amp: f64) -> Vec<f32> {
    (0..frames)
        .map(|i| (amp * (TAU * freq * i as f64 / rate as f64).sin()) as f32)
        .collect()
}

/// Decodes everything, checking that frames are contiguous.
pub fn decode_all(stream: &mut AudioStream) -> Vec<f32> {
    let mut out = Vec::new();
    let mut next = 0;
    while let Some(frame) = stream.next_frame() {
        let Frame { start, samples } = frame.unwrap();
        assert_eq!(start, next, "frames must be contiguous");
        next += samples.len() as u64;
        out.extend(samples);
    }
    out
}

pub fn decode_file(path: &Path) -> Vec<f32> {
    decode_all(&mut Decoder::open(path).unwrap())
}

/// SNR in dB of `got` against `ideal`, over `range`.
pub fn snr_db(got: &[f32], ideal: &[f32], range: std::ops::Range<usize>) -> f64 {
    let (mut sig, mut err) = (0f64, 0f64);
    for i in range {
        let (g, r) = (got[i] as f64, ideal[i] as f64);
        sig += r * r;
        err += (g - r) * (g - r);
    }
    10.0 * (sig / err.max(1e-30)).log10()
}

/// Magnitude of the `freq` component relative to the signal's RMS (1.0 for a pure tone).
pub fn tone_purity(x: &[f32], freq: f64) -> f64 {
    let (mut c, mut s, mut e) = (0f64, 0f64, 0f64);
    for (i, v) in x.iter().enumerate() {
        let ph = TAU * freq * i as f64 / 16_000.0;
        c += *v as f64 * ph.cos();
        s += *v as f64 * ph.sin();
        e += (*v as f64).powi(2);
    }
    let n = x.len() as f64;
    let amp = 2.0 * (c * c + s * s).sqrt() / n;
    let rms = (e / n).sqrt();
    amp / (rms * std::f64::consts::SQRT_2)
}

pub fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}
