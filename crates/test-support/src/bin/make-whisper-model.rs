//! Writes a ggml whisper model with the real tiny/base shapes and seeded random weights.
//!
//! `make-whisper-model --shape tiny|base --out PATH [--seed N] [--chatty]`

use std::path::PathBuf;

use anyhow::Context;
use clap::Parser;
use onno_test_support::whisper_model::{model_file_len, write_model_file};
use onno_test_support::{Flavor, ModelShape};

#[derive(Parser)]
#[command(about = "Write a whisper.cpp ggml model with random weights (for tests only)")]
struct Args {
    /// Model shape: tiny or base (multilingual vocabulary).
    #[arg(long)]
    shape: ModelShape,
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
    let hp = args.shape.hparams();
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
        args.shape,
        flavor.name(),
        args.seed,
        model_file_len(&hp)
    );
    Ok(())
}
