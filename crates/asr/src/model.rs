//! Reading and checking a whisper ggml model file before whisper.cpp sees it.
//!
//! whisper.cpp trusts its input: an unknown weight type trips a `GGML_ASSERT` (the process
//! aborts), a short read is not noticed, and a file whose tensors are all missing loads
//! as an "empty model for testing". So [`inspect_model`] walks the whole layout that
//! `whisper_model_load()` reads (header, mel filters, vocabulary, every tensor header)
//! and checks each tensor's name, shape, type and that its data lies inside the file.
//! It reads only headers and seeks over the weights, so it costs milliseconds.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::Path;

use crate::error::{AsrError, ErrorKind};

const GGML_MAGIC: u32 = 0x6767_6d6c;
const N_FFT_BINS: i32 = 201;
/// Quantized model files store `ftype + 1000 * quantization_version`.
const QNT_VERSION_FACTOR: i32 = 1000;

/// What the header of a whisper model says, after it has been checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModelInfo {
    pub file_len: u64,
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
    /// The ggml file type without the quantization version: 0 f32, 1 f16, 7 q8_0, 9 q5_1...
    pub ftype: i32,
    pub n_tensors: usize,
}

impl ModelInfo {
    /// Multilingual models have 51 865 (or 51 866, large-v3) tokens; 51 864 is English-only.
    pub fn is_multilingual(&self) -> bool {
        self.n_vocab >= 51_865
    }

    /// The family name whisper.cpp gives a model with this many encoder layers.
    pub fn size_name(&self) -> &'static str {
        match self.n_audio_layer {
            4 => "tiny",
            6 => "base",
            12 => "small",
            24 => "medium",
            32 => "large",
            _ => "unknown",
        }
    }
}

/// Checks that `path` is a complete whisper ggml model that whisper.cpp can load safely,
/// and returns its header. Errors are [`ErrorKind::Io`] or [`ErrorKind::InvalidModel`],
/// with a message naming the file and the first problem found.
pub fn inspect_model(path: &Path) -> Result<ModelInfo, AsrError> {
    let shown = path.display();
    let meta = std::fs::metadata(path).map_err(|e| {
        AsrError::with_source(
            ErrorKind::Io,
            format!("cannot open model file '{shown}': {e}"),
            e,
        )
    })?;
    if meta.is_dir() {
        return Err(AsrError::new(
            ErrorKind::Io,
            format!("model path '{shown}' is a directory, not a whisper model file"),
        ));
    }
    let file = File::open(path).map_err(|e| {
        AsrError::with_source(
            ErrorKind::Io,
            format!("cannot open model file '{shown}': {e}"),
            e,
        )
    })?;
    let mut reader = ModelReader {
        inner: BufReader::new(file),
        pos: 0,
        len: meta.len(),
    };
    match read_layout(&mut reader) {
        Ok(info) => Ok(info),
        Err(Problem::Invalid(why)) => Err(AsrError::new(
            ErrorKind::InvalidModel,
            format!("'{shown}' is not a usable whisper model: {why}"),
        )),
        Err(Problem::Io(e)) => Err(AsrError::with_source(
            ErrorKind::Io,
            format!("cannot read model file '{shown}': {e}"),
            e,
        )),
    }
}

pub(crate) enum Problem {
    Invalid(String),
    Io(io::Error),
}

impl From<io::Error> for Problem {
    fn from(e: io::Error) -> Self {
        Problem::Io(e)
    }
}

pub(crate) fn invalid<T>(why: impl Into<String>) -> Result<T, Problem> {
    Err(Problem::Invalid(why.into()))
}

pub(crate) struct ModelReader {
    pub(crate) inner: BufReader<File>,
    pub(crate) pos: u64,
    pub(crate) len: u64,
}

impl ModelReader {
    pub(crate) fn remaining(&self) -> u64 {
        self.len.saturating_sub(self.pos)
    }

    pub(crate) fn need(&self, bytes: u64, what: &str) -> Result<(), Problem> {
        if self.remaining() < bytes {
            return invalid(format!(
                "file is truncated: {what} needs {bytes} bytes at offset {} but the file ends at {} \
                 (re-download the model)",
                self.pos, self.len
            ));
        }
        Ok(())
    }

