//! `onno meetings ...`

use std::fmt::Write as _;

use clap::{Args, Subcommand};
use onno_store::{
    ActionItem, Meeting, MeetingEdit, MeetingFilter, MeetingType, NewMeeting, NewParticipant, Note,
    Paged, Participant, ParticipantRole, Segment, SideSpeaker, Store, Summary, now_timestamp,
};
use serde::Serialize;

use crate::args::{PageArgs, choice, parse_participant};
use crate::corrections::{self, line_text};
use crate::output::{self, Output, Table, clean, fit, minute, or_dash};

#[derive(Subcommand)]
pub enum Command {
    /// List meetings, newest first
    List(ListArgs),
    /// Show a meeting with its participants, transcript, notes, summary and action items
    Show {
        #[arg(value_parser = clap::value_parser!(i64).range(1..))]
        id: i64,
    },
    /// Add a meeting record (the app records meetings live; this is for scripts and tests)
    Add(AddArgs),
    /// Change a meeting's title, type, relationship or participants (the facts heard in
    /// it move with its relationship)
    Edit(EditArgs),
    /// Correct a meeting's transcript: edit, merge or split lines (`meetings show`
    /// prints their ids)
    #[command(subcommand)]
    Lines(corrections::LinesCommand),
    /// Name who spoke: a side of the call (`--side them`), or one line (`--line`)
    Speakers(corrections::SpeakersArgs),
    /// Undo the last correction of a meeting's transcript; again to go further back
    Undo {
        /// The meeting's id
        #[arg(value_name = "MEETING", value_parser = clap::value_parser!(i64).range(1..))]
        id: i64,
    },
    /// Delete a meeting with its transcript, notes, summary and audio
    Delete {
        #[arg(value_parser = clap::value_parser!(i64).range(1..))]
        id: i64,
        /// Delete without asking (required when stdin is not a terminal)
        #[arg(long, short)]
        yes: bool,
    },
}

#[derive(Args)]
pub struct ListArgs {
    /// Only meetings with this relationship
    #[arg(long, value_name = "ID")]
    relationship: Option<i64>,
    /// Only meetings of this type
    #[arg(long = "type", value_name = "TYPE", value_parser = choice::<MeetingType>())]
    kind: Option<MeetingType>,
    #[command(flatten)]
    page: PageArgs,
}

#[derive(Args)]
pub struct AddArgs {
    #[arg(long)]
    title: String,
    #[arg(long = "type", value_name = "TYPE", default_value = "general", value_parser = choice::<MeetingType>())]
    kind: MeetingType,
    /// When it started, RFC 3339 (2026-11-02T21:30:00+09:00) [default: now]
    #[arg(long, value_name = "RFC3339")]
    started_at: Option<String>,
    /// The relationship it was with
    #[arg(long, value_name = "ID")]
    relationship: Option<i64>,
    /// Spoken language, a whisper code such as ko or en [default: detect]
    #[arg(long, value_name = "CODE")]
    language: Option<String>,
}

#[derive(Args)]
pub struct EditArgs {
    #[arg(value_parser = clap::value_parser!(i64).range(1..))]
    id: i64,
    #[arg(long)]
    title: Option<String>,
    #[arg(long = "type", value_name = "TYPE", value_parser = choice::<MeetingType>())]
    kind: Option<MeetingType>,
    /// The relationship it was with
    #[arg(long, value_name = "ID", conflicts_with = "no_relationship")]
    relationship: Option<i64>,
    /// It was with no relationship
    #[arg(long)]
    no_relationship: bool,
    /// "Name" or "Name <email>", once per person; replaces the guests (the host stays)
    #[arg(long, value_name = "NAME", value_parser = parse_participant, conflicts_with = "no_participants")]
    participant: Vec<NewParticipant>,
    /// Remove every guest
    #[arg(long)]
    no_participants: bool,
}

