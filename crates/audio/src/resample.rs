//! Any rate, any channel count, to 16 kHz mono: downmix first, then one FFT resampler.

use rubato::audioadapter_buffers::direct::InterleavedSlice;
use rubato::{Fft, FixedSync, Resampler, WindowFunction};

use crate::{AudioError, ErrorKind, MAX_INPUT_RATE, MIN_INPUT_RATE, SAMPLE_RATE};

/// The most channels a stream may have.
pub const MAX_CHANNELS: usize = 256;

/// Resamples interleaved audio at any rate in 8-192 kHz and any channel count to 16 kHz
/// mono, with the resampler's delay removed: output sample `k` is the input at time
/// `k / 16000` s, and after [`finish`](Self::finish) exactly
/// `round(frames_in * 16000 / rate_in)` samples have come out.
///
/// Channels are averaged, then one mono `rubato::Fft` (fixed input) runs. Its FFT block
/// is chosen so the delay is a whole number of output samples. Buffers are allocated in
/// [`new`](Self::new) and grow only to the largest push; the steady state does not
/// allocate.
pub struct Resampler16k {
    rate_in: u32,
    channels: usize,
    fft: Option<FftStage>,
    /// A trailing partial frame (fewer samples than channels) from the last push.
    carry: Vec<f32>,
    out: Vec<f32>,
    frames_in: u64,
    frames_out: u64,
    finished: bool,
}

struct FftStage {
    resampler: Fft<f32>,
    /// Mono input waiting for a full block.
    pending: Vec<f32>,
    block_in: usize,
    scratch: Vec<f32>,
    /// Output samples still to drop: the resampler's delay.
    to_skip: usize,
}

impl Resampler16k {
    /// A resampler from `rate_in` Hz with `channels` interleaved channels.
    pub fn new(rate_in: u32, channels: usize) -> Result<Self, AudioError> {
        let name = "resampler";
        if !(MIN_INPUT_RATE..=MAX_INPUT_RATE).contains(&rate_in) {
            return Err(AudioError::new(
                name,
                ErrorKind::UnsupportedParameters,
                format!("sample rate {rate_in} Hz is outside {MIN_INPUT_RATE}-{MAX_INPUT_RATE} Hz"),
            ));
        }
        if !(1..=MAX_CHANNELS).contains(&channels) {
            return Err(AudioError::new(
                name,
                ErrorKind::UnsupportedParameters,
                format!("{channels} channels is outside 1-{MAX_CHANNELS}"),
            ));
        }
        let fft = if rate_in == SAMPLE_RATE {
            None
        } else {
            Some(FftStage::new(rate_in)?)
        };
        Ok(Self {
            rate_in,
            channels,
            fft,
            carry: Vec::with_capacity(channels),
            out: Vec::new(),
            frames_in: 0,
            frames_out: 0,
            finished: false,
        })
    }

    /// The input rate.
    pub fn rate_in(&self) -> u32 {
        self.rate_in
    }

    /// The input channel count.
    pub fn channels(&self) -> usize {
        self.channels
    }

    /// Changes the channel count for the following pushes (some streams change layout
    /// mid-way). A partial frame carried from the last push is dropped.
    pub fn set_channels(&mut self, channels: usize) -> Result<(), AudioError> {
        if !(1..=MAX_CHANNELS).contains(&channels) {
            return Err(AudioError::new(
                "resampler",
                ErrorKind::UnsupportedParameters,
                format!("{channels} channels is outside 1-{MAX_CHANNELS}"),
            ));
        }
        self.channels = channels;
        self.carry.clear();
        Ok(())
    }

    /// Input frames taken so far.
    pub fn frames_in(&self) -> u64 {
        self.frames_in
    }

    /// 16 kHz samples given out so far.
    pub fn frames_out(&self) -> u64 {
        self.frames_out
    }

    /// Mono input samples held inside, waiting for a full FFT block.
    pub fn buffered(&self) -> usize {
        self.fft.as_ref().map_or(0, |f| f.pending.len())
    }

