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

use std::f64::consts::PI;
use std::fmt;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::str::FromStr;

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

/// The exact size in bytes of the file [`write_model`] writes for `hp`.
pub fn model_file_len(hp: &Hparams) -> u64 {
    let header = 4 + 11 * 4;
    let filters = 8 + 4 * hp.n_mels as u64 * N_FFT_BINS as u64;
    let vocab = 4 + vocabulary().iter().map(|t| 4 + t.len() as u64).sum::<u64>();
    let tensors: u64 = tensor_specs(hp).iter().map(TensorSpec::file_bytes).sum();
    header + filters + vocab + tensors
}

/// Writes a complete [`Flavor::Plain`] model for `hp` with weights drawn from a generator
/// seeded by `seed`. The same shape and seed always give the same bytes.
pub fn write_model(out: &mut impl Write, hp: &Hparams, seed: u64) -> io::Result<()> {
    write_model_with(out, hp, seed, Flavor::Plain)
}

/// [`write_model`] for any [`Flavor`].
pub fn write_model_with(
    out: &mut impl Write,
    hp: &Hparams,
    seed: u64,
    flavor: Flavor,
) -> io::Result<()> {
    let mut w = BufWriter::with_capacity(1 << 20, out);
    w.write_all(&GGML_MAGIC.to_le_bytes())?;
    for v in [
        hp.n_vocab,
        hp.n_audio_ctx,
        hp.n_audio_state,
        hp.n_audio_head,
        hp.n_audio_layer,
        hp.n_text_ctx,
        hp.n_text_state,
        hp.n_text_head,
        hp.n_text_layer,
        hp.n_mels,
        FTYPE_MOSTLY_F16,
    ] {
        w.write_all(&v.to_le_bytes())?;
    }

    w.write_all(&hp.n_mels.to_le_bytes())?;
    w.write_all(&(N_FFT_BINS as i32).to_le_bytes())?;
    for f in mel_filters(hp.n_mels as usize) {
        w.write_all(&f.to_le_bytes())?;
    }

    let vocab = vocabulary();
    w.write_all(&(vocab.len() as i32).to_le_bytes())?;
    for token in &vocab {
        w.write_all(&(token.len() as u32).to_le_bytes())?;
        w.write_all(token)?;
    }

    let mut rng = Rng::new(seed);
    for spec in tensor_specs(hp) {
        w.write_all(&(spec.dims.len() as i32).to_le_bytes())?;
        w.write_all(&(spec.name.len() as i32).to_le_bytes())?;
        w.write_all(&spec.role.ggml_type().to_le_bytes())?;
        for d in &spec.dims {
            w.write_all(&d.to_le_bytes())?;
        }
        w.write_all(spec.name.as_bytes())?;
        write_tensor_data(&mut w, &spec, &mut rng, flavor)?;
    }
    w.flush()
}

