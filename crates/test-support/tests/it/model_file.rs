use std::path::Path;
use std::process::Command;

use onno_test_support::silero_model::{silero_file_len, vad_tensors, write_silero_vad};
use onno_test_support::whisper_model::{
    GGML_MAGIC, Hparams, N_FFT_BINS, N_TEXT_TOKENS, model_file_len, tensor_specs, write_model,
};
use onno_test_support::{ModelShape, test_model, test_vad_model};

/// A model small enough to write into memory in a blink; whisper.cpp would load it too.
const MINI: Hparams = Hparams {
    n_vocab: 51_865,
    n_audio_ctx: 16,
    n_audio_state: 8,
    n_audio_head: 2,
    n_audio_layer: 1,
    n_text_ctx: 8,
    n_text_state: 8,
    n_text_head: 2,
    n_text_layer: 1,
    n_mels: 80,
};

/// What a reader following `whisper_model_load()` finds in a model file.
#[derive(Debug)]
struct Parsed {
    hparams: [i32; 11],
    n_mel: i32,
    n_fft: i32,
    vocab: Vec<Vec<u8>>,
    tensors: Vec<(String, Vec<i32>, i32, usize)>,
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> &'a [u8] {
        let s = &self.bytes[self.pos..self.pos + n];
        self.pos += n;
        s
    }
    fn i32(&mut self) -> i32 {
        i32::from_le_bytes(self.take(4).try_into().unwrap())
    }
}

fn parse(bytes: &[u8]) -> Parsed {
    let mut r = Reader { bytes, pos: 0 };
    assert_eq!(r.i32() as u32, GGML_MAGIC);
    let mut hparams = [0; 11];
    for h in &mut hparams {
        *h = r.i32();
    }
    let n_mel = r.i32();
    let n_fft = r.i32();
    r.take(4 * (n_mel * n_fft) as usize);
    let n_vocab = r.i32();
    let vocab = (0..n_vocab)
        .map(|_| {
            let len = r.i32() as usize;
            r.take(len).to_vec()
        })
        .collect();
    let mut tensors = Vec::new();
    while r.pos < bytes.len() {
        let n_dims = r.i32();
        let name_len = r.i32() as usize;
        let ttype = r.i32();
        let dims: Vec<i32> = (0..n_dims).map(|_| r.i32()).collect();
        let name = String::from_utf8(r.take(name_len).to_vec()).unwrap();
        let elements: i32 = dims.iter().product();
        let size = elements as usize * if ttype == 1 { 2 } else { 4 };
        r.take(size);
        tensors.push((name, dims, ttype, size));
    }
    Parsed {
        hparams,
        n_mel,
        n_fft,
        vocab,
        tensors,
    }
}

fn write_to_vec(hp: &Hparams, seed: u64) -> Vec<u8> {
    let mut bytes = Vec::new();
    write_model(&mut bytes, hp, seed).unwrap();
    bytes
}

#[test]
fn header_vocabulary_and_tensors_follow_the_loader() {
    let bytes = write_to_vec(&MINI, 3);
    assert_eq!(bytes.len() as u64, model_file_len(&MINI));
    let parsed = parse(&bytes);

    assert_eq!(parsed.hparams, [51_865, 16, 8, 2, 1, 8, 8, 2, 1, 80, 1]);
    assert_eq!((parsed.n_mel, parsed.n_fft), (80, N_FFT_BINS as i32));

    assert_eq!(parsed.vocab.len(), N_TEXT_TOKENS);
    assert_eq!(parsed.vocab[220], b" ", "suppress_blank looks up token 220");
    assert_eq!(parsed.vocab[0], b"!");
    assert!(parsed.vocab[..256].iter().all(|t| t.len() == 1));

    let expected = tensor_specs(&MINI);
    assert_eq!(parsed.tensors.len(), expected.len());
    for ((name, dims, ttype, _), spec) in parsed.tensors.iter().zip(&expected) {
        assert_eq!(name, &spec.name);
        assert_eq!(dims, &spec.dims);
        let is_matrix = name.ends_with(".weight") && dims.len() >= 2 && !name.contains("_ln");
        assert_eq!(*ttype, if is_matrix { 1 } else { 0 }, "type of {name}");
    }
    let conv_bias = parsed
        .tensors
        .iter()
        .find(|t| t.0 == "encoder.conv1.bias")
        .unwrap();
    assert_eq!(conv_bias.1, vec![1, 8], "conv biases are 2-D [1, n_state]");
}