    pub(crate) fn i32(&mut self, what: &str) -> Result<i32, Problem> {
        self.need(4, what)?;
        let mut b = [0u8; 4];
        self.inner.read_exact(&mut b)?;
        self.pos += 4;
        Ok(i32::from_le_bytes(b))
    }

    pub(crate) fn bytes(&mut self, n: u64, what: &str) -> Result<Vec<u8>, Problem> {
        self.need(n, what)?;
        let mut buf = vec![0u8; n as usize];
        self.inner.read_exact(&mut buf)?;
        self.pos += n;
        Ok(buf)
    }

    pub(crate) fn skip(&mut self, n: u64, what: &str) -> Result<(), Problem> {
        self.need(n, what)?;
        self.inner.seek_relative(n as i64)?;
        self.pos += n;
        Ok(())
    }
}

fn read_layout(r: &mut ModelReader) -> Result<ModelInfo, Problem> {
    if r.len < 8 {
        return invalid(format!(
            "file is {} bytes long, too short to be a whisper model",
            r.len
        ));
    }
    let mut head = [0u8; 4];
    r.inner.read_exact(&mut head)?;
    r.pos = 4;
    let magic = u32::from_le_bytes(head);
    if magic != GGML_MAGIC {
        return invalid(describe_magic(&head));
    }

    let mut hp = [0i32; 11];
    for v in &mut hp {
        *v = r.i32("the header")?;
    }
    let mut info = header_info(&hp, r.len)?;
    let raw_ftype = hp[10];
    info.ftype = raw_ftype.rem_euclid(QNT_VERSION_FACTOR);
    let Some(wtype) = ftype_weight_type(info.ftype) else {
        return invalid(format!(
            "unsupported weight type: ftype {raw_ftype} (supported: f32, f16, bf16, q4_0, q4_1, q5_0, \
             q5_1, q8_0, q2_k..q6_k)"
        ));
    };

    let n_mel = r.i32("the mel filter header")?;
    let n_fft = r.i32("the mel filter header")?;
    if n_mel != info.n_mels || n_fft != N_FFT_BINS {
        return invalid(format!(
            "bad mel filters: {n_mel} x {n_fft} (expected {} x {N_FFT_BINS})",
            info.n_mels
        ));
    }
    r.skip(4 * n_mel as u64 * n_fft as u64, "the mel filter bank")?;

    check_vocabulary(r, info.n_vocab)?;

    let expected = expected_tensors(&hp, wtype);
    info.n_tensors = read_tensors(r, &expected, "a whisper model of this shape")?;
    Ok(info)
}

/// The header's numbers, each checked to be within what whisper.cpp can hold; the file
/// type and the tensor count are filled in as the rest of the file is read.
fn header_info(hp: &[i32; 11], file_len: u64) -> Result<ModelInfo, Problem> {
    let [
        n_vocab,
        n_audio_ctx,
        n_audio_state,
        n_audio_head,
        n_audio_layer,
        n_text_ctx,
        n_text_state,
        n_text_head,
        n_text_layer,
        n_mels,
        _,
    ] = *hp;
    if !(51_864..=51_866).contains(&n_vocab) {
        return invalid(format!(
            "bad header: vocabulary size {n_vocab} (whisper models have 51864-51866 tokens)"
        ));
    }
    for (name, v, max) in [
        ("n_audio_ctx", n_audio_ctx, 1 << 16),
        ("n_audio_state", n_audio_state, 1 << 14),
        ("n_audio_head", n_audio_head, 256),
        ("n_audio_layer", n_audio_layer, 128),
        ("n_text_ctx", n_text_ctx, 1 << 16),
        ("n_text_state", n_text_state, 1 << 14),
        ("n_text_head", n_text_head, 256),
        ("n_text_layer", n_text_layer, 128),
    ] {
        if v <= 0 || v > max {
            return invalid(format!("bad header: {name} = {v} (expected 1..={max})"));
        }
    }
    if n_audio_state != n_text_state {
        return invalid(format!(
            "bad header: n_audio_state {n_audio_state} differs from n_text_state {n_text_state}"
        ));
    }
    if n_audio_state % n_audio_head != 0 || n_text_state % n_text_head != 0 {
        return invalid("bad header: the state size is not a multiple of the head count");
    }
    if n_mels != 80 && n_mels != 128 {
        return invalid(format!(
            "bad header: n_mels = {n_mels} (expected 80 or 128)"
        ));
    }
    Ok(ModelInfo {
        file_len,
        n_vocab,
        n_audio_ctx,
        n_audio_state,
        n_audio_head,
        n_audio_layer,
        n_text_ctx,
        n_text_state,
        n_text_head,
        n_text_layer,
        n_mels,
        ftype: 0,
        n_tensors: 0,
    })
}

