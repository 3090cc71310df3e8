//! `onno analyze MEETING_ID`: the offline signals over a stored meeting and, when a
//! language model is configured and on, its action items and summary.

use anyhow::bail;
use clap::Args as ClapArgs;
use indicatif::{ProgressBar, ProgressStyle};
use onno_assist::{Analysis, LlmOutcome, SkipReason, Step, UsageTotals, analyze_meeting};
use onno_llm::LlmClient;
use onno_signals::Signal;
use onno_store::Store;
use serde::Serialize;

use crate::llm::skip_reason;
use crate::output::Output;

#[derive(ClapArgs)]
pub struct Args {
    #[arg(value_parser = clap::value_parser!(i64).range(1..))]
    id: i64,
    /// Offline signals only: nothing is sent to the language model
    #[arg(long)]
    no_llm: bool,
}

pub fn run(store: &Store, out: Output, args: Args) -> anyhow::Result<()> {
    let meeting = store.meeting(args.id)?;
    let client = match args.no_llm {
        true => Err(SkipReason::NotAsked),
        false => crate::llm::client(store)?.inspect_err(|reason| {
            eprintln!(
                "onno: {}; running the offline signals only",
                skip_reason(*reason)
            );
        }),
    };
    let analysis = analyze(store, meeting.id, client.as_ref().map_err(|r| *r))?;
    let report = Report {
        analysis: &analysis,
        usage: UsageTotals::of(&store.llm_usage(meeting.id)?),
    };
    out.emit(&report, |r| {
        human(&meeting.title, r.analysis) + &usage_text(&r.usage)
    })?;
    match &analysis.llm {
        LlmOutcome::Failed(why) => bail!("the language model part failed: {why}"),
        LlmOutcome::Skipped(why) if client.is_ok() => {
            eprintln!("onno: language model skipped: {}", skip_reason(*why));
            Ok(())
        }
        _ => Ok(()),
    }
}

/// What `onno analyze` prints: the analysis, and the meeting's language model usage
/// so far (every call, not only this run's) with the answers left out and why.
#[derive(Serialize)]
struct Report<'a> {
    #[serde(flatten)]
    analysis: &'a Analysis,
    usage: UsageTotals,
}

/// Runs the analysis of a stored meeting, its steps on a spinner on stderr (shown only
/// on a terminal) while the language model is asked.
pub fn analyze(
    store: &Store,
    meeting_id: i64,
    client: Result<&LlmClient, SkipReason>,
) -> anyhow::Result<Analysis> {
    let spinner = ProgressBar::new_spinner();
    spinner.set_style(
        ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    if !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        spinner.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    spinner.enable_steady_tick(std::time::Duration::from_millis(120));
    let mut on_step = |step: Step| {
        spinner.set_message(match step {
            Step::Signals => "finding signals",
            Step::ActionItems => "asking the language model for action items",
            Step::Summary => "asking the language model for a summary",
        })
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let analysis = runtime.block_on(analyze_meeting(store, meeting_id, client, &mut on_step));
    spinner.finish_and_clear();
    Ok(analysis?)
}

fn human(title: &str, a: &Analysis) -> String {
    let mut out = format!(
        "meeting {}: {title} ({} segments)\n",
        a.meeting_id, a.segments
    );
    let covered = a
        .checklist
        .iter()
        .filter(|c| c.covered_by.is_some())
        .count();
    out.push_str(&format!(
        "\nchecklist: {covered} of {} covered\n",
        a.checklist.len()
    ));
    for item in a.checklist.iter().filter(|c| c.covered_by.is_none()) {
        out.push_str(&format!("  not covered: {}\n", item.text));
    }
    let metrics: Vec<String> = a
        .signals
        .iter()
        .filter_map(|s| match s {
            Signal::MetricSpotted { metric, .. } => Some(format!(
                "  {} = {}{}",
                metric.storage_key(),
                metric.value,
                metric
                    .store_unit()
                    .map(|u| format!(" {u}"))
                    .unwrap_or_default()
            )),
            _ => None,
        })
        .collect();
    if !metrics.is_empty() {
        out.push_str(&format!(
            "\nmetrics ({} new facts recorded):\n",
            a.facts_recorded
        ));
        out.push_str(&metrics.join("\n"));
        out.push('\n');
    }
    if !a.action_items.is_empty() {
        out.push_str("\naction items (pending approval):\n");
        for item in &a.action_items {
            let who = item
                .assignee
                .as_deref()
                .map(|w| format!(" [{w}]"))
                .unwrap_or_default();
            let due = item
                .due_date
                .as_deref()
                .map(|d| format!(" due {d}"))
                .unwrap_or_default();
            out.push_str(&format!("  {}. {}{who}{due}\n", item.id, item.text));
        }
    }
    if let Some(summary) = &a.summary {
        out.push_str(&format!("\nsummary:\n{}\n", summary.body.content));
        for point in &summary.body.key_points {
            out.push_str(&format!("  * {point}\n"));
        }
        for decision in &summary.body.decisions {
            out.push_str(&format!("  decided: {decision}\n"));
        }
        for missed in &summary.body.missed_questions {
            out.push_str(&format!("  missed question: {missed}\n"));
        }
    }
    out.push_str(&match &a.llm {
        LlmOutcome::Done => "\nlanguage model: done\n".to_owned(),
        LlmOutcome::Skipped(why) => {
            format!("\nlanguage model: skipped ({})\n", skip_reason(*why))
        }
        LlmOutcome::Failed(why) => format!("\nlanguage model: failed ({why})\n"),
    });
    out
}

/// The usage line (none when the model was never asked), then the answers left out by
/// reason.
fn usage_text(u: &UsageTotals) -> String {
    if u.calls == 0 {
        return String::new();
    }
    let plural = |n: u32, one: &str, many: &str| match n {
        1 => format!("1 {one}"),
        _ => format!("{n} {many}"),
    };
    let mut out = format!(
        "language model usage for this meeting: {}, {} tokens in, {} out{}",
        plural(u.calls, "call", "calls"),
        u.prompt_tokens,
        u.completion_tokens,
        if u.estimated { " (estimated)" } else { "" }
    );
    for (n, one, many) in [
        (
            u.format_negotiations,
            "format negotiation",
            "format negotiations",
        ),
        (u.repairs, "repair", "repairs"),
        (u.failed, "failed", "failed"),
    ] {
        if n > 0 {
            out.push_str(&format!(", {}", plural(n, one, many)));
        }
    }
    out.push('\n');
    if u.dropped > 0 {
        let reasons: Vec<String> = u
            .dropped_reasons
            .iter()
            .map(|(reason, n)| format!("{n} {}", reason_text(reason)))
            .collect();
        out.push_str(&format!(
            "  {} left out: {}\n",
            plural(u.dropped, "unusable answer", "unusable answers"),
            reasons.join(", ")
        ));
    }
    out
}

fn reason_text(reason: &str) -> &str {
    match reason {
        "not_a_question" => "not a question",
        "repeats_transcript" => "repeating the transcript",
        "repeats_earlier" => "repeating an earlier one",
        other => other,
    }
}
