//! Integration tests: the store through its public API, on real SQLite files.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod archive;
mod checklist_edit;
mod corrections;
mod export;
mod files;
mod followups;
mod knowledge;
mod llm_usage;
mod meeting_edit;
mod meetings;
mod open;
mod recall;
mod relationships;
mod retention;
mod search;
mod setup;
mod sync;
mod timeline;
mod user_edits;

use onno_store::{MeetingType, NewMeeting, NewSegment, SegmentSource, Store};
use tempfile::TempDir;

/// A fresh store in its own temporary data folder (removed on drop).
pub struct TestStore {
    pub store: Store,
    pub dir: TempDir,
}

impl std::ops::Deref for TestStore {
    type Target = Store;
    fn deref(&self) -> &Store {
        &self.store
    }
}

pub fn test_store() -> TestStore {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path()).expect("open store");
    TestStore { store, dir }
}

pub fn meeting(store: &Store, title: &str, started_at: &str) -> i64 {
    store
        .create_meeting(&NewMeeting::new(title, MeetingType::General, started_at))
        .expect("create meeting")
        .id
}

pub fn segment(meeting_id: i64, source: SegmentSource, start_ms: i64, text: &str) -> NewSegment {
    NewSegment {
        meeting_id,
        source,
        speaker: None,
        text: text.to_owned(),
        start_ms,
        end_ms: start_ms + 1_500,
        confidence: Some(0.9),
        language: Some("ko".to_owned()),
        is_final: true,
    }
}