    /// Feeds interleaved samples; returns the 16 kHz mono samples that are now final.
    /// After [`finish`](Self::finish) further input is ignored.
    pub fn push(&mut self, interleaved: &[f32]) -> &[f32] {
        self.out.clear();
        if self.finished {
            return &self.out;
        }
        let ch = self.channels;
        let mut input = interleaved;
        if !self.carry.is_empty() {
            let need = (ch - self.carry.len()).min(input.len());
            self.carry.extend_from_slice(&input[..need]);
            input = &input[need..];
            if self.carry.len() == ch {
                let mono = average(&self.carry);
                self.carry.clear();
                self.take_mono(mono);
            }
        }
        let whole = input.len() / ch * ch;
        for frame in input[..whole].chunks_exact(ch) {
            let mono = average(frame);
            self.take_mono(mono);
        }
        self.carry.extend_from_slice(&input[whole..]);
        &self.out
    }

    /// Ends the stream: flushes the resampler and returns the last samples, so that the
    /// total given out is `round(frames_in * 16000 / rate_in)`.
    pub fn finish(&mut self) -> &[f32] {
        self.out.clear();
        if self.finished {
            return &self.out;
        }
        self.finished = true;
        self.carry.clear();
        let expected = expected_len(self.frames_in, self.rate_in);
        if let Some(fft) = self.fft.as_mut() {
            while self.frames_out + (self.out.len() as u64) < expected {
                fft.pending.resize(fft.block_in, 0.0);
                fft.run(&mut self.out);
            }
            let keep = (expected - self.frames_out) as usize;
            self.out.truncate(keep);
        }
        self.frames_out += self.out.len() as u64;
        &self.out
    }

    fn take_mono(&mut self, v: f32) {
        self.frames_in += 1;
        match self.fft.as_mut() {
            None => {
                self.out.push(v);
                self.frames_out += 1;
            }
            Some(fft) => {
                fft.pending.push(v);
                if fft.pending.len() == fft.block_in {
                    let before = self.out.len();
                    fft.run(&mut self.out);
                    self.frames_out += (self.out.len() - before) as u64;
                }
            }
        }
    }
}

impl FftStage {
    fn new(rate_in: u32) -> Result<Self, AudioError> {
        let block_in = block_len(rate_in);
        let resampler = Fft::<f32>::new_custom(
            rate_in as usize,
            SAMPLE_RATE as usize,
            block_in,
            1,
            1,
            WindowFunction::BlackmanHarris2,
            FixedSync::Input,
        )
        .map_err(|e| {
            AudioError::new("resampler", ErrorKind::UnsupportedParameters, e.to_string())
                .with_source(e)
        })?;
        debug_assert_eq!(resampler.input_frames_next(), block_in);
        let to_skip = resampler.output_delay();
        let scratch = vec![0.0; resampler.output_frames_max()];
        Ok(Self {
            resampler,
            pending: Vec::with_capacity(block_in),
            block_in,
            scratch,
            to_skip,
        })
    }

    /// Resamples one full block from `pending` and appends the output, less any delay
    /// still to drop, to `out`.
    fn run(&mut self, out: &mut Vec<f32>) {
        let frames_out = self.scratch.len();
        let n = match (
            InterleavedSlice::new(&self.pending[..], 1, self.block_in),
            InterleavedSlice::new_mut(&mut self.scratch[..], 1, frames_out),
        ) {
            (Ok(input), Ok(mut output)) => self
                .resampler
                .process_into_buffer(&input, &mut output, None)
                .map(|(_, n)| n),
            _ => Ok(0),
        };
        // Both buffers are sized from the resampler itself, so this does not fail; if it
        // ever did, a block of silence keeps every later timestamp right.
        let n = n.unwrap_or_else(|e| {
            debug_assert!(false, "resampler rejected its own buffer sizes: {e}");
            tracing::error!(error = %e, "resampler failed; inserting silence");
            let n = self.resampler.output_frames_next().min(frames_out);
            self.scratch[..n].fill(0.0);
            n
        });
        self.pending.clear();
        let skip = self.to_skip.min(n);
        self.to_skip -= skip;
        out.extend_from_slice(&self.scratch[skip..n]);
    }
}

/// The mean of a frame's channels. Samples are clamped to -1..1 first and a NaN or
/// infinity (possible in a float WAV) counts as 0: one would poison every FFT block after
/// it.
fn average(frame: &[f32]) -> f32 {
    let clean = |v: f32| {
        if v.is_finite() {
            v.clamp(-1.0, 1.0)
        } else {
            0.0
        }
    };
    if frame.len() == 1 {
        return clean(frame[0]);
    }
    frame.iter().map(|v| clean(*v)).sum::<f32>() / frame.len() as f32
}

