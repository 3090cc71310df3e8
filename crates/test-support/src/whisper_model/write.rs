//! Writing a model file: the header, the filters, the vocabulary and every tensor's
//! data, atomically, so a test never reads a half-written model.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use super::values::{Rng, mel_filters, sinusoids, special_ids, vocabulary};
use super::*;

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
