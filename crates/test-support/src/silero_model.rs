//! A Silero VAD ggml file (`silero-16k`, the v5.1.2 shapes) whose weights are set by
//! hand so that the network is an energy gate: loud frames give a speech probability near
//! 1, quiet frames near 0.
//!
//! The layout is what whisper.cpp 1.8's `whisper_vad_init_with_params()` reads (and what
//! `models/convert-silero-vad-to-ggml.py` writes): the ggml magic; the model type
//! (`i32` length, bytes); version `5 1 2`; `n_window` 512 and `n_context` 64; four
//! encoder layers as (in, out, kernel) = (129, 128, 3), (128, 64, 3), (64, 64, 3),
//! (64, 128, 3); LSTM input and hidden size 128; final conv 128 -> 1; then the 15
//! tensors, each `n_dims, name_len, type, dims..., name, data`.
//!
//! How the gate works, per 512-sample frame (32 ms):
//!
//! * the STFT basis is a real Hann-windowed DFT (256 taps, 129 bins, real then
//!   imaginary), so whisper.cpp's magnitude is the spectrum of four 16 ms sub-frames;
//! * encoder 0 sums the magnitudes of all bins into channel 0, scaled by 1/128, which
//!   makes it about the peak amplitude of a tone; encoders 1-3 average channel 0 over the
//!   sub-frames and pass it on; every other channel is 0;
//! * the LSTM's input, forget and output gates are pinned open, shut and open by their
//!   biases and its recurrent weights are 0, so hidden unit 0 is
//!   `tanh(tanh(GAIN * (level - THRESHOLD)))`: the state follows the input, with no memory;
//! * the decoder gives `sigmoid(OUT_GAIN * relu(h0) + OUT_BIAS)`: 0.002 for silence,
//!   above 0.99 once the level is a little over the threshold.

use std::f64::consts::PI;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use crate::whisper_model::{GGML_MAGIC, write_atomically};

/// The model type whisper.cpp and the model manager expect.
pub const MODEL_TYPE: &str = "silero-16k";
/// Samples per probability.
pub const N_WINDOW: i32 = 512;
const N_CONTEXT: i32 = 64;
const VERSION: [i32; 3] = [5, 1, 2];
/// (in channels, out channels, kernel) of the four encoder convolutions.
pub const ENCODER: [(i32, i32, i32); 4] = [(129, 128, 3), (128, 64, 3), (64, 64, 3), (64, 128, 3)];
const LSTM_INPUT: i32 = 128;
const LSTM_HIDDEN: i32 = 128;
const FINAL_IN: i32 = 128;
const FINAL_OUT: i32 = 1;

const STFT_TAPS: usize = 256;
const STFT_BINS: usize = 129;

/// Level (about the peak amplitude of a tone) at which the gate opens: -34 dBFS.
pub const THRESHOLD: f32 = 0.02;
const GAIN: f32 = 200.0;
const GATE_PIN: f32 = 12.0;
const OUT_GAIN: f32 = 20.0;
const OUT_BIAS: f32 = -6.0;

const F32: i32 = 0;
const F16: i32 = 1;

/// One tensor of the Silero VAD file: name, ggml dimensions, ggml type (0 f32, 1 f16).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VadTensor {
    pub name: &'static str,
    pub dims: Vec<i32>,
    pub ggml_type: i32,
}

impl VadTensor {
    fn n_elements(&self) -> usize {
        self.dims.iter().map(|&d| d as usize).product()
    }

    fn file_bytes(&self) -> u64 {
        let elem = if self.ggml_type == F16 { 2 } else { 4 };
        12 + 4 * self.dims.len() as u64 + self.name.len() as u64 + elem * self.n_elements() as u64
    }
}

/// The tensors whisper.cpp creates for a v5 Silero model, in the order they are written.
pub fn vad_tensors() -> Vec<VadTensor> {
    let t = |name, dims: &[i32], ggml_type| VadTensor {
        name,
        dims: dims.to_vec(),
        ggml_type,
    };
    let enc = |i: usize| {
        let (inp, out, k) = ENCODER[i];
        [k, inp, out]
    };
    let gates = 4 * LSTM_HIDDEN;
    vec![
        t("_model.stft.forward_basis_buffer", &[256, 1, 258], F16),
        t("_model.encoder.0.reparam_conv.weight", &enc(0), F16),
        t("_model.encoder.0.reparam_conv.bias", &[ENCODER[0].1], F32),
        t("_model.encoder.1.reparam_conv.weight", &enc(1), F16),
        t("_model.encoder.1.reparam_conv.bias", &[ENCODER[1].1], F32),
        t("_model.encoder.2.reparam_conv.weight", &enc(2), F16),
        t("_model.encoder.2.reparam_conv.bias", &[ENCODER[2].1], F32),
        t("_model.encoder.3.reparam_conv.weight", &enc(3), F16),
        t("_model.encoder.3.reparam_conv.bias", &[ENCODER[3].1], F32),
        t("_model.decoder.rnn.weight_ih", &[LSTM_INPUT, gates], F32),
        t("_model.decoder.rnn.bias_ih", &[gates], F32),
        t("_model.decoder.rnn.weight_hh", &[LSTM_HIDDEN, gates], F32),
        t("_model.decoder.rnn.bias_hh", &[gates], F32),
        t(
            "_model.decoder.decoder.2.weight",
            &[FINAL_IN, FINAL_OUT],
            F16,
        ),
        t("_model.decoder.decoder.2.bias", &[FINAL_OUT], F32),
    ]
}

