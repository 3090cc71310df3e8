//! Non-speech sound at 16 kHz for the tests that no text comes from it: the noises of a
//! room and a desk, each at a chosen level, deterministic for a seed.

use std::f32::consts::TAU;

use crate::audio::SAMPLE_RATE;

/// A kind of non-speech sound.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Noise {
    /// Flat spectrum: hiss.
    White,
    /// -3 dB per octave: rain, a distant road, most "room tone".
    Pink,
    /// -6 dB per octave: rumble, a fan heard through a desk.
    Brown,
    /// Mains hum: 50 Hz and its harmonics, as a fan motor or a ground loop gives.
    Hum,
    /// Typing: short clicks, four to ten a second, on a quiet floor.
    Keyboard,
    /// Slow breaths: band-limited noise swelling and fading every 3-4 s.
    Breathing,
    /// Instrumental music, as hold music or a shared video plays it: plucked chords
    /// with a bass line, a kick drum and a hi-hat at 120 beats a minute.
    Music,
}

impl Noise {
    pub const ALL: [Noise; 7] = [
        Noise::White,
        Noise::Pink,
        Noise::Brown,
        Noise::Hum,
        Noise::Keyboard,
        Noise::Breathing,
        Noise::Music,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Noise::White => "white",
            Noise::Pink => "pink",
            Noise::Brown => "brown",
            Noise::Hum => "hum",
            Noise::Keyboard => "keyboard",
            Noise::Breathing => "breathing",
            Noise::Music => "music",
        }
    }
}

/// `seconds` of `kind` scaled to an RMS level of `dbfs` (e.g. -30.0).
pub fn noise(kind: Noise, seconds: f32, dbfs: f32, seed: u64) -> Vec<f32> {
    let n = (seconds * SAMPLE_RATE as f32) as usize;
    let mut rng = Gaussian::new(seed);
    let mut out: Vec<f32> = match kind {
        Noise::White => (0..n).map(|_| rng.next()).collect(),
        Noise::Pink => pink(n, &mut rng),
        Noise::Brown => {
            let mut level = 0.0f32;
            (0..n)
                .map(|_| {
                    // A leaky integrator: brown above a few hertz, no drift below.
                    level = 0.998 * level + 0.05 * rng.next();
                    level
                })
                .collect()
        }
        Noise::Hum => (0..n)
            .map(|i| {
                let t = i as f32 / SAMPLE_RATE as f32;
                (1..=6)
                    .map(|h| (TAU * 50.0 * h as f32 * t).sin() / h as f32)
                    .sum::<f32>()
                    + 0.02 * rng.next()
            })
            .collect(),
        Noise::Keyboard => keyboard(n, &mut rng),
        Noise::Breathing => breathing(n, &mut rng),
        Noise::Music => music(n, &mut rng),
    };
    let rms = (out.iter().map(|v| v * v).sum::<f32>() / n.max(1) as f32).sqrt();
    let gain = if rms > 0.0 {
        10f32.powf(dbfs / 20.0) / rms
    } else {
        0.0
    };
    out.iter_mut()
        .for_each(|v| *v = (*v * gain).clamp(-1.0, 1.0));
    out
}

/// Paul Kellet's economy filter: white noise to within 0.5 dB of -3 dB per octave.
fn pink(n: usize, rng: &mut Gaussian) -> Vec<f32> {
    let (mut b0, mut b1, mut b2) = (0.0f32, 0.0f32, 0.0f32);
    (0..n)
        .map(|_| {
            let w = rng.next();
            b0 = 0.99765 * b0 + w * 0.0990460;
            b1 = 0.96300 * b1 + w * 0.2965164;
            b2 = 0.57000 * b2 + w * 1.0526913;
            b0 + b1 + b2 + w * 0.1848
        })
        .collect()
}

fn keyboard(n: usize, rng: &mut Gaussian) -> Vec<f32> {
    let mut out: Vec<f32> = (0..n).map(|_| 0.003 * rng.next()).collect();
    let mut at = 0usize;
    while at < n {
        // A click: 4 ms of noise decaying over about 2 ms, then 100-250 ms to the next.
        let loudness = 0.6 + 0.4 * rng.unit();
        for (k, v) in out.iter_mut().skip(at).take(64).enumerate() {
            *v += loudness * rng.next() * (-(k as f32) / 32.0).exp();
        }
        at += (SAMPLE_RATE as f32 * (0.1 + 0.15 * rng.unit())) as usize;
    }
    out
}

