//! The values a model file holds besides its shape: the vocabulary, the mel filter
//! bank, the special tokens' ids, the positional embeddings and the seeded weights.

use std::f64::consts::PI;

use super::{N_FFT_BINS, N_TEXT_TOKENS};

/// The vocabulary: 256 single bytes in GPT-2 order, then unique made-up words.
pub fn vocabulary() -> Vec<Vec<u8>> {
    let mut tokens: Vec<Vec<u8>> = gpt2_byte_order().into_iter().map(|b| vec![b]).collect();
    for id in 256..N_TEXT_TOKENS {
        let n = id - 256;
        // Bijective base-26 of n / 2 + 27 always has at least two letters, so no word
        // collides with a single byte; even ids get a leading space, like BPE words do.
        let mut m = n / 2 + 27;
        let mut letters = Vec::new();
        while m > 0 {
            m -= 1;
            letters.push(b'a' + (m % 26) as u8);
            m /= 26;
        }
        letters.reverse();
        let mut word = if n % 2 == 0 { vec![b' '] } else { Vec::new() };
        word.extend(letters);
        tokens.push(word);
    }
    tokens
}

/// GPT-2's `bytes_to_unicode` order: the printable bytes first, then the rest ascending.
/// Token id `i` is the byte `gpt2_byte_order()[i]`; byte 0x20 lands on id 220.
pub fn gpt2_byte_order() -> Vec<u8> {
    let printable = |b: u8| (b'!'..=b'~').contains(&b) || (0xA1..=0xAC).contains(&b) || b >= 0xAE;
    let mut order: Vec<u8> = (0..=255u8).filter(|&b| printable(b)).collect();
    order.extend((0..=255u8).filter(|&b| !printable(b)));
    order
}

/// The Slaney-style mel filter bank librosa computes for whisper: `n_mels` rows of
/// [`N_FFT_BINS`] weights for 16 kHz audio and a 400-point FFT (row-major).
pub fn mel_filters(n_mels: usize) -> Vec<f32> {
    const SAMPLE_RATE: f64 = 16_000.0;
    const N_FFT: f64 = 400.0;
    let hz_to_mel = |f: f64| {
        if f < 1000.0 {
            f / (200.0 / 3.0)
        } else {
            15.0 + (f / 1000.0).ln() / (6.4f64.ln() / 27.0)
        }
    };
    let mel_to_hz = |m: f64| {
        if m < 15.0 {
            m * (200.0 / 3.0)
        } else {
            1000.0 * ((m - 15.0) * (6.4f64.ln() / 27.0)).exp()
        }
    };
    let top = hz_to_mel(SAMPLE_RATE / 2.0);
    let edges: Vec<f64> = (0..n_mels + 2)
        .map(|i| mel_to_hz(top * i as f64 / (n_mels + 1) as f64))
        .collect();
    let mut data = vec![0f32; n_mels * N_FFT_BINS];
    for m in 0..n_mels {
        let (lo, mid, hi) = (edges[m], edges[m + 1], edges[m + 2]);
        let norm = 2.0 / (hi - lo);
        for k in 0..N_FFT_BINS {
            let f = k as f64 * SAMPLE_RATE / N_FFT;
            let rising = (f - lo) / (mid - lo);
            let falling = (hi - f) / (hi - mid);
            data[m * N_FFT_BINS + k] = (rising.min(falling).max(0.0) * norm) as f32;
        }
    }
    data
}

/// Ids of `<|transcribe|>` and `<|0.00|>` as whisper.cpp assigns them for `n_vocab`.
pub(super) fn special_ids(n_vocab: usize) -> (usize, usize) {
    // English-only models: 50358 and 50363. Multilingual ones shift both by one per
    // language beyond 98 (99 languages in 51 865 tokens, 100 in large-v3's 51 866).
    let shift = if n_vocab >= 51_865 {
        n_vocab - 51_765 - 1 - 98
    } else {
        0
    };
    (50_358 + shift, 50_363 + shift)
}

/// Whisper's encoder positional embedding: `length` rows of `channels` values, the first
/// half sines and the second half cosines of geometrically spaced frequencies.
pub(super) fn sinusoids(length: usize, channels: usize) -> Vec<f32> {
    let half = channels / 2;
    let increment = 10_000f64.ln() / (half as f64 - 1.0);
    let mut out = Vec::with_capacity(length * channels);
    for t in 0..length {
        let angle = |i: usize| t as f64 * (-increment * i as f64).exp();
        out.extend((0..half).map(|i| angle(i).sin() as f32));
        out.extend((0..half).map(|i| angle(i).cos() as f32));
    }
    out
}

/// SplitMix64: tiny, fast and plenty random for weights; Box-Muller for normals.
pub(super) struct Rng {
    state: u64,
    spare: Option<f32>,
}

impl Rng {
    pub(super) fn new(seed: u64) -> Self {
        Rng {
            state: seed ^ 0x5DEE_CE66_D1CE_4E5B,
            spare: None,
        }
    }

    pub(super) fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in (0, 1].
    pub(super) fn unit(&mut self) -> f64 {
        ((self.next_u64() >> 11) + 1) as f64 / (1u64 << 53) as f64
    }

    pub(super) fn normal(&mut self) -> f32 {
        if let Some(v) = self.spare.take() {
            return v;
        }
        let r = (-2.0 * self.unit().ln()).sqrt();
        let theta = 2.0 * PI * self.unit();
        self.spare = Some((r * theta.sin()) as f32);
        (r * theta.cos()) as f32
    }
}
