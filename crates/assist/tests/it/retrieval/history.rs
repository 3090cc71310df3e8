//! A relationship's history read from a labelled fixture into a real store: meetings
//! with their segments, notes and summary, a file's pages, a meeting kept from the
//! model, another relationship on the same topics, and the meeting in progress.

use std::collections::HashMap;

use onno_store::{
    FileCategory, FileContent, FilePart, FilePartKind, MeetingType, NewMeeting, NewRelationship,
    NewRelationshipFile, NewSegment, Passage, PassageKind, RelationshipType, SegmentSource, Store,
    SummaryInput,
};
use serde_json::Value;

/// What a fixture key names, as a recalled passage identifies it.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    Row(PassageKind, i64),
    /// The summary of this meeting (a summary is one per meeting).
    SummaryOf(i64),
    /// A page of this file.
    Page(i64, String),
}

impl Target {
    pub fn is(&self, p: &Passage) -> bool {
        match self {
            Target::Row(kind, id) => p.kind == *kind && p.id == *id,
            Target::SummaryOf(meeting) => {
                p.kind == PassageKind::Summary && p.meeting_id == Some(*meeting)
            }
            Target::Page(file, place) => {
                p.file_id == Some(*file) && p.place.as_deref() == Some(place.as_str())
            }
        }
    }
}

pub struct History {
    pub relationship_id: i64,
    pub current: i64,
    /// Meetings whose passages must never be recalled: kept from the model, or another
    /// relationship's.
    pub forbidden: Vec<i64>,
    pub targets: HashMap<String, Target>,
    /// (recent conversation, keys of the passages that answer it)
    pub questions: Vec<(Vec<String>, Vec<String>)>,
}

fn text(v: &Value, key: &str) -> String {
    v[key].as_str().unwrap_or_default().to_owned()
}

fn pairs(v: &Value) -> Vec<(String, String)> {
    v.as_array()
        .map(|a| a.iter().map(|p| (text_at(p, 0), text_at(p, 1))).collect())
        .unwrap_or_default()
}

fn text_at(v: &Value, i: usize) -> String {
    v[i].as_str().unwrap_or_default().to_owned()
}

fn add_meeting(
    store: &Store,
    relationship_id: i64,
    m: &Value,
    targets: &mut HashMap<String, Target>,
) -> i64 {
    let mut new = NewMeeting::new(
        &text(m, "title"),
        MeetingType::General,
        &text(m, "started_at"),
    );
    new.relationship_id = Some(relationship_id);
    new.llm_enabled = m["llm_enabled"].as_bool().unwrap_or(true);
    let id = store.create_meeting(&new).unwrap().id;
    for (i, (key, said)) in pairs(&m["segments"]).into_iter().enumerate() {
        let segment = store
            .add_segment(&NewSegment {
                meeting_id: id,
                source: SegmentSource::Them,
                speaker: None,
                text: said,
                start_ms: i as i64 * 30_000,
                end_ms: i as i64 * 30_000 + 10_000,
                confidence: None,
                language: None,
                is_final: true,
            })
            .unwrap();
        targets.insert(key, Target::Row(PassageKind::Segment, segment.id));
    }
    for (key, body) in pairs(&m["notes"]) {
        let note = store.add_note(id, &body).unwrap();
        targets.insert(key, Target::Row(PassageKind::Note, note.id));
    }
    if let Some(key) = m["summary"][0].as_str() {
        let input = SummaryInput {
            content: text_at(&m["summary"], 1),
            ..SummaryInput::default()
        };
        store.save_summary(id, &input).unwrap();
        targets.insert(key.to_owned(), Target::SummaryOf(id));
    }
    id
}

fn add_file(store: &Store, relationship_id: i64, f: &Value, targets: &mut HashMap<String, Target>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(text(f, "name"));
    std::fs::write(&path, b"%PDF-1.4 fixture").unwrap();
    let pages: Vec<(String, u32, String)> = f["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (text_at(p, 0), p[1].as_u64().unwrap() as u32, text_at(p, 2)))
        .collect();
    let content = FileContent {
        parts: pages
            .iter()
            .map(|(_, number, text)| FilePart {
                kind: FilePartKind::Page,
                number: *number,
                label: String::new(),
                text: text.clone(),
            })
            .collect(),
        facts: Vec::new(),
    };
    let input = NewRelationshipFile {
        category: FileCategory::PitchDeck,
        tags: Vec::new(),
        description: String::new(),
        meeting_id: None,
        extracted_text: None,
    };
    let file = store
        .add_relationship_file_with_content(relationship_id, &path, &input, &content)
        .unwrap()
        .file;
    for (key, number, _) in pages {
        targets.insert(key, Target::Page(file.id, format!("p.{number}")));
    }
}

/// Loads the fixture `json` into `store`. Every question's conversation is also said
/// in the meeting in progress, so that meeting matches every question best of all and
/// must still never be recalled.
pub fn load(store: &Store, json: &str) -> History {
    let fixture: Value = serde_json::from_str(json).unwrap();
    let mut targets = HashMap::new();
    let relationship_id = store
        .create_relationship(&NewRelationship::new(
            &text(&fixture, "relationship"),
            RelationshipType::Deal,
        ))
        .unwrap()
        .id;
    let mut forbidden = Vec::new();
    for m in fixture["meetings"].as_array().unwrap() {
        let id = add_meeting(store, relationship_id, m, &mut targets);
        if m["llm_enabled"] == Value::Bool(false) {
            forbidden.push(id);
        }
    }
    for f in fixture["files"].as_array().unwrap() {
        add_file(store, relationship_id, f, &mut targets);
    }
    let other = &fixture["other_relationship"];
    let other_id = store
        .create_relationship(&NewRelationship::new(
            &text(other, "name"),
            RelationshipType::Deal,
        ))
        .unwrap()
        .id;
    for m in other["meetings"].as_array().unwrap() {
        forbidden.push(add_meeting(store, other_id, m, &mut targets));
    }
    // A store in use holds other relationships' long meetings: the transcript index
    // then dwarfs the others, which changes how its scores compare with theirs.
    let mut busy = NewMeeting::new(
        "Three-hour board meeting",
        MeetingType::General,
        "2026-09-20T01:00:00Z",
    );
    busy.relationship_id = Some(other_id);
    let busy = store.create_meeting(&busy).unwrap().id;
    crate::fixtures::long_meeting(store, busy, 2_700).unwrap();
    forbidden.push(busy);
    let current = &fixture["current"];
    let mut new = NewMeeting::new(
        &text(current, "title"),
        MeetingType::General,
        &text(current, "started_at"),
    );
    new.relationship_id = Some(relationship_id);
    let current = store.create_meeting(&new).unwrap().id;
    let strings = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_owned())
            .collect()
    };
    let questions: Vec<(Vec<String>, Vec<String>)> = fixture["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| (strings(&q["recent"]), strings(&q["expect"])))
        .collect();
    let said = questions.iter().flat_map(|(recent, _)| recent);
    for (i, line) in said.enumerate() {
        crate::say(store, current, i as i64 * 5_000, line);
    }
    History {
        relationship_id,
        current,
        forbidden,
        targets,
        questions,
    }
}
