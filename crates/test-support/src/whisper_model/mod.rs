//! A writer for ggml whisper model files with seeded random weights.
//!
//! The layout follows `whisper_model_load()` in the whisper.cpp that whisper-rs-sys vendors:
//!
//! ```text
//! u32 magic "ggml" (0x67676d6c)
//! i32 n_vocab n_audio_ctx n_audio_state n_audio_head n_audio_layer
//!     n_text_ctx n_text_state n_text_head n_text_layer n_mels ftype
//! i32 n_mel, i32 n_fft, f32[n_mel * n_fft]          mel filter bank
//! i32 n_tokens, then per token: u32 len, bytes       vocabulary (ids 0..n_tokens)
//! per tensor: i32 n_dims, i32 name_len, i32 type, i32 ne[n_dims], name, data
//! ```
//!
//! Every number is little-endian. Tensor dimensions are in ggml order (`ne[0]` is the
//! innermost, contiguous one). The vocabulary holds the 50 257 byte-level BPE tokens
//! of a multilingual model; whisper.cpp adds the special, language and timestamp tokens
//! up to `n_vocab` itself. Ids 0-255 are the 256 single bytes in GPT-2's byte order, so
//! id 220 is `" "`, which `suppress_blank` looks up.
mod values;
mod write;

use std::fmt;
use std::str::FromStr;

pub use values::{gpt2_byte_order, mel_filters, vocabulary};
pub(crate) use write::write_atomically;
pub use write::{model_file_len, write_model, write_model_file, write_model_with};

/// `"ggml"` read as a little-endian `u32`: the first four bytes of every whisper model.
pub const GGML_MAGIC: u32 = 0x6767_6d6c;

/// ggml tensor type ids used by the writer.
const GGML_TYPE_F32: i32 = 0;
const GGML_TYPE_F16: i32 = 1;

/// `ftype` 1: big matrices in f16, the rest f32 (what the official `ggml-*.bin` files use).
const FTYPE_MOSTLY_F16: i32 = 1;

/// Number of frequency bins of whisper's 400-point FFT (`1 + 400 / 2`).
pub const N_FFT_BINS: usize = 201;

/// Byte-level BPE tokens written into the vocabulary of a multilingual model (ranks
/// 0..50257 of `multilingual.tiktoken`); whisper.cpp adds the rest up to `n_vocab`.
pub const N_TEXT_TOKENS: usize = 50_257;

/// Standard deviation of the random weights: small enough that activations stay sane.
const WEIGHT_STD: f32 = 0.02;

/// The hyper-parameters in a whisper model header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hparams {
    pub n_vocab: i32,
    pub n_audio_ctx: i32,
    pub n_audio_state: i32,
    pub n_audio_head: i32,
    pub n_audio_layer: i32,
    pub n_text_ctx: i32,
    pub n_text_state: i32,
    pub n_text_head: i32,
    pub n_text_layer: i32,
    pub n_mels: i32,
}

impl Hparams {
    /// The shape of OpenAI's multilingual `tiny` model (39 M parameters).
    pub const TINY: Hparams = Hparams {
        n_vocab: 51_865,
        n_audio_ctx: 1500,
        n_audio_state: 384,
        n_audio_head: 6,
        n_audio_layer: 4,
        n_text_ctx: 448,
        n_text_state: 384,
        n_text_head: 6,
        n_text_layer: 4,
        n_mels: 80,
    };

    /// The shape of OpenAI's multilingual `base` model (74 M parameters).
    pub const BASE: Hparams = Hparams {
        n_vocab: 51_865,
        n_audio_ctx: 1500,
        n_audio_state: 512,
        n_audio_head: 8,
        n_audio_layer: 6,
        n_text_ctx: 448,
        n_text_state: 512,
        n_text_head: 8,
        n_text_layer: 6,
        n_mels: 80,
    };

    /// `true` when whisper.cpp will treat the model as multilingual (51 864 = English-only).
    pub fn is_multilingual(&self) -> bool {
        self.n_vocab >= 51_865
    }
}

/// How the random model behaves when whisper.cpp decodes with it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Flavor {
    /// Every weight N(0, 0.02). The timestamp tokens, taken together, outweigh any text
    /// token, so whisper emits short segments (a timestamp, a token, a timestamp).
    #[default]
    Plain,
    /// Decodes like a hallucination loop: an opening timestamp of 0.02 s, then text until
    /// the token cap, never a closing timestamp. Text-token embeddings (and
    /// `<|transcribe|>`'s) are scaled up (N(0, 0.15)) so text beats the timestamps, and the
    /// timestamp embeddings point along `<|transcribe|>`'s, so right after the prompt a
    /// timestamp wins, `<|0.02|>` most.
    /// whisper.cpp then advances its window by only 20 ms per pass. Use it to test token
    /// caps and hallucination guards.
    Chatty,
}

