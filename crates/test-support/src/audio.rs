//! Synthetic 16 kHz mono audio for tests, espeak-ng speech fixtures, and a minimal WAV
//! writer.
//!
//! The "speech" here is a voiced buzz: a harmonic series on a wandering pitch, shaped into
//! syllables and words with pauses between them. It has speech's energy envelope and
//! spectrum, which is what VAD and the model's front end see; it has no words.

use std::f32::consts::TAU;
use std::fs;
use std::io::{self, Write};
use std::path::Path;

/// Sample rate of everything in this module.
pub const SAMPLE_RATE: u32 = 16_000;

/// `seconds` of silence (exact zeros).
pub fn silence(seconds: f32) -> Vec<f32> {
    vec![0.0; samples_for(seconds)]
}

/// A pure tone at `freq` Hz with peak `amplitude`.
pub fn sine(freq: f32, seconds: f32, amplitude: f32) -> Vec<f32> {
    (0..samples_for(seconds))
        .map(|i| amplitude * (TAU * freq * i as f32 / SAMPLE_RATE as f32).sin())
        .collect()
}

/// `seconds` of speech-like sound: words of 2-4 syllables (120-280 ms each) separated by
/// 80-400 ms pauses, peak amplitude about 0.5. Deterministic for a given `seed`.
pub fn speech_like(seconds: f32, seed: u64) -> Vec<f32> {
    let total = samples_for(seconds);
    let mut rng = seed
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407);
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        (rng >> 11) as f32 / (1u64 << 53) as f32
    };
    let mut out = Vec::with_capacity(total);
    let mut phase = 0f32;
    while out.len() < total {
        let syllables = 2 + (next() * 3.0) as usize;
        for _ in 0..syllables {
            let len = samples_for(0.12 + 0.16 * next());
            let f0_start = 100.0 + 120.0 * next();
            let f0_end = f0_start * (0.85 + 0.3 * next());
            let vowel = 300.0 + 500.0 * next(); // a crude first formant
            for i in 0..len {
                let t = i as f32 / len as f32;
                let f0 = f0_start + (f0_end - f0_start) * t;
                phase = (phase + TAU * f0 / SAMPLE_RATE as f32) % (TAU * 64.0);
                let mut v = 0.0;
                for h in 1..=12 {
                    let freq = f0 * h as f32;
                    let formant = (-((freq - vowel) / 400.0).powi(2)).exp() + 0.25 / h as f32;
                    v += formant * (phase * h as f32).sin();
                }
                let envelope = (std::f32::consts::PI * t).sin().powf(0.6);
                out.push(0.15 * envelope * v);
            }
        }
        out.extend(std::iter::repeat_n(0.0, samples_for(0.08 + 0.32 * next())));
    }
    out.truncate(total);
    let peak = out.iter().fold(0f32, |m, v| m.max(v.abs()));
    if peak > 0.0 {
        out.iter_mut().for_each(|v| *v *= 0.5 / peak);
    }
    out
}

/// Writes `samples` (clipped to -1..1) as a 16-bit PCM mono WAV file.
pub fn write_wav(path: &Path, samples: &[f32], sample_rate: u32) -> io::Result<()> {
    let data_len = (samples.len() * 2) as u32;
    let mut bytes = Vec::with_capacity(44 + data_len as usize);
    bytes.extend_from_slice(b"RIFF");
    bytes.extend_from_slice(&(36 + data_len).to_le_bytes());
    bytes.extend_from_slice(b"WAVEfmt ");
    bytes.extend_from_slice(&16u32.to_le_bytes());
    bytes.extend_from_slice(&1u16.to_le_bytes()); // PCM
    bytes.extend_from_slice(&1u16.to_le_bytes()); // mono
    bytes.extend_from_slice(&sample_rate.to_le_bytes());
    bytes.extend_from_slice(&(sample_rate * 2).to_le_bytes());
    bytes.extend_from_slice(&2u16.to_le_bytes());
    bytes.extend_from_slice(&16u16.to_le_bytes());
    bytes.extend_from_slice(b"data");
    bytes.extend_from_slice(&data_len.to_le_bytes());
    for s in samples {
        bytes.extend_from_slice(&((s.clamp(-1.0, 1.0) * 32767.0).round() as i16).to_le_bytes());
    }
    fs::File::create(path)?.write_all(&bytes)
}

/// Speech synthesised by espeak-ng: a mono 16-bit WAV file and its samples.
pub struct Speech {
    pub path: std::path::PathBuf,
    pub sample_rate: u32,
    pub samples: Vec<f32>,
}

