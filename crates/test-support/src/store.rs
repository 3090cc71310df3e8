//! A real store in a temporary data folder, and the meeting and segments the signal and
//! language model tests start from.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use onno_store::{
    MeetingType, NewMeeting, NewRelationship, NewSegment, RelationshipType, Segment, SegmentSource,
    Store,
};
use tempfile::TempDir;

/// A fresh store in its own temporary data folder (removed on drop).
pub struct TestStore {
    pub store: Store,
    pub _dir: TempDir,
}

impl std::ops::Deref for TestStore {
    type Target = Store;
    fn deref(&self) -> &Store {
        &self.store
    }
}

pub fn test_store() -> TestStore {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    TestStore { store, _dir: dir }
}

/// An investment-screening meeting on 2026-11-02, with a relationship of the given
/// industry and stage, or none.
pub fn meeting(store: &Store, relationship: Option<(&str, &str)>) -> (i64, Option<i64>) {
    let relationship_id = relationship.map(|(industry, stage)| {
        let mut r = NewRelationship::new("Acme AI", RelationshipType::Deal);
        r.industry = Some(industry.to_owned());
        r.stage = Some(stage.to_owned());
        store.create_relationship(&r).unwrap().id
    });
    let mut m = NewMeeting::new(
        "Acme intro",
        MeetingType::InvestmentScreening,
        "2026-11-02T10:00:00Z",
    );
    m.relationship_id = relationship_id;
    (store.create_meeting(&m).unwrap().id, relationship_id)
}

/// Commits a final segment of the other side, as the live pipeline does before the
/// signals and the assistant see it.
pub fn say(store: &Store, meeting_id: i64, start_ms: i64, text: &str) -> Segment {
    store
        .add_segment(&NewSegment {
            meeting_id,
            source: SegmentSource::Them,
            speaker: None,
            text: text.to_owned(),
            start_ms,
            end_ms: start_ms + 4_000,
            confidence: Some(0.9),
            language: None,
            is_final: true,
        })
        .unwrap()
}
