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

/// A founder's first call with an investor, line by line as the other side said it, in
/// English and in Korean: figures, a promise with a day, a next step. The real-model
/// tests and benchmarks speak it to the model.
pub const PITCH_EN: &[&str] = &[
    "Thanks for making the time. Let me walk you through where we are.",
    "Our MRR is fifty thousand dollars and it grows about ten percent a month.",
    "We have eighteen months of runway after the seed round.",
    "Most of our customers are mid-sized logistics companies in Korea.",
    "I will send you the cohort retention numbers by Friday.",
    "Great. We will share our term sheet template next week.",
];

pub const PITCH_KO: &[&str] = &[
    "시간 내주셔서 감사합니다. 현재 상황부터 말씀드릴게요.",
    "저희 월 매출은 오천만 원 정도이고 매달 십 퍼센트씩 성장하고 있습니다.",
    "시드 투자 이후 런웨이는 십팔 개월 정도 남아 있어요.",
    "고객은 대부분 국내 중견 물류 회사들입니다.",
    "코호트 리텐션 자료는 금요일까지 보내드리겠습니다.",
    "좋습니다. 저희는 다음 주에 텀싯 초안을 공유드릴게요.",
];
