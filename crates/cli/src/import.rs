//! `onno import FILE`: an existing transcript (WebVTT, SubRip, Onno JSON) becomes a
//! meeting, searchable and ready for `onno analyze`.

use std::path::PathBuf;

use anyhow::{Context as _, bail};
use clap::Args as ClapArgs;
use onno_store::{ImportAs, MeetingType, Store, read_transcript};
use serde::Serialize;

use crate::args::choice;
use crate::output::Output;

/// Transcript files larger than this are refused: a three-hour meeting is about 1 MB.
const MAX_FILE_BYTES: u64 = 64 << 20;

#[derive(ClapArgs)]
pub struct Args {
    /// A .vtt or .srt file (Zoom, Teams, Meet) or Onno's JSON export
    file: PathBuf,
    /// The meeting's title [default: the JSON export's title, else the file name]
    #[arg(long)]
    title: Option<String>,
    /// The relationship it was with
    #[arg(long, value_name = "ID")]
    relationship: Option<i64>,
    #[arg(long = "type", value_name = "TYPE", default_value = "general", value_parser = choice::<MeetingType>())]
    kind: MeetingType,
    /// When it started, RFC 3339 [default: the JSON export's start, else now]
    #[arg(long, value_name = "RFC3339")]
    started_at: Option<String>,
}

#[derive(Serialize)]
struct Imported {
    meeting_id: i64,
    title: String,
    segments: usize,
    speakers: Vec<String>,
}

pub fn run(store: &Store, out: Output, args: Args) -> anyhow::Result<()> {
    let path = &args.file;
    let size = std::fs::metadata(path)
        .with_context(|| format!("cannot read {}", path.display()))?
        .len();
    if size > MAX_FILE_BYTES {
        bail!(
            "{} is {} MB; transcripts over 64 MB are not imported",
            path.display(),
            size >> 20
        );
    }
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| anyhow::anyhow!("{} is not UTF-8 text", path.display()))?;
    let transcript = read_transcript(&text).with_context(|| format!("{}", path.display()))?;

    let how = ImportAs {
        title: args.title,
        kind: args.kind,
        relationship_id: args.relationship,
        started_at: args.started_at,
    };
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    // One step: a line the store refuses leaves no meeting behind.
    let meeting = store.import_transcript(&transcript, file_name.as_deref(), &how)?;
    let mut speakers: Vec<String> = Vec::new();
    for s in transcript.lines.iter().filter_map(|s| s.speaker.clone()) {
        if !speakers.contains(&s) {
            speakers.push(s);
        }
    }
    let imported = Imported {
        meeting_id: meeting.id,
        title: meeting.title,
        segments: transcript.lines.len(),
        speakers,
    };
    out.emit(&imported, |i| {
        let who = match i.speakers.is_empty() {
            true => String::new(),
            false => format!(" ({})", i.speakers.join(", ")),
        };
        format!(
            "imported meeting {}: {}, {} segments{who}",
            i.meeting_id, i.title, i.segments
        )
    })
}
