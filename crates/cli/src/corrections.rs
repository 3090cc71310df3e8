//! `onno meetings lines ...`, `onno meetings speakers` and `onno meetings undo`: a
//! meeting's transcript corrected after the call. Lines are addressed by the ids that
//! `onno meetings show` prints.

use std::fmt::Write as _;

use anyhow::bail;
use clap::{ArgGroup, Args, Subcommand, ValueEnum};
use onno_store::{CorrectionKind, Segment, SegmentSource, SideSpeaker, Store, Undone, clock};
use serde::Serialize;

use crate::output::{Output, clean};

#[derive(Subcommand)]
pub enum LinesCommand {
    /// Replace a line's text (a final pass keeps an edited line as it is)
    Edit {
        /// The line's id, as `onno meetings show` prints it (#12)
        #[arg(value_name = "LINE_ID", value_parser = clap::value_parser!(i64).range(1..))]
        id: i64,
        /// The corrected text
        text: String,
    },
    /// Merge a line with the next line of the same side (the other side's lines may
    /// come between)
    Merge {
        /// The line's id, as `onno meetings show` prints it (#12)
        #[arg(value_name = "LINE_ID", value_parser = clap::value_parser!(i64).range(1..))]
        id: i64,
    },
    /// Split a line in two before a character
    Split {
        /// The line's id, as `onno meetings show` prints it (#12)
        #[arg(value_name = "LINE_ID", value_parser = clap::value_parser!(i64).range(1..))]
        id: i64,
        /// Where the second line starts, in characters from the start of the text
        /// (not bytes: 3 in "런웨이는" is before "는")
        #[arg(long, value_name = "N")]
        at: usize,
    },
}

/// A side of the call.
#[derive(Clone, Copy, ValueEnum)]
pub enum Side {
    /// The microphone: the user
    Me,
    /// The call's audio: everyone else
    Them,
}

impl From<Side> for SegmentSource {
    fn from(side: Side) -> Self {
        match side {
            Side::Me => SegmentSource::Me,
            Side::Them => SegmentSource::Them,
        }
    }
}

#[derive(Args)]
#[command(group(ArgGroup::new("what").required(true).args(["side", "line"])))]
#[command(group(ArgGroup::new("who").required(true).args(["name", "profile", "clear"])))]
pub struct SpeakersArgs {
    /// The meeting's id
    #[arg(value_name = "MEETING", value_parser = clap::value_parser!(i64).range(1..))]
    meeting: i64,
    /// Name a whole side of the call: its lines without a name of their own, and the
    /// lines a final pass adds later
    #[arg(long, value_enum)]
    side: Option<Side>,
    /// Name one line (the final pass then keeps it as it is)
    #[arg(long, value_name = "LINE_ID", value_parser = clap::value_parser!(i64).range(1..))]
    line: Option<i64>,
    /// Who spoke
    #[arg(long)]
    name: Option<String>,
    /// Who spoke: the name in your profile
    #[arg(long)]
    profile: bool,
    /// Take the name away
    #[arg(long)]
    clear: bool,
}

/// What `meetings speakers --side` prints.
#[derive(Serialize)]
struct SidesNamed {
    meeting_id: i64,
    speakers: Vec<SideSpeaker>,
}

/// What `meetings undo` prints; `undone` is null when there was nothing to undo.
#[derive(Serialize)]
struct UndoResult {
    meeting_id: i64,
    undone: Option<Undone>,
}

pub fn lines(store: &Store, out: Output, command: LinesCommand) -> anyhow::Result<()> {
    match command {
        LinesCommand::Edit { id, text } => {
            let line = store.edit_segment_text(id, &text)?;
            out.emit(&line, |l| {
                format!("Changed line {}.\n{}", l.id, line_text(l))
            })
        }
        LinesCommand::Merge { id } => {
            let line = store.merge_segment_with_next(id)?;
            out.emit(&line, |l| {
                format!("Merged into line {}.\n{}", l.id, line_text(l))
            })
        }
        LinesCommand::Split { id, at } => {
            let (first, second) = store.split_segment(id, at)?;
            out.emit(&[first, second], |[a, b]| {
                format!(
                    "Split line {id} into lines {} and {}.\n{}\n{}",
                    a.id,
                    b.id,
                    line_text(a),
                    line_text(b)
                )
            })
        }
    }
}

pub fn speakers(store: &Store, out: Output, args: SpeakersArgs) -> anyhow::Result<()> {
    let name = match (args.name, args.profile) {
        (Some(name), _) => Some(name),
        (None, true) => {
            let name = store.profile()?.name;
            if name.trim().is_empty() {
                bail!("your profile has no name; set one in the app, or pass --name");
            }
            Some(name)
        }
        (None, false) => None,
    };
    if let Some(line) = args.line {
        let found = store.segment(line)?;
        if found.meeting_id != args.meeting {
            bail!(
                "line {line} is in meeting {}, not in meeting {}",
                found.meeting_id,
                args.meeting
            );
        }
        let named = name.is_some();
        let line = store.set_segment_speaker(line, name.as_deref())?;
        return out.emit(&line, |l| {
            let what = match named {
                true => format!("Named line {}.", l.id),
                false => format!("Line {} has no name of its own now.", l.id),
            };
            format!("{what}\n{}", line_text(l))
        });
    }
    let Some(side) = args.side else {
        bail!("say which lines to name: --side or --line");
    };
    let source = SegmentSource::from(side);
    let speakers = store.set_side_speaker(args.meeting, source, name.as_deref())?;
    let named = SidesNamed {
        meeting_id: args.meeting,
        speakers,
    };
    out.emit(&named, |n| {
        match n.speakers.iter().find(|s| s.source == source) {
            Some(s) => format!(
                "The {source} side of meeting {} is {}.",
                n.meeting_id,
                clean(&s.name)
            ),
            None => format!("The {source} side of meeting {} has no name.", n.meeting_id),
        }
    })
}

pub fn undo(store: &Store, out: Output, meeting_id: i64) -> anyhow::Result<()> {
    let undone = store.undo_last_correction(meeting_id)?;
    out.emit(&UndoResult { meeting_id, undone }, |r| {
        let Some(undone) = &r.undone else {
            return format!("Nothing to undo in meeting {meeting_id}.");
        };
        let what = match (undone.correction.kind, undone.correction.side) {
            (CorrectionKind::EditText, _) => "the edit of a line".to_owned(),
            (CorrectionKind::NameLine, _) => "the name of a line".to_owned(),
            (CorrectionKind::NameSide, Some(side)) => format!("the name of the {side} side"),
            (CorrectionKind::NameSide, None) => "the name of a side".to_owned(),
            (CorrectionKind::Merge, _) => "the merge".to_owned(),
            (CorrectionKind::Split, _) => "the split".to_owned(),
        };
        let mut text = format!("Undid {what} in meeting {meeting_id}.");
        for line in &undone.segments {
            let _ = write!(text, "\n{}", line_text(line));
        }
        text
    })
}

/// One transcript line as `meetings show` prints it: its id, time, side, speaker, text.
pub fn line_text(s: &Segment) -> String {
    let who = match &s.speaker {
        Some(name) => format!("{} ({})", s.source, clean(name)),
        None => s.source.to_string(),
    };
    format!(
        "  #{} [{}] {who}: {}",
        s.id,
        clock(s.start_ms),
        clean(&s.text)
    )
}
