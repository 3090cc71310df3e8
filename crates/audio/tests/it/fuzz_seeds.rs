//! The decoder's entry point over mutated inputs: the same thing the cargo-fuzz target
//! does, seeded and bounded, so it runs with every `cargo test`.

use std::time::{Duration, Instant};

use onno_audio::{DecodeOptions, Decoder};

use crate::util::{Fmt, data, sine, write_wav};

/// Decodes `bytes` to the end or the first error; must never panic.
fn decode(bytes: Vec<u8>) -> usize {
    let opts = DecodeOptions {
        frame_samples: 4_096,
        ..DecodeOptions::default()
    };
    let Ok(stream) = Decoder::from_bytes(bytes, "fuzz", &opts) else {
        return 0;
    };
    stream
        .take(10_000)
        .map_while(Result::ok)
        .map(|f| f.samples.len())
        .sum()
}

#[test]
fn mutated_files_never_panic() {
    let dir = tempfile::tempdir().unwrap();
    let mut seeds = Vec::new();
    for (i, (rate, ch, fmt)) in [
        (16_000, 1, Fmt::I16),
        (44_100, 2, Fmt::F32),
        (48_000, 3, Fmt::I24),
        (8_000, 1, Fmt::U8),
    ]
    .into_iter()
    .enumerate()
    {
        let p = dir.path().join(format!("{i}.wav"));
        let frames = rate as usize / 20;
        let tone: Vec<f32> = sine(440.0, rate, frames, 0.5)
            .iter()
            .flat_map(|v| vec![*v; ch as usize])
            .collect();
        write_wav(&p, &tone, rate, ch, fmt);
        seeds.push(std::fs::read(&p).unwrap());
    }
    for f in ["tone.flac", "tone.mp3", "tone.ogg", "tone.m4a", "tone.opus"] {
        seeds.push(std::fs::read(data(f)).unwrap());
    }
    for s in &seeds {
        decode(s.clone());
    }

    let mut rng = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move |n: usize| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        (rng % n.max(1) as u64) as usize
    };
    let deadline = Instant::now() + Duration::from_secs(8);
    let mut runs = 0;
    while runs < 3_000 && Instant::now() < deadline {
        let mut b = seeds[next(seeds.len())].clone();
        match next(5) {
            0 => {
                // Flip a few bytes, mostly in the header.
                for _ in 0..1 + next(8) {
                    let reach = 256 + next(b.len());
                    let i = next(b.len().min(reach));
                    b[i] ^= 1 << next(8);
                }
            }
            1 => b.truncate(next(b.len())),
            2 => {
                // Overwrite a 4-byte field with an extreme value.
                let i = next(b.len().saturating_sub(4));
                let v = [0u32, 1, u32::MAX, 0x8000_0000, 0xFFFF][next(5)];
                b[i..i + 4].copy_from_slice(&v.to_le_bytes());
            }
            3 => {
                let i = next(b.len());
                let junk: Vec<u8> = (0..next(64)).map(|_| next(256) as u8).collect();
                b.splice(i..i, junk);
            }
            _ => b = (0..next(2_048)).map(|_| next(256) as u8).collect(),
        }
        decode(b);
        runs += 1;
    }
    assert!(runs >= 100, "only {runs} runs in the time allowed");
}