/// Walks the vocabulary: lengths in bounds, and the token " " that whisper.cpp needs.
fn check_vocabulary(r: &mut ModelReader, n_vocab: i32) -> Result<(), Problem> {
    let n_tokens = r.i32("the vocabulary size")?;
    if n_tokens <= 0 || n_tokens > n_vocab {
        return invalid(format!(
            "bad vocabulary: {n_tokens} tokens in a model of {n_vocab} (expected 1..={n_vocab})"
        ));
    }
    let mut has_space = false;
    for i in 0..n_tokens {
        let len = r.i32("a vocabulary entry")? as u32;
        if len > 1024 {
            return invalid(format!("bad vocabulary: token {i} is {len} bytes long"));
        }
        let word = r.bytes(u64::from(len), "a vocabulary entry")?;
        has_space |= word == b" ";
    }
    if !has_space {
        // whisper.cpp's suppress_blank looks the token " " up with `at()` and aborts.
        return invalid("bad vocabulary: there is no token for \" \" (id 220 in whisper models)");
    }
    Ok(())
}

/// What a model's tensors must be: name, then ggml dimensions and type.
pub(crate) type TensorSpec = HashMap<String, ([i64; 3], GgmlType)>;

/// Reads the tensor section to the end of the file: every tensor must be one of
/// `expected` (`kind` names the model in the message), appear once, have its shape, be
/// stored in a type of the same size (the comparison `whisper_model_load()` makes), and
/// have all its data in the file; then none may be missing. Returns how many were read.
pub(crate) fn read_tensors(
    r: &mut ModelReader,
    expected: &TensorSpec,
    kind: &str,
) -> Result<usize, Problem> {
    let mut seen: HashSet<String> = HashSet::with_capacity(expected.len());
    while r.remaining() > 0 {
        let n_dims = r.i32("a tensor header")?;
        let name_len = r.i32("a tensor header")?;
        let ttype = r.i32("a tensor header")?;
        if !(1..=4).contains(&n_dims) || !(1..=256).contains(&name_len) {
            return invalid(format!(
                "bad tensor header at offset {}: {n_dims} dimensions, name of {name_len} bytes",
                r.pos - 12
            ));
        }
        let mut dims = [1i64; 4];
        for d in dims.iter_mut().take(n_dims as usize) {
            *d = i64::from(r.i32("a tensor header")?);
        }
        let name =
            String::from_utf8_lossy(&r.bytes(name_len as u64, "a tensor name")?).into_owned();
        let Some((want_dims, want_type)) = expected.get(&name) else {
            return invalid(format!("unknown tensor '{name}' (not {kind}?)"));
        };
        if !seen.insert(name.clone()) {
            return invalid(format!("tensor '{name}' appears twice"));
        }
        if dims[..3] != want_dims[..3] || dims[3] != 1 {
            return invalid(format!(
                "tensor '{name}' has shape {:?}, expected {:?}",
                &dims[..n_dims as usize],
                want_dims
            ));
        }
        let Some(file_type) = GgmlType::from_id(ttype) else {
            return invalid(format!("tensor '{name}' has unknown type id {ttype}"));
        };
        let n_elements: i64 = dims.iter().product();
        if dims[0] % want_type.block as i64 != 0 {
            return invalid(format!(
                "tensor '{name}': row of {} values cannot hold {}-value blocks",
                dims[0], want_type.block
            ));
        }
        let n_bytes = (n_elements / want_type.block as i64) as u64 * want_type.size as u64;
        if (n_elements as u64 * file_type.size as u64) / want_type.block as u64 != n_bytes {
            return invalid(format!(
                "tensor '{name}' is stored as {} but the model needs {}",
                file_type.name, want_type.name
            ));
        }
        r.skip(n_bytes, &format!("the data of tensor '{name}'"))?;
    }
    if seen.len() != expected.len() {
        let mut missing: Vec<&str> = expected
            .keys()
            .filter(|k| !seen.contains(*k))
            .map(String::as_str)
            .collect();
        missing.sort_unstable();
        return invalid(format!(
            "file is truncated or incomplete: {} of {} tensors present (first missing: '{}')",
            seen.len(),
            expected.len(),
            missing.first().copied().unwrap_or("?")
        ));
    }
    Ok(seen.len())
}