impl Flavor {
    pub fn name(self) -> &'static str {
        match self {
            Flavor::Plain => "plain",
            Flavor::Chatty => "chatty",
        }
    }
}

/// Standard deviation of the text-token embeddings of a [`Flavor::Chatty`] model.
const CHATTY_TEXT_STD: f32 = 0.15;
/// Timestamp embeddings of a chatty model: this multiple of `<|transcribe|>`'s (itself
/// scaled like a text token), plus noise; `<|0.02|>` gets the larger one.
const CHATTY_TIMESTAMP_GAIN: f32 = 0.5;
const CHATTY_FIRST_TIMESTAMP_GAIN: f32 = 1.0;

/// A named model shape the writer knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ModelShape {
    Tiny,
    Base,
}

impl ModelShape {
    pub const ALL: [ModelShape; 2] = [ModelShape::Tiny, ModelShape::Base];

    pub fn name(self) -> &'static str {
        match self {
            ModelShape::Tiny => "tiny",
            ModelShape::Base => "base",
        }
    }

    pub fn hparams(self) -> Hparams {
        match self {
            ModelShape::Tiny => Hparams::TINY,
            ModelShape::Base => Hparams::BASE,
        }
    }
}

impl fmt::Display for ModelShape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ModelShape {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "tiny" => Ok(ModelShape::Tiny),
            "base" => Ok(ModelShape::Base),
            other => Err(format!(
                "unknown model shape '{other}' (expected tiny or base)"
            )),
        }
    }
}

/// What a tensor holds, which decides its type and its values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TensorRole {
    /// A weight matrix or convolution kernel: f16, N(0, 0.02).
    Weight,
    /// A bias: f32, N(0, 0.02).
    Bias,
    /// A layer-norm gain: f32, all ones.
    NormWeight,
    /// A layer-norm bias: f32, all zeros.
    NormBias,
    /// The encoder's fixed sinusoidal positional embedding: f32.
    Sinusoids,
    /// The decoder's learned positional embedding: f32, N(0, 0.02).
    Embedding,
}

impl TensorRole {
    /// The ggml type id this role is stored as (0 = f32, 1 = f16).
    pub fn ggml_type(self) -> i32 {
        match self {
            TensorRole::Weight => GGML_TYPE_F16,
            _ => GGML_TYPE_F32,
        }
    }

    fn bytes_per_element(self) -> u64 {
        match self {
            TensorRole::Weight => 2,
            _ => 4,
        }
    }
}

/// One tensor of the model: its name, ggml dimensions and role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TensorSpec {
    pub name: String,
    pub dims: Vec<i32>,
    pub role: TensorRole,
}

impl TensorSpec {
    fn new(name: impl Into<String>, dims: &[i32], role: TensorRole) -> Self {
        TensorSpec {
            name: name.into(),
            dims: dims.to_vec(),
            role,
        }
    }

    pub fn n_elements(&self) -> u64 {
        self.dims.iter().map(|&d| d as u64).product()
    }

    pub fn data_bytes(&self) -> u64 {
        self.n_elements() * self.role.bytes_per_element()
    }

    /// Header plus data, as written to the file.
    fn file_bytes(&self) -> u64 {
        12 + 4 * self.dims.len() as u64 + self.name.len() as u64 + self.data_bytes()
    }
}

/// Every tensor whisper.cpp expects for `hp`, in the order the writer emits them.
pub fn tensor_specs(hp: &Hparams) -> Vec<TensorSpec> {
    use TensorRole::*;
    let a = hp.n_audio_state;
    let t = hp.n_text_state;
    let mut specs = vec![
        TensorSpec::new(
            "encoder.positional_embedding",
            &[a, hp.n_audio_ctx],
            Sinusoids,
        ),
        TensorSpec::new("encoder.conv1.weight", &[3, hp.n_mels, a], Weight),
        TensorSpec::new("encoder.conv1.bias", &[1, a], Bias),
        TensorSpec::new("encoder.conv2.weight", &[3, a, a], Weight),
        TensorSpec::new("encoder.conv2.bias", &[1, a], Bias),
    ];
    for i in 0..hp.n_audio_layer {
        let p = format!("encoder.blocks.{i}");
        specs.extend(attention_block(&p, "attn", a));
        specs.extend(mlp_block(&p, a));
    }
    specs.push(TensorSpec::new("encoder.ln_post.weight", &[a], NormWeight));
    specs.push(TensorSpec::new("encoder.ln_post.bias", &[a], NormBias));

    specs.push(TensorSpec::new(
        "decoder.positional_embedding",
        &[t, hp.n_text_ctx],
        Embedding,
    ));
    specs.push(TensorSpec::new(
        "decoder.token_embedding.weight",
        &[t, hp.n_vocab],
        Weight,
    ));
    for i in 0..hp.n_text_layer {
        let p = format!("decoder.blocks.{i}");
        specs.extend(attention_block(&p, "attn", t));
        specs.extend(attention_block(&p, "cross_attn", t));
        specs.extend(mlp_block(&p, t));
    }
    specs.push(TensorSpec::new("decoder.ln.weight", &[t], NormWeight));
    specs.push(TensorSpec::new("decoder.ln.bias", &[t], NormBias));
    specs
}