/// `round(frames_in * 16000 / rate_in)` without overflow.
pub(crate) fn expected_len(frames_in: u64, rate_in: u32) -> u64 {
    let num = frames_in as u128 * SAMPLE_RATE as u128 + rate_in as u128 / 2;
    (num / rate_in as u128) as u64
}

/// The FFT block length in input frames: about 40 ms, a whole number of the smallest
/// block the two rates allow, and an even multiple of it so that the filter's delay
/// (half a block) is a whole number of samples on both sides.
fn block_len(rate_in: u32) -> usize {
    let g = gcd(rate_in as usize, SAMPLE_RATE as usize);
    let min_in = rate_in as usize / g;
    let target = (rate_in as usize / 25).max(2 * min_in);
    let pairs = target.div_ceil(2 * min_in);
    2 * pairs * min_in
}

fn gcd(mut a: usize, mut b: usize) -> usize {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_make_a_whole_sample_delay_on_both_sides() {
        for rate in [
            8_000, 11_025, 22_050, 32_000, 44_100, 48_000, 88_200, 96_000, 192_000, 44_099,
        ] {
            let block = block_len(rate);
            let out = block * SAMPLE_RATE as usize / rate as usize;
            assert_eq!(out * rate as usize, block * SAMPLE_RATE as usize, "{rate}");
            assert_eq!(block % 2, 0, "{rate}");
            assert_eq!(out % 2, 0, "{rate}");
        }
        assert_eq!(block_len(48_000), 1_920);
        assert_eq!(block_len(44_100), 1_764);
    }

    #[test]
    fn expected_len_rounds() {
        assert_eq!(expected_len(3, 48_000), 1);
        assert_eq!(expected_len(44_100, 44_100), 16_000);
        assert_eq!(expected_len(1, 8_000), 2);
        let thousand_hours = 3_600_000;
        assert_eq!(
            expected_len(192_000 * thousand_hours, 192_000),
            16_000 * thousand_hours
        );
    }

    #[test]
    fn sixteen_khz_mono_passes_through() {
        let mut r = Resampler16k::new(16_000, 1).unwrap();
        assert_eq!(r.push(&[0.1, 0.2, 0.3]), &[0.1, 0.2, 0.3]);
        assert!(r.finish().is_empty());
        assert_eq!(r.frames_out(), 3);
    }

    #[test]
    fn channels_are_averaged_across_pushes() {
        let mut r = Resampler16k::new(16_000, 3).unwrap();
        assert_eq!(r.push(&[0.25, 0.5]), &[] as &[f32]);
        assert_eq!(r.push(&[0.75, 1.0, 1.0]), &[0.5]);
        assert_eq!(r.push(&[1.0, -1.0, -1.0, -1.0]), &[1.0, -1.0]);
    }

    #[test]
    fn non_finite_and_loud_samples_are_tamed() {
        let mut r = Resampler16k::new(16_000, 1).unwrap();
        assert_eq!(
            r.push(&[f32::NAN, f32::INFINITY, 3.0, -1e30]),
            &[0.0, 0.0, 1.0, -1.0]
        );
        let mut r = Resampler16k::new(48_000, 2).unwrap();
        let mut input = vec![0.1f32; 96_000];
        input[5_000] = f32::NAN;
        input[7_001] = f32::NEG_INFINITY;
        let mut out = r.push(&input).to_vec();
        out.extend_from_slice(r.finish());
        assert_eq!(out.len(), 16_000);
        assert!(out.iter().all(|v| v.is_finite()));
    }

    #[test]
    fn out_of_range_parameters_are_errors() {
        for (rate, ch) in [(7_999, 1), (192_001, 1), (48_000, 0), (48_000, 257)] {
            let e = Resampler16k::new(rate, ch).err().unwrap();
            assert_eq!(e.kind(), ErrorKind::UnsupportedParameters);
        }
    }

    #[test]
    fn every_rate_gives_the_exact_length() {
        for rate in [8_000, 22_050, 44_100, 48_000, 96_000] {
            for n in [0usize, 1, 5, 1_000, 12_345] {
                let mut r = Resampler16k::new(rate, 2).unwrap();
                let input = vec![0.25f32; 2 * n];
                let mut total = 0;
                for chunk in input.chunks(777) {
                    total += r.push(chunk).len();
                }
                total += r.finish().len();
                assert_eq!(
                    total as u64,
                    expected_len(n as u64, rate),
                    "{rate} Hz, {n} frames"
                );
            }
        }
    }
}