pub(crate) fn describe_magic(head: &[u8; 4]) -> String {
    let what = match head {
        b"RIFF" => Some("a RIFF/WAV file (audio?)"),
        b"GGUF" => Some("a GGUF file; whisper.cpp needs a ggml-*.bin whisper model"),
        b"fLaC" => Some("a FLAC audio file"),
        b"OggS" => Some("an Ogg audio file"),
        [b'I', b'D', b'3', _] => Some("an MP3 audio file"),
        [b'P', b'K', 3, 4] => {
            Some("a zip archive (a PyTorch checkpoint? convert it to ggml first)")
        }
        [b'<', ..] => Some("an HTML/XML page (a failed download?)"),
        [b'{', ..] => Some("a JSON document"),
        [0x74, 0x6a, 0x67, 0x67] => Some("a legacy llama.cpp ggjt model, not whisper"),
        _ => None,
    };
    let hex = format!(
        "{:02x} {:02x} {:02x} {:02x}",
        head[0], head[1], head[2], head[3]
    );
    match what {
        Some(what) => format!("bad magic ({hex}): this looks like {what}"),
        None => format!("bad magic ({hex}), expected the ggml magic 'lmgg' (6c 6d 67 67)"),
    }
}

/// A ggml tensor type: values per block and bytes per block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct GgmlType {
    name: &'static str,
    block: u32,
    size: u32,
}

impl GgmlType {
    pub(crate) const F32: GgmlType = GgmlType {
        name: "f32",
        block: 1,
        size: 4,
    };
    pub(crate) const F16: GgmlType = GgmlType {
        name: "f16",
        block: 1,
        size: 2,
    };

    fn from_id(id: i32) -> Option<GgmlType> {
        let (name, block, size) = match id {
            0 => ("f32", 1, 4),
            1 => ("f16", 1, 2),
            2 => ("q4_0", 32, 18),
            3 => ("q4_1", 32, 20),
            6 => ("q5_0", 32, 22),
            7 => ("q5_1", 32, 24),
            8 => ("q8_0", 32, 34),
            10 => ("q2_k", 256, 84),
            11 => ("q3_k", 256, 110),
            12 => ("q4_k", 256, 144),
            13 => ("q5_k", 256, 176),
            14 => ("q6_k", 256, 210),
            30 => ("bf16", 1, 2),
            _ => return None,
        };
        Some(GgmlType { name, block, size })
    }
}

/// `ggml_ftype_to_ggml_type()` for the file types whisper models use. `None` where
/// ggml would abort (unknown values, `MOSTLY_Q4_1_SOME_F16`) or Onno does not check sizes.
fn ftype_weight_type(ftype: i32) -> Option<GgmlType> {
    let type_id = match ftype {
        0 => 0,
        1 => 1,
        2 => 2,
        3 => 3,
        7 => 8,
        8 => 6,
        9 => 7,
        10 => 10,
        11 => 11,
        12 => 12,
        13 => 13,
        14 => 14,
        24 => 30,
        _ => return None,
    };
    GgmlType::from_id(type_id)
}

