//! What an export holds: [`MeetingExport`], read from the store once, is both the JSON
//! export itself and what every other format is written from.
//!
//! The JSON shape is part of Onno's interface (scripts read it, `onno import` reads it
//! back), so it is made of this crate's own types, not the store's rows: a field is
//! only ever added, and `version` changes if one changes meaning.
//!
//! ```json
//! {
//!   "format": "onno-meeting",
//!   "version": 1,
//!   "parts": ["summary", "actions", "notes", "figures", "transcript"],
//!   "meeting": { "id": 3, "title": "Acme intro", "type": "investment_screening",
//!                "status": "completed", "started_at": "2026-11-02T10:00:00Z",
//!                "ended_at": "2026-11-02T10:45:00Z", "duration_ms": 2700000,
//!                "language": "ko", "relationship_id": 1, "relationship_name": "Acme AI" },
//!   "participants": [{ "name": "김민수", "email": null, "role": "guest" }],
//!   "summary": { "content": "…", "key_points": [], "decisions": [], "missed_questions": [] },
//!   "action_items": [{ "text": "…", "assignee": "김민수", "due_date": "2026-11-09",
//!                      "status": "pending", "confidence": 0.8 }],
//!   "notes": [{ "body": "…", "created_at": "…", "updated_at": "…" }],
//!   "figures": [{ "category": "metrics", "key": "mrr", "value": { "kind": "number", "value": 50000000.0 },
//!                 "unit": "₩", "source": "meeting 2026-11-02 at 00:01", "confidence": "unverified",
//!                 "recorded_at": "2026-11-02" }],
//!   "segments": [{ "start_ms": 1250, "end_ms": 4000, "source": "them", "speaker": null,
//!                  "text": "MRR은 5천만원입니다", "confidence": 0.9, "who": "김민수", "edited": false }]
//! }
//! ```
//!
//! Times in `segments` are offsets from the meeting's start in milliseconds; the other
//! times are RFC 3339 timestamps in UTC. `parts` lists what was asked for: a part left
//! out has an empty list (or a `null` summary), as does one the meeting has none of.
//! `segments` keeps the shape of a transcript export (`onno_store::TranscriptLine`) plus
//! `who`, the name the other formats show, so `onno import` reads this file as a
//! transcript with the meeting's title, start and language.

use onno_store::{
    ActionItemStatus, Confidence, DataCategory, DataValue, Meeting, MeetingStatus, MeetingType,
    Participant, ParticipantRole, Result, Segment, SegmentSource, Store, SummaryInput,
    TranscriptHeader, TranscriptLine,
};
use serde::{Deserialize, Serialize};

use crate::Part;
use crate::words::Words;

/// The value of [`MeetingExport::format`].
pub const FORMAT_NAME: &str = "onno-meeting";
/// The value of [`MeetingExport::version`] this crate writes.
pub const FORMAT_VERSION: u32 = 1;