/// The exact size in bytes of the file [`write_silero_vad`] writes.
pub fn silero_file_len() -> u64 {
    let header = 4 + 4 + MODEL_TYPE.len() as u64 + 3 * 4 + 2 * 4 + 4 + 3 * 4 * 4 + 4 * 4;
    header + vad_tensors().iter().map(VadTensor::file_bytes).sum::<u64>()
}

/// The values of `tensor`, laid out as ggml stores them (dimension 0 fastest).
fn values(tensor: &VadTensor) -> Vec<f32> {
    let mut v = vec![0f32; tensor.n_elements()];
    let hidden = LSTM_HIDDEN as usize;
    match tensor.name {
        "_model.stft.forward_basis_buffer" => {
            // [taps, 1, 2 * bins]: channel c < 129 is cos of bin c, the rest -sin.
            for c in 0..2 * STFT_BINS {
                let bin = (c % STFT_BINS) as f64;
                for n in 0..STFT_TAPS {
                    let hann = 0.5 - 0.5 * (2.0 * PI * n as f64 / STFT_TAPS as f64).cos();
                    let angle = 2.0 * PI * bin * n as f64 / STFT_TAPS as f64;
                    let basis = if c < STFT_BINS {
                        angle.cos()
                    } else {
                        -angle.sin()
                    };
                    v[c * STFT_TAPS + n] = (hann * basis) as f32;
                }
            }
        }
        "_model.encoder.0.reparam_conv.weight" => {
            // [kernel 3, in 129, out 128]: out 0 = centre tap of every bin / 128.
            for bin in 0..STFT_BINS {
                v[bin * 3 + 1] = 1.0 / 128.0;
            }
        }
        "_model.encoder.1.reparam_conv.weight" => v[..3].fill(1.0 / 3.0),
        "_model.encoder.2.reparam_conv.weight" => v[..3].fill(0.5),
        "_model.encoder.3.reparam_conv.weight" => v[1] = 1.0,
        "_model.decoder.rnn.weight_ih" => {
            // [input 128, gates 512], gates i, f, g, o: the cell gate of unit 0 reads input 0.
            v[2 * hidden * LSTM_INPUT as usize] = GAIN;
        }
        "_model.decoder.rnn.bias_ih" => {
            v[..hidden].fill(GATE_PIN);
            v[hidden..2 * hidden].fill(-GATE_PIN);
            v[2 * hidden] = -GAIN * THRESHOLD;
            v[3 * hidden..].fill(GATE_PIN);
        }
        "_model.decoder.decoder.2.weight" => v[0] = OUT_GAIN,
        "_model.decoder.decoder.2.bias" => v[0] = OUT_BIAS,
        _ => {} // encoder biases, recurrent weights and biases: 0
    }
    v
}

/// Writes the energy-gate Silero VAD model to `out`. Always the same bytes.
pub fn write_silero_vad(out: &mut impl Write) -> io::Result<()> {
    let mut w = BufWriter::new(out);
    let i32s = |w: &mut BufWriter<_>, vals: &[i32]| -> io::Result<()> {
        vals.iter()
            .try_for_each(|v: &i32| w.write_all(&v.to_le_bytes()))
    };
    w.write_all(&GGML_MAGIC.to_le_bytes())?;
    i32s(&mut w, &[MODEL_TYPE.len() as i32])?;
    w.write_all(MODEL_TYPE.as_bytes())?;
    i32s(&mut w, &VERSION)?;
    i32s(&mut w, &[N_WINDOW, N_CONTEXT, ENCODER.len() as i32])?;
    for (inp, out, k) in ENCODER {
        i32s(&mut w, &[inp, out, k])?;
    }
    i32s(&mut w, &[LSTM_INPUT, LSTM_HIDDEN, FINAL_IN, FINAL_OUT])?;
    for tensor in vad_tensors() {
        i32s(
            &mut w,
            &[
                tensor.dims.len() as i32,
                tensor.name.len() as i32,
                tensor.ggml_type,
            ],
        )?;
        i32s(&mut w, &tensor.dims)?;
        w.write_all(tensor.name.as_bytes())?;
        for x in values(&tensor) {
            if tensor.ggml_type == F16 {
                w.write_all(&half::f16::from_f32(x).to_le_bytes())?;
            } else {
                w.write_all(&x.to_le_bytes())?;
            }
        }
    }
    w.flush()
}

/// Writes the model to `path` atomically (a temporary file renamed into place).
pub fn write_silero_vad_file(path: &Path) -> io::Result<()> {
    write_atomically(path, write_silero_vad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_has_the_computed_length() {
        let mut bytes = Vec::new();
        write_silero_vad(&mut bytes).expect("written to memory");
        assert_eq!(bytes.len() as u64, silero_file_len());
        // 1 STFT tensor, 4 * 2 encoder tensors, 4 LSTM tensors, 2 decoder tensors.
        assert_eq!(vad_tensors().len(), 15);
    }
}