fn breathing(n: usize, rng: &mut Gaussian) -> Vec<f32> {
    // Noise through a one-pole low-pass (about 1 kHz) and a high-pass, swelling with a
    // breath's envelope: 1.2 s in, 1.5 s out, a pause.
    let (mut low, mut prev, mut high) = (0.0f32, 0.0f32, 0.0f32);
    let cycle = 3.5 * SAMPLE_RATE as f32;
    (0..n)
        .map(|i| {
            low += 0.3 * (rng.next() - low);
            high = 0.95 * (high + low - prev);
            prev = low;
            let phase = (i as f32 % cycle) / cycle;
            let envelope = if phase < 0.8 {
                (std::f32::consts::PI * phase / 0.8).sin().powi(2)
            } else {
                0.0
            };
            high * envelope
        })
        .collect()
}

/// Four bars of C, G, A minor and F, over and over, a beat every half second: on each
/// beat a chord of three plucked notes (five harmonics, decaying), the root an octave
/// down as bass, a kick on beats one and three, a hi-hat between the beats. The seed
/// picks which chord tone is played an octave up, so seeds differ in melody.
fn music(n: usize, rng: &mut Gaussian) -> Vec<f32> {
    const CHORDS: [[f32; 3]; 4] = [
        [261.63, 329.63, 392.00],
        [196.00, 246.94, 293.66],
        [220.00, 261.63, 329.63],
        [174.61, 220.00, 261.63],
    ];
    let rate = SAMPLE_RATE as f32;
    let beat = (0.5 * rate) as usize;
    let mut out = vec![0.0f32; n];
    let mut add = |at: usize, len: usize, sample: &mut dyn FnMut(f32) -> f32| {
        for (k, v) in out.iter_mut().skip(at).take(len).enumerate() {
            *v += sample(k as f32 / rate);
        }
    };
    for (b, at) in (0..n).step_by(beat).enumerate() {
        let chord = CHORDS[(b / 4) % CHORDS.len()];
        let lifted = (rng.unit() * 3.0) as usize % 3;
        for (i, &f) in chord.iter().enumerate() {
            let f = if i == lifted { 2.0 * f } else { f };
            add(at, beat, &mut |t| pluck(f, t) * 0.25);
        }
        add(at, beat, &mut |t| pluck(chord[0] / 2.0, t) * 0.4);
        if b % 2 == 0 {
            // A kick: a sine falling from 150 to 50 Hz, gone in 150 ms.
            add(at, beat, &mut |t| {
                let phase = TAU * (50.0 * t + 100.0 * 0.03 * (1.0 - (-t / 0.03).exp()));
                phase.sin() * (-t / 0.05).exp()
            });
        }
        let offbeat = at + beat / 2;
        let mut hat = Gaussian::new(b as u64 + 1);
        add(offbeat, beat / 4, &mut |t| {
            0.1 * hat.next() * (-t / 0.01).exp()
        });
    }
    out
}

/// A plucked string at `f` hertz, `t` seconds after it was struck.
fn pluck(f: f32, t: f32) -> f32 {
    (1..=5)
        .map(|h| (TAU * f * h as f32 * t).sin() / (h * h) as f32)
        .sum::<f32>()
        * (-t / 0.3).exp()
}

/// Normal deviates from SplitMix64 through Box-Muller.
struct Gaussian {
    state: u64,
}

impl Gaussian {
    fn new(seed: u64) -> Self {
        Gaussian {
            state: seed ^ 0x2545_F491_4F6C_DD1D,
        }
    }

    fn unit(&mut self) -> f32 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        ((z >> 40) as f32 + 0.5) / (1u64 << 24) as f32
    }

    fn next(&mut self) -> f32 {
        let (u, v) = (self.unit(), self.unit());
        (-2.0 * u.ln()).sqrt() * (TAU * v).cos()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_noise_has_the_level_asked_for() {
        for kind in Noise::ALL {
            let x = noise(kind, 2.0, -30.0, 7);
            assert_eq!(x.len(), 32_000);
            let rms = (x.iter().map(|v| v * v).sum::<f32>() / x.len() as f32).sqrt();
            let db = 20.0 * rms.log10();
            assert!((db + 30.0).abs() < 0.5, "{}: {db} dBFS", kind.name());
        }
    }

    #[test]
    fn brown_noise_is_darker_than_white() {
        // Sample-to-sample differences measure high-frequency energy.
        let roughness = |x: &[f32]| x.windows(2).map(|w| (w[1] - w[0]).abs()).sum::<f32>();
        let white = noise(Noise::White, 1.0, -30.0, 1);
        let pink = noise(Noise::Pink, 1.0, -30.0, 1);
        let brown = noise(Noise::Brown, 1.0, -30.0, 1);
        assert!(roughness(&white) > 2.0 * roughness(&pink));
        assert!(roughness(&pink) > 2.0 * roughness(&brown));
    }
}