/// Everything `meetings show` prints.
#[derive(Serialize)]
struct MeetingDetail {
    meeting: Meeting,
    participants: Vec<Participant>,
    /// The names given to the sides of the call.
    speakers: Vec<SideSpeaker>,
    segments: Vec<Segment>,
    notes: Vec<Note>,
    summary: Option<Summary>,
    action_items: Vec<ActionItem>,
}

pub fn run(store: &Store, out: Output, command: Command) -> anyhow::Result<()> {
    match command {
        Command::List(args) => {
            let filter = MeetingFilter {
                relationship_id: args.relationship,
                kind: args.kind,
                ..MeetingFilter::default()
            };
            let meetings = store.list_meetings(&filter, args.page.page())?;
            out.emit(&meetings, |m| list_text(m, args.page.offset))
        }
        Command::Show { id } => {
            let detail = MeetingDetail {
                meeting: store.meeting(id)?,
                participants: store.participants(id)?,
                speakers: store.side_speakers(id)?,
                segments: store.transcript(id)?,
                notes: store.notes(id)?,
                summary: store.summary(id)?,
                action_items: store.action_items(id)?,
            };
            out.emit(&detail, show_text)
        }
        Command::Add(args) => {
            let started_at = args.started_at.unwrap_or_else(now_timestamp);
            let mut new = NewMeeting::new(&args.title, args.kind, &started_at);
            new.relationship_id = args.relationship;
            new.language = args.language;
            let meeting = store.create_meeting(&new)?;
            out.emit(&meeting, |m| {
                format!("Added meeting {}: {}", m.id, clean(&m.title))
            })
        }
        Command::Edit(args) => {
            let meeting = edit(store, args)?;
            out.emit(&meeting, |m| {
                format!("Changed meeting {}: {}", m.id, clean(&m.title))
            })
        }
        Command::Lines(command) => corrections::lines(store, out, command),
        Command::Speakers(args) => corrections::speakers(store, out, args),
        Command::Undo { id } => corrections::undo(store, out, id),
        Command::Delete { id, yes } => {
            let meeting = store.meeting(id)?;
            if !yes {
                output::confirm(
                    &format!(
                        "Delete meeting {id} \"{}\" with its transcript, notes and audio?",
                        clean(&meeting.title)
                    ),
                    &format!("meeting {id} was not deleted"),
                )?;
            }
            store.delete_meeting(id)?;
            out.emit(
                &serde_json::json!({ "deleted": "meeting", "id": id }),
                |_| format!("Deleted meeting {id}."),
            )
        }
    }
}

/// Applies what `meetings edit` was given over the meeting as it is.
fn edit(store: &Store, args: EditArgs) -> anyhow::Result<Meeting> {
    let meeting = store.meeting(args.id)?;
    let mut participants: Vec<NewParticipant> = store
        .participants(args.id)?
        .into_iter()
        .map(|p| NewParticipant {
            name: p.name,
            email: p.email,
            role: p.role,
        })
        .collect();
    if args.no_participants || !args.participant.is_empty() {
        participants.retain(|p| p.role == ParticipantRole::Host);
        participants.extend(args.participant);
    }
    let relationship_id = match (args.relationship, args.no_relationship) {
        (_, true) => None,
        (Some(id), false) => Some(id),
        (None, false) => meeting.relationship_id,
    };
    Ok(store.edit_meeting(
        args.id,
        &MeetingEdit {
            title: args.title.unwrap_or(meeting.title),
            kind: args.kind.unwrap_or(meeting.kind),
            relationship_id,
            participants,
        },
    )?)
}

/// A table of meetings; shared with `relationships show`.
pub fn table(meetings: &[Meeting]) -> String {
    let mut table = Table::new(&[
        "ID",
        "STARTED (UTC)",
        "TITLE",
        "TYPE",
        "DURATION",
        "RELATIONSHIP",
    ]);
    for m in meetings {
        table.row(vec![
            m.id.to_string(),
            minute(&m.started_at),
            fit(&m.title, 40),
            m.kind.to_string(),
            or_dash(m.duration_ms.map(output::duration)),
            or_dash(m.relationship_name.as_deref().map(|n| fit(n, 30))),
        ]);
    }
    table.render()
}