fn attention_block(prefix: &str, attn: &str, n: i32) -> Vec<TensorSpec> {
    use TensorRole::*;
    vec![
        TensorSpec::new(format!("{prefix}.{attn}_ln.weight"), &[n], NormWeight),
        TensorSpec::new(format!("{prefix}.{attn}_ln.bias"), &[n], NormBias),
        TensorSpec::new(format!("{prefix}.{attn}.query.weight"), &[n, n], Weight),
        TensorSpec::new(format!("{prefix}.{attn}.query.bias"), &[n], Bias),
        TensorSpec::new(format!("{prefix}.{attn}.key.weight"), &[n, n], Weight),
        TensorSpec::new(format!("{prefix}.{attn}.value.weight"), &[n, n], Weight),
        TensorSpec::new(format!("{prefix}.{attn}.value.bias"), &[n], Bias),
        TensorSpec::new(format!("{prefix}.{attn}.out.weight"), &[n, n], Weight),
        TensorSpec::new(format!("{prefix}.{attn}.out.bias"), &[n], Bias),
    ]
}

fn mlp_block(prefix: &str, n: i32) -> Vec<TensorSpec> {
    use TensorRole::*;
    vec![
        TensorSpec::new(format!("{prefix}.mlp_ln.weight"), &[n], NormWeight),
        TensorSpec::new(format!("{prefix}.mlp_ln.bias"), &[n], NormBias),
        TensorSpec::new(format!("{prefix}.mlp.0.weight"), &[n, 4 * n], Weight),
        TensorSpec::new(format!("{prefix}.mlp.0.bias"), &[4 * n], Bias),
        TensorSpec::new(format!("{prefix}.mlp.2.weight"), &[4 * n, n], Weight),
        TensorSpec::new(format!("{prefix}.mlp.2.bias"), &[n], Bias),
    ]
}

#[cfg(test)]
mod tests {
    use super::values::{Rng, special_ids};
    use super::*;

    #[test]
    fn special_ids_match_whisper_cpp() {
        assert_eq!(special_ids(51_864), (50_358, 50_363));
        assert_eq!(special_ids(51_865), (50_359, 50_364));
        assert_eq!(special_ids(51_866), (50_360, 50_365));
    }

    #[test]
    fn space_is_token_220() {
        let order = gpt2_byte_order();
        assert_eq!(order.len(), 256);
        assert_eq!(order[220], b' ');
        assert_eq!(order[0], b'!');
        let mut sorted = order.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), 256, "every byte exactly once");
    }

    #[test]
    fn vocabulary_is_unique() {
        let vocab = vocabulary();
        assert_eq!(vocab.len(), N_TEXT_TOKENS);
        let set: std::collections::HashSet<_> = vocab.iter().collect();
        assert_eq!(set.len(), vocab.len());
    }

    #[test]
    fn tensor_count_matches_whisper_cpp() {
        // 7 encoder globals + 15 per encoder block + 4 decoder globals + 24 per decoder block.
        assert_eq!(tensor_specs(&Hparams::TINY).len(), 7 + 15 * 4 + 4 + 24 * 4);
        assert_eq!(tensor_specs(&Hparams::BASE).len(), 7 + 15 * 6 + 4 + 24 * 6);
    }

    #[test]
    fn mel_filters_cover_the_spectrum() {
        let f = mel_filters(80);
        assert_eq!(f.len(), 80 * N_FFT_BINS);
        for m in 0..80 {
            let row = &f[m * N_FFT_BINS..(m + 1) * N_FFT_BINS];
            assert!(row.iter().all(|v| v.is_finite() && *v >= 0.0));
            assert!(row.iter().any(|v| *v > 0.0), "mel band {m} is empty");
        }
    }

    #[test]
    fn normals_have_unit_variance() {
        let mut rng = Rng::new(7);
        let n = 100_000;
        let xs: Vec<f64> = (0..n).map(|_| rng.normal() as f64).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64;
        assert!(mean.abs() < 0.02, "mean {mean}");
        assert!((var - 1.0).abs() < 0.03, "variance {var}");
    }
}
