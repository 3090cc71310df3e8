//! Arbitrary bytes through the decoder's entry point: probing, then decoding every frame.
//! Errors are fine; a panic, an abort, a hang or unbounded memory is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;
use onno_audio::{DecodeOptions, Decoder};

fuzz_target!(|data: &[u8]| {
    let opts = DecodeOptions { frame_samples: 4_096, ..DecodeOptions::default() };
    if let Ok(stream) = Decoder::from_bytes(data.to_vec(), "fuzz", &opts) {
        for frame in stream.take(100_000) {
            if frame.is_err() {
                break;
            }
        }
    }
});