#[test]
fn the_same_seed_gives_the_same_bytes() {
    let a = write_to_vec(&MINI, 11);
    assert_eq!(a, write_to_vec(&MINI, 11));
    assert_ne!(a, write_to_vec(&MINI, 12));
}

#[test]
fn cached_tiny_model_has_the_real_shape() {
    let path = test_model(ModelShape::Tiny);
    let len = std::fs::metadata(&path).unwrap().len();
    assert_eq!(len, model_file_len(&Hparams::TINY));
    assert!(
        (70_000_000..80_000_000).contains(&len),
        "tiny f16 is ~75 MB, got {len}"
    );
    let header = &std::fs::read(&path).unwrap()[..48];
    let hp: Vec<i32> = header[4..48]
        .chunks(4)
        .map(|c| i32::from_le_bytes(c.try_into().unwrap()))
        .collect();
    assert_eq!(hp, vec![51_865, 1500, 384, 6, 4, 448, 384, 6, 4, 80, 1]);
    // A second call reuses the cached file.
    assert_eq!(test_model(ModelShape::Tiny), path);
}

#[test]
fn base_shape_is_bigger_than_tiny() {
    let tiny = model_file_len(&Hparams::TINY);
    let base = model_file_len(&Hparams::BASE);
    assert!(
        (140_000_000..160_000_000).contains(&base),
        "base f16 is ~148 MB, got {base}"
    );
    assert!(base > tiny);
}

fn make_whisper_model(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_make-whisper-model"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn binary_writes_a_tiny_model() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("models/ggml-tiny.bin");
    let result = make_whisper_model(&["--shape", "tiny", "--out", path_str(&out), "--seed", "5"]);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    assert_eq!(
        std::fs::metadata(&out).unwrap().len(),
        model_file_len(&Hparams::TINY)
    );
    let leftovers: Vec<_> = std::fs::read_dir(out.parent().unwrap()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary files are left behind");
}

#[test]
fn binary_rejects_an_unknown_shape() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m.bin");
    let result = make_whisper_model(&["--shape", "huge", "--out", path_str(&out)]);
    assert!(!result.status.success());
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains("unknown model shape 'huge'"), "{stderr}");
    assert!(!out.exists());
}

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn binary_writes_the_silero_vad_model() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ggml-silero.bin");
    let result = make_whisper_model(&["--shape", "silero-16k", "--out", path_str(&out)]);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(bytes, std::fs::read(test_vad_model()).unwrap());
    assert_eq!(bytes.len() as u64, silero_file_len());
}

#[test]
fn silero_vad_file_follows_the_loader() {
    let mut bytes = Vec::new();
    write_silero_vad(&mut bytes).unwrap();
    let mut r = Reader {
        bytes: &bytes,
        pos: 0,
    };
    assert_eq!(r.i32() as u32, GGML_MAGIC);
    let type_len = r.i32() as usize;
    assert_eq!(r.take(type_len), b"silero-16k");
    let header: Vec<i32> = (0..3 + 2 + 1 + 12 + 4).map(|_| r.i32()).collect();
    assert_eq!(
        header,
        [
            5, 1, 2, 512, 64, 4, 129, 128, 3, 128, 64, 3, 64, 64, 3, 64, 128, 3, 128, 128, 128, 1
        ]
    );
    let mut names = Vec::new();
    while r.pos < bytes.len() {
        let n_dims = r.i32() as usize;
        let name_len = r.i32() as usize;
        let ttype = r.i32();
        let dims: Vec<i32> = (0..n_dims).map(|_| r.i32()).collect();
        let name = String::from_utf8(r.take(name_len).to_vec()).unwrap();
        let spec = vad_tensors().into_iter().find(|t| t.name == name).unwrap();
        assert_eq!((dims.clone(), ttype), (spec.dims, spec.ggml_type), "{name}");
        let elem = if ttype == 1 { 2 } else { 4 };
        r.take(dims.iter().product::<i32>() as usize * elem);
        names.push(name);
    }
    assert_eq!(names.len(), 15);
    assert_eq!(names[0], "_model.stft.forward_basis_buffer");
}
