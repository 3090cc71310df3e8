//! `onno finalize MEETING_ID`: the final pass over a recorded meeting (also run by
//! `onno record --final-pass`). The recordings are transcribed again as a whole, with a
//! progress bar per file, and the result replaces the live transcript in one step.

use std::path::Path;

use onno_asr::WhisperEngine;
use onno_live::{FinalPassSummary, final_pass, final_pass_options};
use onno_store::{DataDir, SegmentSource, Store};

use crate::output::Output;
use crate::transcribe::Bar;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The meeting, as `onno meetings list` shows it
    meeting: i64,
    /// A model from `onno models list`, or the path of a ggml model file [default: the
    /// model `onno models default` shows]
    #[arg(long, value_name = "NAME|PATH")]
    model: Option<String>,
    /// The spoken language: auto (among the languages of `onno config languages`), or
    /// a code such as ko or en
    #[arg(long, default_value = "auto")]
    language: String,
    /// CPU threads for the speech model [default: the physical cores]
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=256))]
    threads: Option<u16>,
}

pub fn run(data_dir: &DataDir, store: &Store, out: Output, args: Args) -> anyhow::Result<()> {
    store.meeting(args.meeting)?;
    let model = match &args.model {
        Some(model) => model.clone(),
        None => crate::models::default_model(store)?,
    };
    let engine = crate::transcribe::load_engine(data_dir, &model, args.threads)?;
    let summary = run_pass(data_dir, store, args.meeting, engine, &args.language, out)?;
    out.emit(&summary, |s| {
        format!(
            "meeting {}: {} final segments in place of {} live ones ({} kept, {} echo dropped), {:.0} s of audio",
            s.meeting_id, s.added, s.replaced, s.kept, s.echo_dropped, s.audio_seconds
        )
    })
}

/// Runs the final pass on `meeting_id` with a progress bar per recording (none when the
/// result is JSON).
pub fn run_pass(
    data_dir: &DataDir,
    store: &Store,
    meeting_id: i64,
    mut engine: WhisperEngine,
    language: &str,
    out: Output,
) -> anyhow::Result<FinalPassSummary> {
    let options = final_pass_options(language, crate::models::voice_detector(data_dir))?;
    let mut bars: Vec<(SegmentSource, Bar)> = Vec::new();
    let pass = final_pass(
        store,
        meeting_id,
        &mut engine,
        &options,
        &mut |source, p| {
            if out.is_json() {
                return;
            }
            if bars.last().is_none_or(|(s, _)| *s != source) {
                if let Some((_, bar)) = bars.last_mut() {
                    bar.finish();
                }
                let name = format!("final pass ({})", source.as_str());
                bars.push((source, Bar::new(Path::new(&name))));
            }
            if let Some((_, bar)) = bars.last_mut() {
                bar.update(p);
            }
        },
    )?;
    for (_, bar) in &mut bars {
        bar.finish();
    }
    Ok(pass.summary(meeting_id))
}