/// One meeting as exported; the JSON export is this, serialized.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeetingExport {
    /// Always [`FORMAT_NAME`]: what this file is.
    pub format: String,
    /// [`FORMAT_VERSION`] when written by this build.
    pub version: u32,
    /// The parts asked for, in document order.
    pub parts: Vec<Part>,
    pub meeting: MeetingInfo,
    pub participants: Vec<ExportParticipant>,
    pub summary: Option<SummaryInput>,
    pub action_items: Vec<ExportActionItem>,
    pub notes: Vec<ExportNote>,
    pub figures: Vec<Figure>,
    /// The transcript in time order.
    pub segments: Vec<ExportSegment>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeetingInfo {
    pub id: i64,
    pub title: String,
    #[serde(rename = "type")]
    pub kind: MeetingType,
    pub status: MeetingStatus,
    pub started_at: String,
    pub ended_at: Option<String>,
    pub duration_ms: Option<i64>,
    /// A whisper language code ("ko", "en"), or `None` when it was detected per line.
    pub language: Option<String>,
    pub relationship_id: Option<i64>,
    pub relationship_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportParticipant {
    pub name: String,
    pub email: Option<String>,
    pub role: ParticipantRole,
}

/// A transcript line: the stored segment as a transcript export has it, and who said it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportSegment {
    #[serde(flatten)]
    pub line: TranscriptLine,
    /// The name shown for the speaker: the stored one, else a participant's name or the
    /// side of the call in the meeting's language ("나" / "Me", "상대" / "Them").
    pub who: String,
    /// The user corrected the text by hand.
    pub edited: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportActionItem {
    pub text: String,
    pub assignee: Option<String>,
    /// "YYYY-MM-DD".
    pub due_date: Option<String>,
    pub status: ActionItemStatus,
    pub confidence: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportNote {
    pub body: String,
    pub created_at: String,
    pub updated_at: String,
}

/// A figure heard in the meeting (MRR, headcount, runway, ...), as kept among the facts
/// of the meeting's relationship.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub category: DataCategory,
    pub key: String,
    pub value: DataValue,
    pub unit: Option<String>,
    /// Where it was heard: "meeting 2026-11-02 at 12:34".
    pub source: String,
    pub confidence: Confidence,
    /// When it was true ("YYYY-MM-DD").
    pub recorded_at: Option<String>,
}

impl MeetingExport {
    /// Reads meeting `meeting_id` with `parts` from the store. A meeting that does not
    /// exist is `StoreError::NotFound`.
    pub fn load(store: &Store, meeting_id: i64, parts: &[Part]) -> Result<MeetingExport> {
        let meeting = store.meeting(meeting_id)?;
        let participants = store.participants(meeting_id)?;
        let parts = Part::normalize(parts);
        let has = |part| parts.contains(&part);
        let words = Words::for_language(meeting.language.as_deref());

        let segments = match has(Part::Transcript) {
            true => store
                .transcript(meeting_id)?
                .iter()
                .map(|s| ExportSegment {
                    line: TranscriptLine::from(s),
                    who: who(s, &participants, words),
                    edited: s.edited,
                })
                .collect(),
            false => Vec::new(),
        };
        let summary = match has(Part::Summary) {
            true => store.summary(meeting_id)?.map(|s| s.body),
            false => None,
        };
        let action_items = match has(Part::Actions) {
            true => store
                .action_items(meeting_id)?
                .into_iter()
                .map(|a| ExportActionItem {
                    text: a.text,
                    assignee: a.assignee,
                    due_date: a.due_date,
                    status: a.status,
                    confidence: a.confidence,
                })
                .collect(),
            false => Vec::new(),
        };
        let notes = match has(Part::Notes) {
            true => store
                .notes(meeting_id)?
                .into_iter()
                .map(|n| ExportNote {
                    body: n.body,
                    created_at: n.created_at,
                    updated_at: n.updated_at,
                })
                .collect(),
            false => Vec::new(),
        };
        let figures = match has(Part::Figures) {
            true => store
                .meeting_data(meeting_id)?
                .into_iter()
                .map(|d| Figure {
                    category: d.fields.category,
                    key: d.fields.key,
                    value: d.fields.value,
                    unit: d.fields.unit,
                    source: d.fields.source,
                    confidence: d.fields.confidence,
                    recorded_at: d.fields.recorded_at,
                })
                .collect(),
            false => Vec::new(),
        };

        Ok(MeetingExport {
            format: FORMAT_NAME.to_owned(),
            version: FORMAT_VERSION,
            parts,
            meeting: MeetingInfo::from(&meeting),
            participants: participants
                .into_iter()
                .map(|p| ExportParticipant {
                    name: p.name,
                    email: p.email,
                    role: p.role,
                })
                .collect(),
            summary,
            action_items,
            notes,
            figures,
            segments,
        })
    }

    /// Whether `part` was asked for.
    pub fn has(&self, part: Part) -> bool {
        self.parts.contains(&part)
    }

    /// The words of the meeting's language, for the headings and the sides of the call.
    pub(crate) fn words(&self) -> &'static Words {
        Words::for_language(self.meeting.language.as_deref())
    }

    /// The transcript's header, as the transcript writers take it.
    pub(crate) fn header(&self) -> TranscriptHeader {
        TranscriptHeader {
            title: Some(self.meeting.title.clone()),
            started_at: Some(self.meeting.started_at.clone()),
            language: self.meeting.language.clone(),
        }
    }

    /// The transcript with each line's speaker set to the name shown for it, for the
    /// transcript writers (which show a line's speaker when it has one).
    pub(crate) fn shown_lines(&self) -> Vec<TranscriptLine> {
        self.segments
            .iter()
            .map(|s| TranscriptLine {
                speaker: Some(s.who.clone()),
                ..s.line.clone()
            })
            .collect()
    }
}

impl From<&Meeting> for MeetingInfo {
    fn from(m: &Meeting) -> Self {
        MeetingInfo {
            id: m.id,
            title: m.title.clone(),
            kind: m.kind,
            status: m.status,
            started_at: m.started_at.clone(),
            ended_at: m.ended_at.clone(),
            duration_ms: m.duration_ms,
            language: m.language.clone(),
            relationship_id: m.relationship_id,
            relationship_name: m.relationship_name.clone(),
        }
    }
}

/// The name shown for whoever said `segment`: its stored speaker; else, for the user's
/// microphone, the one host, and for the call's audio the one guest, when the meeting
/// names exactly one; else the side of the call in the meeting's language.
fn who(segment: &Segment, participants: &[Participant], words: &Words) -> String {
    if let Some(name) = segment.speaker.as_deref().map(str::trim)
        && !name.is_empty()
    {
        return name.to_owned();
    }
    let only = |role| {
        let mut named = participants.iter().filter(|p| p.role == role);
        match (named.next(), named.next()) {
            (Some(p), None) if !p.name.trim().is_empty() => Some(p.name.trim().to_owned()),
            _ => None,
        }
    };
    match segment.source {
        SegmentSource::Me => only(ParticipantRole::Host).unwrap_or_else(|| words.me.to_owned()),
        SegmentSource::Them => {
            only(ParticipantRole::Guest).unwrap_or_else(|| words.them.to_owned())
        }
        SegmentSource::File => words.speaker.to_owned(),
    }
}
