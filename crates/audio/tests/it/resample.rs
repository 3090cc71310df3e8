//! Resampling quality and exact lengths, in memory and through WAV files.

use onno_audio::{Decoder, Resampler16k};

use crate::util::{Fmt, decode_file, sine, snr_db, write_wav};

/// 50 ms at 16 kHz: the edges skipped when measuring SNR. A sine that starts at sample 0
/// is not band-limited there, so the first and last few milliseconds ring whatever the
/// resampler.
const EDGE: usize = 800;

fn resample(input: &[f32], rate: u32, push: usize) -> Vec<f32> {
    let mut r = Resampler16k::new(rate, 1).unwrap();
    let mut out = Vec::new();
    for chunk in input.chunks(push) {
        out.extend_from_slice(r.push(chunk));
    }
    out.extend_from_slice(r.finish());
    out
}

fn expected_len(frames: usize, rate: u32) -> usize {
    ((frames as u128 * 16_000 + rate as u128 / 2) / rate as u128) as usize
}

#[track_caller]
fn check_sine(rate: u32, frames: usize, min_snr: f64) -> f64 {
    let input = sine(1_000.0, rate, frames, 0.5);
    let out = resample(&input, rate, 1_000);
    let n = expected_len(frames, rate);
    assert_eq!(out.len(), n, "{rate} Hz: length");
    let ideal = sine(1_000.0, 16_000, n, 0.5);
    let snr = snr_db(&out, &ideal, EDGE..n - EDGE);
    let whole = snr_db(&out, &ideal, 0..n);
    eprintln!(
        "1 kHz sine {rate} Hz -> 16 kHz: SNR {snr:.1} dB without the 50 ms edges, {whole:.1} dB with"
    );
    assert!(snr >= min_snr, "{rate} Hz: SNR {snr:.1} dB < {min_snr} dB");
    snr
}

#[test]
fn a_1khz_sine_from_48k_has_80db_snr_and_the_exact_length() {
    check_sine(48_000, 48_000 * 3 + 1, 80.0);
}

#[test]
fn a_1khz_sine_from_44k1_has_80db_snr_and_the_exact_length() {
    check_sine(44_100, 44_100 * 3 + 7, 80.0);
}

#[test]
fn a_1khz_sine_from_8k_is_upsampled_cleanly() {
    check_sine(8_000, 8_000 * 3 + 3, 80.0);
}

#[test]
fn other_rates_are_clean_too() {
    for rate in [11_025, 22_050, 32_000, 96_000, 192_000] {
        check_sine(rate, rate as usize * 2 + 5, 80.0);
    }
}

#[test]
fn the_push_size_does_not_change_the_output() {
    let input = sine(1_000.0, 44_100, 44_100, 0.5);
    let a = resample(&input, 44_100, 1);
    let b = resample(&input, 44_100, 4_410);
    let c = resample(&input, 44_100, 100_000);
    assert_eq!(a, b);
    assert_eq!(a, c);
}

#[test]
fn an_impulse_comes_out_at_its_own_time() {
    // A click at 0.5 s (an exact 16 kHz instant) peaks at output sample 8000.
    for rate in [8_000, 44_100, 48_000] {
        let mut input = vec![0.0; rate as usize];
        input[rate as usize / 2] = 1.0;
        let out = resample(&input, rate, 512);
        let peak = out
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()))
            .map(|(i, _)| i)
            .unwrap();
        assert_eq!(peak, 8_000, "{rate} Hz");
    }
}

#[test]
fn wav_files_resample_with_the_same_quality() {
    let dir = tempfile::tempdir().unwrap();
    for (rate, frames) in [(48_000u32, 48_000 * 2 + 1), (44_100, 44_100 * 2 + 3)] {
        let path = dir.path().join(format!("sine-{rate}.wav"));
        write_wav(&path, &sine(1_000.0, rate, frames, 0.5), rate, 1, Fmt::F32);
        let stream = Decoder::open(&path).unwrap();
        assert_eq!(
            stream.samples_hint(),
            Some(expected_len(frames, rate) as u64)
        );
        let out = decode_file(&path);
        let n = expected_len(frames, rate);
        assert_eq!(out.len(), n);
        let snr = snr_db(&out, &sine(1_000.0, 16_000, n, 0.5), EDGE..n - EDGE);
        eprintln!("float WAV {rate} Hz -> 16 kHz: SNR {snr:.1} dB");
        assert!(snr >= 80.0, "{rate}: {snr:.1} dB");
    }
}