fn list_text(meetings: &Paged<Meeting>, offset: u32) -> String {
    if meetings.items.is_empty() {
        return if meetings.total == 0 {
            "No meetings.".to_owned()
        } else {
            format!(
                "No meetings at offset {offset} (there are {}).",
                meetings.total
            )
        };
    }
    let mut text = table(&meetings.items);
    if meetings.has_more || offset > 0 {
        let first = u64::from(offset) + 1;
        let last = u64::from(offset) + meetings.items.len() as u64;
        let _ = writeln!(text, "Meetings {first}-{last} of {}.", meetings.total);
    }
    text
}

fn show_text(d: &MeetingDetail) -> String {
    let m = &d.meeting;
    let mut t = String::new();
    let _ = writeln!(t, "Meeting {}: {}", m.id, clean(&m.title));
    let _ = writeln!(t, "  type          {}", m.kind);
    let _ = writeln!(t, "  status        {}", m.status);
    let _ = writeln!(t, "  started       {} UTC", minute(&m.started_at));
    if let Some(ms) = m.duration_ms {
        let _ = writeln!(t, "  duration      {}", output::duration(ms));
    }
    if let (Some(id), Some(name)) = (m.relationship_id, &m.relationship_name) {
        let _ = writeln!(t, "  relationship  {} ({id})", clean(name));
    }
    let _ = writeln!(
        t,
        "  language      {}",
        m.language.as_deref().unwrap_or("auto")
    );
    if !d.speakers.is_empty() {
        let names: Vec<String> = d
            .speakers
            .iter()
            .map(|s| format!("{}: {}", s.source, clean(&s.name)))
            .collect();
        let _ = writeln!(t, "  speakers      {}", names.join(", "));
    }

    if !d.participants.is_empty() {
        let _ = writeln!(t, "\nParticipants");
        for p in &d.participants {
            let email = p.email.as_deref().map(|e| format!(" <{}>", clean(e)));
            let _ = writeln!(
                t,
                "  {} ({}){}",
                clean(&p.name),
                p.role,
                email.unwrap_or_default()
            );
        }
    }

    let _ = writeln!(t, "\nTranscript");
    if d.segments.is_empty() {
        let _ = writeln!(t, "  (none)");
    }
    for s in &d.segments {
        let _ = writeln!(t, "{}", line_text(s));
    }

    if !d.notes.is_empty() {
        let _ = writeln!(t, "\nNotes");
        for n in &d.notes {
            let _ = writeln!(t, "  - {}", clean(&n.body));
        }
    }

    if let Some(summary) = &d.summary {
        let body = &summary.body;
        let _ = writeln!(t, "\nSummary\n  {}", clean(&body.content));
        for (title, items) in [
            ("Key points", &body.key_points),
            ("Decisions", &body.decisions),
            ("Missed questions", &body.missed_questions),
        ] {
            if !items.is_empty() {
                let _ = writeln!(t, "  {title}:");
                for item in items {
                    let _ = writeln!(t, "    - {}", clean(item));
                }
            }
        }
    }

    if !d.action_items.is_empty() {
        let _ = writeln!(t, "\nAction items");
        for a in &d.action_items {
            let mut extra = Vec::new();
            if let Some(who) = &a.assignee {
                extra.push(clean(who));
            }
            if let Some(due) = &a.due_date {
                extra.push(format!("due {}", clean(due)));
            }
            let extra = if extra.is_empty() {
                String::new()
            } else {
                format!(" ({})", extra.join(", "))
            };
            let _ = writeln!(t, "  [{}] {}{extra}", a.status, clean(&a.text));
        }
    }
    t
}