fn write_tensor_data(
    w: &mut impl Write,
    spec: &TensorSpec,
    rng: &mut Rng,
    flavor: Flavor,
) -> io::Result<()> {
    let n = spec.n_elements() as usize;
    let mut buf = Vec::with_capacity(64 * 1024);
    let mut emit = |buf: &mut Vec<u8>, last: bool| -> io::Result<()> {
        if last || buf.len() >= 60 * 1024 {
            w.write_all(buf)?;
            buf.clear();
        }
        Ok(())
    };
    match spec.role {
        TensorRole::Weight
            if flavor == Flavor::Chatty && spec.name == "decoder.token_embedding.weight" =>
        {
            let row_len = spec.dims[0] as usize;
            let n_vocab = spec.dims[1] as usize;
            let (transcribe, beg) = special_ids(n_vocab);
            let mut transcribe_row = vec![0f32; row_len];
            let mut row = vec![0f32; row_len];
            for id in 0..n_vocab {
                let std = if id < N_TEXT_TOKENS || id == transcribe {
                    CHATTY_TEXT_STD
                } else {
                    WEIGHT_STD
                };
                row.iter_mut().for_each(|v| *v = rng.normal() * std);
                if id == transcribe {
                    transcribe_row.copy_from_slice(&row);
                } else if id > beg {
                    let gain = if id == beg + 1 {
                        CHATTY_FIRST_TIMESTAMP_GAIN
                    } else {
                        CHATTY_TIMESTAMP_GAIN
                    };
                    row.iter_mut()
                        .zip(&transcribe_row)
                        .for_each(|(v, t)| *v += gain * t);
                }
                for v in &row {
                    buf.extend_from_slice(&half::f16::from_f32(*v).to_le_bytes());
                    emit(&mut buf, false)?;
                }
            }
        }
        TensorRole::Weight => {
            for _ in 0..n {
                let v = half::f16::from_f32(rng.normal() * WEIGHT_STD);
                buf.extend_from_slice(&v.to_le_bytes());
                emit(&mut buf, false)?;
            }
        }
        TensorRole::Bias | TensorRole::Embedding => {
            for _ in 0..n {
                buf.extend_from_slice(&(rng.normal() * WEIGHT_STD).to_le_bytes());
                emit(&mut buf, false)?;
            }
        }
        TensorRole::NormWeight | TensorRole::NormBias => {
            let v: f32 = if spec.role == TensorRole::NormWeight {
                1.0
            } else {
                0.0
            };
            for _ in 0..n {
                buf.extend_from_slice(&v.to_le_bytes());
                emit(&mut buf, false)?;
            }
        }
        TensorRole::Sinusoids => {
            let channels = spec.dims[0] as usize;
            let length = spec.dims[1] as usize;
            for v in sinusoids(length, channels) {
                buf.extend_from_slice(&v.to_le_bytes());
                emit(&mut buf, false)?;
            }
        }
    }
    emit(&mut buf, true)
}

/// Ids of `<|transcribe|>` and `<|0.00|>` as whisper.cpp assigns them for `n_vocab`.
fn special_ids(n_vocab: usize) -> (usize, usize) {
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
fn sinusoids(length: usize, channels: usize) -> Vec<f32> {
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

/// Writes the model for `hp` to `path` atomically: a temporary file in the same folder,
/// renamed into place when complete, so a reader never sees half a model.
pub fn write_model_file(path: &Path, hp: &Hparams, seed: u64, flavor: Flavor) -> io::Result<()> {
    write_atomically(path, |file| write_model_with(file, hp, seed, flavor))
}

/// Writes a file through `write` into a temporary file in `path`'s folder, then renames
/// it into place, so a reader never sees half a file.
pub(crate) fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut fs::File) -> io::Result<()>,
) -> io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir)?;
    let file_name = path.file_name().ok_or_else(|| {
        io::Error::new(io::ErrorKind::InvalidInput, "output path has no file name")
    })?;
    let tmp = dir.join(format!(
        ".{}.{}.{}.tmp",
        file_name.to_string_lossy(),
        std::process::id(),
        unique_suffix()
    ));
    let result = (|| {
        let mut file = fs::File::create(&tmp)?;
        write(&mut file)?;
        file.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

fn unique_suffix() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    COUNTER.fetch_add(1, Ordering::Relaxed)
}

/// SplitMix64: tiny, fast and plenty random for weights; Box-Muller for normals.
struct Rng {
    state: u64,
    spare: Option<f32>,
}

impl Rng {
    fn new(seed: u64) -> Self {
        Rng {
            state: seed ^ 0x5DEE_CE66_D1CE_4E5B,
            spare: None,
        }
    }

    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in (0, 1].
    fn unit(&mut self) -> f64 {
        ((self.next_u64() >> 11) + 1) as f64 / (1u64 << 53) as f64
    }

    fn normal(&mut self) -> f32 {
        if let Some(v) = self.spare.take() {
            return v;
        }
        let r = (-2.0 * self.unit().ln()).sqrt();
        let theta = 2.0 * PI * self.unit();
        self.spare = Some((r * theta.sin()) as f32);
        (r * theta.cos()) as f32
    }
}

#[cfg(test)]
mod tests {
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
