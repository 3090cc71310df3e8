//! Writes a ggml whisper model with the real tiny/base shapes and seeded random weights,
//! or the energy-gate Silero VAD model (`--shape silero-16k`).
//!
//! `make-whisper-model --shape tiny|base|silero-16k --out PATH [--seed N] [--chatty]`

use std::path::PathBuf;

use anyhow::Context;
use clap::Parser;
use onno_test_support::silero_model::{self, silero_file_len, write_silero_vad_file};
use onno_test_support::whisper_model::{model_file_len, write_model_file};
use onno_test_support::{Flavor, ModelShape};

#[derive(Parser)]
#[command(about = "Write a whisper.cpp ggml model with random weights (for tests only)")]
struct Args {
    /// Model shape: tiny or base (multilingual vocabulary), or silero-16k for the
    /// energy-gate Silero VAD model (seed and chatty do not apply).
    #[arg(long)]
    shape: String,
    /// Where to write the model file.
    #[arg(long)]
    out: PathBuf,
    /// Seed of the weight generator; the same seed gives the same file.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Scale text-token embeddings up so that decoding never closes a segment and runs
    /// to the token cap (for testing caps and hallucination guards).
    #[arg(long)]
    chatty: bool,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    if args.shape == silero_model::MODEL_TYPE {
        write_silero_vad_file(&args.out)
            .with_context(|| format!("cannot write {}", args.out.display()))?;
        println!(
            "wrote {} (Silero VAD {}, energy gate, {} bytes)",
            args.out.display(),
            silero_model::MODEL_TYPE,
            silero_file_len()
        );
        return Ok(());
    }
    let shape: ModelShape = args
        .shape
        .parse()
        .map_err(|e| anyhow::anyhow!("{e}, or silero-16k for the VAD model"))?;
    let hp = shape.hparams();
    let flavor = if args.chatty {
        Flavor::Chatty
    } else {
        Flavor::Plain
    };
    write_model_file(&args.out, &hp, args.seed, flavor)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    println!(
        "wrote {} ({} shape, {} weights, seed {}, {} bytes)",
        args.out.display(),
        shape,
        flavor.name(),
        args.seed,
        model_file_len(&hp)
    );
    Ok(())
}