impl Speech {
    /// Where the speech starts: the first sample over -34 dBFS, in milliseconds.
    pub fn onset_ms(&self) -> u64 {
        let first = self
            .samples
            .iter()
            .position(|v| v.abs() > 0.02)
            .unwrap_or(0);
        first as u64 * 1000 / u64::from(self.sample_rate)
    }

    /// Where the speech ends: one past the last sample over -34 dBFS, in milliseconds.
    pub fn end_ms(&self) -> u64 {
        let last = self
            .samples
            .iter()
            .rposition(|v| v.abs() > 0.02)
            .map_or(0, |i| i + 1);
        last as u64 * 1000 / u64::from(self.sample_rate)
    }

    /// The file's length in milliseconds.
    pub fn duration_ms(&self) -> u64 {
        self.samples.len() as u64 * 1000 / u64::from(self.sample_rate)
    }

    /// A copy `delay_ms` later and `gain_db` louder (negative: quieter), as the
    /// microphone hears a loudspeaker, written to `path`.
    pub fn echo(&self, delay_ms: u32, gain_db: f32, path: &Path) -> io::Result<Speech> {
        let gain = 10f32.powf(gain_db / 20.0);
        let delay = (u64::from(delay_ms) * u64::from(self.sample_rate) / 1000) as usize;
        let mut samples = vec![0.0; delay];
        samples.extend(self.samples.iter().map(|v| v * gain));
        write_wav(path, &samples, self.sample_rate)?;
        Ok(Speech {
            path: path.to_owned(),
            sample_rate: self.sample_rate,
            samples,
        })
    }
}

/// Synthesises `text` with espeak-ng into `path`. Panics with what to install when
/// espeak-ng is missing.
pub fn espeak(text: &str, path: &Path) -> Speech {
    let status = std::process::Command::new("espeak-ng")
        .arg("-w")
        .arg(path)
        .arg(text)
        .status();
    match status {
        Ok(s) if s.success() => {}
        other => panic!(
            "espeak-ng is needed for the speech fixtures (scripts/setup.sh test installs it): {other:?}"
        ),
    }
    read_wav_pcm16(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Reads a mono 16-bit PCM WAV file such as espeak-ng writes.
fn read_wav_pcm16(path: &Path) -> io::Result<Speech> {
    let bytes = fs::read(path)?;
    let bad = |what: &str| io::Error::new(io::ErrorKind::InvalidData, what.to_owned());
    if bytes.get(0..4) != Some(b"RIFF") || bytes.get(8..12) != Some(b"WAVE") {
        return Err(bad("not a WAV file"));
    }
    let (mut at, mut rate, mut data) = (12usize, 0u32, None);
    while at + 8 <= bytes.len() {
        let id = &bytes[at..at + 4];
        let len = u32::from_le_bytes([bytes[at + 4], bytes[at + 5], bytes[at + 6], bytes[at + 7]])
            as usize;
        let body = at + 8;
        if id == b"fmt " && body + 16 <= bytes.len() {
            let channels = u16::from_le_bytes([bytes[body + 2], bytes[body + 3]]);
            let bits = u16::from_le_bytes([bytes[body + 14], bytes[body + 15]]);
            if channels != 1 || bits != 16 {
                return Err(bad("not mono 16-bit PCM"));
            }
            rate = u32::from_le_bytes([
                bytes[body + 4],
                bytes[body + 5],
                bytes[body + 6],
                bytes[body + 7],
            ]);
        }
        if id == b"data" {
            // espeak-ng writing to a file states the length; a stream may say 0 or more.
            let end = if len == 0 {
                bytes.len()
            } else {
                (body + len).min(bytes.len())
            };
            data = Some(&bytes[body..end]);
            break;
        }
        at = body + len + (len & 1);
    }
    let data = data.ok_or_else(|| bad("no data chunk"))?;
    if rate == 0 {
        return Err(bad("no fmt chunk"));
    }
    let samples = data
        .chunks_exact(2)
        .map(|b| f32::from(i16::from_le_bytes([b[0], b[1]])) / 32768.0)
        .collect();
    Ok(Speech {
        path: path.to_owned(),
        sample_rate: rate,
        samples,
    })
}

fn samples_for(seconds: f32) -> usize {
    (seconds.max(0.0) * SAMPLE_RATE as f32).round() as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speech_like_has_the_requested_length_and_pauses() {
        let a = speech_like(3.0, 1);
        assert_eq!(a.len(), 48_000);
        assert!(a.iter().all(|v| v.is_finite() && v.abs() <= 0.5 + 1e-6));
        let silent_runs = a
            .windows(800)
            .step_by(400)
            .filter(|w| w.iter().all(|v| *v == 0.0))
            .count();
        assert!(silent_runs > 0, "expected pauses between words");
        assert_eq!(a, speech_like(3.0, 1));
        assert_ne!(a, speech_like(3.0, 2));
    }
}
