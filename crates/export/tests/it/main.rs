//! Integration tests: meetings in a real store exported to every format, and each file
//! read back by a reader nobody here wrote (the store's importer, python-docx,
//! poppler's pdftotext).
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap is a failed test

mod documents;
mod formats;

use std::path::Path;
use std::process::{Command, Output};

use onno_export::{ExportFormat, MeetingExport, Part, render};
use onno_store::{
    Confidence, DataCategory, DataValue, MeetingType, NewActionItem, NewMeeting, NewParticipant,
    NewRelationship, NewRelationshipData, NewSegment, ParticipantRole, RelationshipType,
    SegmentSource, SummaryInput,
};
use onno_test_support::store::{TestStore, test_store};

/// What the Korean and English meeting's transcript says, line by line.
pub const THEM_MRR: &str = "MRR은 5천만원이고 매달 12% 성장하고 있습니다.";
pub const ME_RUNWAY: &str = "런웨이는 얼마나 남았나요?";
pub const ALEX_RUNWAY: &str = "Our runway is 18 months, and we plan to raise a Series A next year.";
/// Text that would break a cue or inject markup if it were written raw.
pub const MARKUP: &str = "a <b>bold</b>\n\nclaim --> & more";
pub const LATE: &str = "한 시간이 넘었네요. 오늘은 여기까지 하죠.";
pub const NOTE_KO: &str = "김민수 대표: 기술팀 8명, 내년 상반기 시리즈 A 계획";
pub const NOTE_EN: &str = "Follow up on churn numbers before the partner meeting";

/// A store with a Korean and English screening of Acme AI: a host and two guests, a
/// transcript of both sides over more than an hour, notes, a summary, action items and
/// the figures heard.
pub struct Fixture {
    pub store: TestStore,
    pub meeting_id: i64,
}

pub fn korean_meeting() -> Fixture {
    let store = test_store();
    let acme = store
        .create_relationship(&NewRelationship::new("Acme AI", RelationshipType::Deal))
        .unwrap()
        .id;
    let mut new = NewMeeting::new(
        "Acme AI 투자 심사",
        MeetingType::InvestmentScreening,
        "2026-11-02T10:00:00Z",
    );
    new.relationship_id = Some(acme);
    new.language = Some("ko".into());
    new.participants = vec![
        person("이지원", ParticipantRole::Host),
        person("김민수", ParticipantRole::Guest),
        person("Alex Park", ParticipantRole::Guest),
    ];
    let id = store.create_meeting(&new).unwrap().id;
    let line = |source, speaker: Option<&str>, start_ms: i64, text: &str| NewSegment {
        meeting_id: id,
        source,
        speaker: speaker.map(str::to_owned),
        text: text.to_owned(),
        start_ms,
        end_ms: start_ms + 3_500,
        confidence: Some(0.875),
        language: Some("ko".into()),
        is_final: true,
    };
    store
        .add_segments(&[
            line(SegmentSource::Them, None, 1_250, THEM_MRR),
            line(SegmentSource::Me, None, 6_000, ME_RUNWAY),
            line(SegmentSource::Them, Some("Alex Park"), 11_500, ALEX_RUNWAY),
            line(SegmentSource::Them, None, 65_000, MARKUP),
            line(SegmentSource::Me, None, 3_725_042, LATE),
        ])
        .unwrap();
    store.end_meeting(id, "2026-11-02T11:02:10Z").unwrap();
    store
        .add_note(id, &format!("{NOTE_KO}\n\n{NOTE_EN}"))
        .unwrap();
    store
        .save_summary(
            id,
            &SummaryInput {
                content: "첫 투자 심사 미팅. Revenue growth is strong.".into(),
                key_points: vec!["MRR 5천만원, 월 12% 성장".into()],
                decisions: vec!["Move to a second meeting with the CTO".into()],
                missed_questions: vec!["고객 이탈률은 어떻게 되나요?".into()],
            },
        )
        .unwrap();
    for (text, assignee, due) in [
        ("재무제표 요청하기", Some("이지원"), Some("2026-11-09")),
        ("Send the deck to the partners", None, None),
    ] {
        store
            .add_action_item(&NewActionItem {
                meeting_id: id,
                text: text.into(),
                assignee: assignee.map(str::to_owned),
                due_date: due.map(str::to_owned),
                confidence: Some(0.8),
            })
            .unwrap();
    }
    for (key, value, unit) in [("mrr", 50_000_000.0, "₩"), ("headcount", 8.0, "명")] {
        store
            .add_relationship_data(&NewRelationshipData {
                relationship_id: acme,
                category: DataCategory::Metrics,
                key: key.into(),
                value: DataValue::Number(value),
                unit: Some(unit.into()),
                source: "meeting 2026-11-02 at 00:01".into(),
                confidence: Confidence::Unverified,
                meeting_id: Some(id),
                recorded_at: Some("2026-11-02".into()),
            })
            .unwrap();
    }
    Fixture {
        store,
        meeting_id: id,
    }
}

fn person(name: &str, role: ParticipantRole) -> NewParticipant {
    NewParticipant {
        name: name.into(),
        email: None,
        role,
    }
}

impl Fixture {
    pub fn export(&self, parts: &[Part]) -> MeetingExport {
        MeetingExport::load(&self.store, self.meeting_id, parts).unwrap()
    }

    pub fn render(&self, format: ExportFormat) -> Vec<u8> {
        render(&self.export(Part::ALL), format).unwrap()
    }

    pub fn text(&self, format: ExportFormat) -> String {
        String::from_utf8(self.render(format)).unwrap()
    }
}

/// Runs a program the tests read files with; a missing one fails the test with the
/// Debian package that has it.
#[track_caller]
pub fn run_tool(program: &str, args: &[&str], package: &str) -> Output {
    let out = Command::new(program).args(args).output().unwrap_or_else(|e| {
        panic!("cannot run {program} ({e}): install {package} (apt-get install {package}; scripts/setup.sh test installs it)")
    });
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Writes `bytes` to `name` in a new temporary folder.
pub fn temp_file(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}
