//! The words a document shows around the meeting's own text, in the meeting's language:
//! Korean for a Korean meeting, English for any other (or an undetected one).

use onno_store::{ActionItemStatus, Confidence};

pub(crate) struct Words {
    /// The user's side of the call.
    pub me: &'static str,
    /// The other side of the call.
    pub them: &'static str,
    /// A voice from an imported recording.
    pub speaker: &'static str,
    pub started: &'static str,
    pub duration: &'static str,
    pub relationship: &'static str,
    pub participants: &'static str,
    pub summary: &'static str,
    pub key_points: &'static str,
    pub decisions: &'static str,
    pub missed_questions: &'static str,
    pub no_summary: &'static str,
    pub action_items: &'static str,
    pub no_action_items: &'static str,
    pub due: &'static str,
    pub notes: &'static str,
    pub no_notes: &'static str,
    pub figures: &'static str,
    pub no_figures: &'static str,
    pub transcript: &'static str,
    pub no_transcript: &'static str,
    pub status: fn(ActionItemStatus) -> &'static str,
    pub confidence: fn(Confidence) -> &'static str,
}

const ENGLISH: Words = Words {
    me: "Me",
    them: "Them",
    speaker: "Speaker",
    started: "Started",
    duration: "Duration",
    relationship: "Relationship",
    participants: "Participants",
    summary: "Summary",
    key_points: "Key points",
    decisions: "Decisions",
    missed_questions: "Missed questions",
    no_summary: "No summary yet.",
    action_items: "Action items",
    no_action_items: "No action items.",
    due: "due",
    notes: "Notes",
    no_notes: "No notes.",
    figures: "Figures",
    no_figures: "No figures were recorded.",
    transcript: "Transcript",
    no_transcript: "No transcript.",
    status: |s| match s {
        ActionItemStatus::Pending => "pending review",
        ActionItemStatus::Approved => "approved",
        ActionItemStatus::Rejected => "rejected",
        ActionItemStatus::Completed => "done",
    },
    confidence: |c| match c {
        Confidence::Verified => "verified",
        Confidence::Estimated => "estimated",
        Confidence::Unverified => "unverified",
    },
};

// The app's Korean words for the same things (ui/src/locales/ko.ts).
const KOREAN: Words = Words {
    me: "나",
    them: "상대",
    speaker: "화자",
    started: "시작",
    duration: "길이",
    relationship: "관계",
    participants: "참석자",
    summary: "요약",
    key_points: "핵심 내용",
    decisions: "결정 사항",
    missed_questions: "놓친 질문",
    no_summary: "아직 요약이 없습니다.",
    action_items: "액션 아이템",
    no_action_items: "액션 아이템이 없습니다.",
    due: "기한",
    notes: "메모",
    no_notes: "메모가 없습니다.",
    figures: "지표",
    no_figures: "기록된 지표가 없습니다.",
    transcript: "대화록",
    no_transcript: "대화록이 없습니다.",
    status: |s| match s {
        ActionItemStatus::Pending => "검토 대기",
        ActionItemStatus::Approved => "승인",
        ActionItemStatus::Rejected => "거절",
        ActionItemStatus::Completed => "완료",
    },
    confidence: |c| match c {
        Confidence::Verified => "확인됨",
        Confidence::Estimated => "추정",
        Confidence::Unverified => "미확인",
    },
};

impl Words {
    pub(crate) fn for_language(language: Option<&str>) -> &'static Words {
        match language {
            Some(code) if code == "ko" || code.starts_with("ko-") => &KOREAN,
            _ => &ENGLISH,
        }
    }
}