/// Every tensor `whisper_model_load()` creates for these hyper-parameters, with its
/// ggml dimensions (padded with 1s) and the type it is allocated as.
fn expected_tensors(hp: &[i32; 11], wtype: GgmlType) -> TensorSpec {
    let [
        n_vocab,
        n_audio_ctx,
        a,
        _,
        n_audio_layer,
        n_text_ctx,
        t,
        _,
        n_text_layer,
        n_mels,
        _,
    ] = hp.map(i64::from);
    let vtype = if wtype == GgmlType::F32 {
        GgmlType::F32
    } else {
        GgmlType::F16
    };
    let f32 = GgmlType::F32;
    let mut m = HashMap::new();
    let mut add = |name: String, dims: [i64; 3], ty: GgmlType| {
        m.insert(name, (dims, ty));
    };
    add(
        "encoder.positional_embedding".into(),
        [a, n_audio_ctx, 1],
        f32,
    );
    add("encoder.conv1.weight".into(), [3, n_mels, a], vtype);
    add("encoder.conv1.bias".into(), [1, a, 1], f32);
    add("encoder.conv2.weight".into(), [3, a, a], vtype);
    add("encoder.conv2.bias".into(), [1, a, 1], f32);
    add("encoder.ln_post.weight".into(), [a, 1, 1], f32);
    add("encoder.ln_post.bias".into(), [a, 1, 1], f32);
    add(
        "decoder.positional_embedding".into(),
        [t, n_text_ctx, 1],
        f32,
    );
    add(
        "decoder.token_embedding.weight".into(),
        [t, n_vocab, 1],
        wtype,
    );
    add("decoder.ln.weight".into(), [t, 1, 1], f32);
    add("decoder.ln.bias".into(), [t, 1, 1], f32);

    let mut block = |prefix: String, n: i64, attns: &[&str]| {
        add(format!("{prefix}.mlp_ln.weight"), [n, 1, 1], f32);
        add(format!("{prefix}.mlp_ln.bias"), [n, 1, 1], f32);
        add(format!("{prefix}.mlp.0.weight"), [n, 4 * n, 1], wtype);
        add(format!("{prefix}.mlp.0.bias"), [4 * n, 1, 1], f32);
        add(format!("{prefix}.mlp.2.weight"), [4 * n, n, 1], wtype);
        add(format!("{prefix}.mlp.2.bias"), [n, 1, 1], f32);
        for attn in attns {
            add(format!("{prefix}.{attn}_ln.weight"), [n, 1, 1], f32);
            add(format!("{prefix}.{attn}_ln.bias"), [n, 1, 1], f32);
            add(format!("{prefix}.{attn}.query.weight"), [n, n, 1], wtype);
            add(format!("{prefix}.{attn}.query.bias"), [n, 1, 1], f32);
            add(format!("{prefix}.{attn}.key.weight"), [n, n, 1], wtype);
            add(format!("{prefix}.{attn}.value.weight"), [n, n, 1], wtype);
            add(format!("{prefix}.{attn}.value.bias"), [n, 1, 1], f32);
            add(format!("{prefix}.{attn}.out.weight"), [n, n, 1], wtype);
            add(format!("{prefix}.{attn}.out.bias"), [n, 1, 1], f32);
        }
    };
    for i in 0..n_audio_layer {
        block(format!("encoder.blocks.{i}"), a, &["attn"]);
    }
    for i in 0..n_text_layer {
        block(format!("decoder.blocks.{i}"), t, &["attn", "cross_attn"]);
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tensor_counts_match_whisper_cpp() {
        let tiny = [51_865, 1500, 384, 6, 4, 448, 384, 6, 4, 80, 1];
        assert_eq!(
            expected_tensors(&tiny, GgmlType::F16).len(),
            7 + 15 * 4 + 4 + 24 * 4
        );
    }

    #[test]
    fn magic_descriptions_name_the_file_kind() {
        assert!(describe_magic(b"RIFF").contains("WAV"));
        assert!(describe_magic(b"GGUF").contains("GGUF"));
        assert!(describe_magic(&[0, 1, 2, 3]).contains("00 01 02 03"));
    }

    #[test]
    fn quantized_file_types_map_like_ggml() {
        assert_eq!(ftype_weight_type(7).map(|t| t.name), Some("q8_0"));
        assert_eq!(ftype_weight_type(9).map(|t| t.name), Some("q5_1"));
        assert_eq!(
            ftype_weight_type(4),
            None,
            "ggml aborts on MOSTLY_Q4_1_SOME_F16"
        );
        assert_eq!(ftype_weight_type(99), None);
    }
}
