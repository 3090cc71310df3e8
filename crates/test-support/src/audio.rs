//! Synthetic 16 kHz mono audio for tests, and a minimal WAV writer.
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
