//! What a small model gets wrong even inside the schema: statements offered as
//! questions ("월간 이탈률은 3%입니다."), a transcript line repeated back as a
//! suggestion, an action item's owner run into its task ("Alex: send the deck"). Such
//! answers are dropped or mended here, and what was dropped is counted by reason for
//! the call's usage record.

use std::collections::BTreeMap;

use onno_store::Store;

use crate::similar::is_near_duplicate;

/// Why an answer was dropped, as recorded in the usage record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DropReason {
    /// A suggested question that is a statement.
    NotAQuestion,
    /// A suggestion that says what was just said in the meeting.
    RepeatsTranscript,
    /// A suggestion or action item already given in this meeting.
    RepeatsEarlier,
    /// A suggestion with a gap left in it ("How do you ...?"), as the prompt's example
    /// of the answer's shape has.
    Unfinished,
}

impl DropReason {
    pub fn name(self) -> &'static str {
        match self {
            DropReason::NotAQuestion => "not_a_question",
            DropReason::RepeatsTranscript => "repeats_transcript",
            DropReason::RepeatsEarlier => "repeats_earlier",
            DropReason::Unfinished => "unfinished",
        }
    }
}

/// Answers dropped from one call's reply, by reason.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dropped(BTreeMap<DropReason, u32>);

impl Dropped {
    pub fn note(&mut self, reason: DropReason) {
        *self.0.entry(reason).or_default() += 1;
    }

    /// Notes the drops on the usage record `usage_id`; a failure is logged, not
    /// returned: the answers kept are stored either way.
    pub fn record(&self, store: &Store, usage_id: Option<i64>) {
        let (Some(id), false) = (usage_id, self.0.is_empty()) else {
            return;
        };
        let by_name = self
            .0
            .iter()
            .map(|(reason, n)| (reason.name().to_owned(), *n))
            .collect();
        if let Err(e) = store.record_dropped_answers(id, &by_name) {
            tracing::warn!(error = %e, "could not note the dropped answers");
        }
    }
}

/// Korean endings that ask, written without a question mark: -까(요), -나요, -가요,
/// -죠/-지요, -니까, -는지(요), -ㄴ가 ... ("어떻게 하실 건가요", "맞죠", "있습니까").
const KOREAN_ENDINGS: &[&str] = &[
    "까",
    "까요",
    "나요",
    "가요",
    "죠",
    "지요",
    "니",
    "는지",
    "는지요",
    "은지요",
    "는가",
    "인가",
    "은가",
    "던가",
];

/// How an English question opens, for one a model wrote without its question mark.
const ENGLISH_OPENERS: &[&str] = &[
    "what", "what's", "how", "why", "when", "where", "who", "whom", "whose", "which", "is", "are",
    "was", "were", "do", "does", "did", "can", "could", "would", "will", "should", "have", "has",
    "may", "might", "shall",
];

/// Whether `text` asks something: it ends with a question mark, or (the mark left out)
/// with a Korean interrogative ending, or opens like an English question and does not
/// end as a statement does.
pub fn is_question(text: &str) -> bool {
    let closing =
        |c: char| matches!(c, '"' | '\'' | '”' | '’' | ')' | '」' | '』') || c.is_whitespace();
    let text = text.trim_end_matches(closing);
    if text.ends_with('?') || text.ends_with('？') {
        return true;
    }
    let stated = text.ends_with(['.', '。', '!', '！']);
    let core = text
        .trim_end_matches(['.', '。', '!', '！', '…'])
        .trim_end();
    if core.chars().any(is_hangul) {
        return KOREAN_ENDINGS.iter().any(|e| core.ends_with(e));
    }
    let first = core
        .split_whitespace()
        .next()
        .map(|w| w.to_lowercase())
        .unwrap_or_default();
    !stated && ENGLISH_OPENERS.contains(&first.as_str())
}

fn is_hangul(c: char) -> bool {
    matches!(c, '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}')
}

/// Why suggestion `text` should not be kept, if it should not: not a question, a
/// repeat of one of `said` (the transcript lines the model saw), or of one of
/// `earlier` (this meeting's suggestions so far), or unfinished.
pub fn question_problem(text: &str, said: &[&str], earlier: &[String]) -> Option<DropReason> {
    if !is_question(text) {
        Some(DropReason::NotAQuestion)
    } else if text.contains("...") || text.contains('…') {
        Some(DropReason::Unfinished)
    } else if said.iter().any(|line| is_near_duplicate(line, text)) {
        Some(DropReason::RepeatsTranscript)
    } else if earlier.iter().any(|e| is_near_duplicate(e, text)) {
        Some(DropReason::RepeatsEarlier)
    } else {
        None
    }
}

/// An action item's task and owner, taken apart when the model ran them together:
/// "Alex: send the deck", "김민지 - 텀싯 보내기", "Alex to send the deck" (an owner the
/// model also named is kept; a prefix repeating it is cut from the task).
pub fn split_owner(text: &str, assignee: Option<&str>) -> (String, Option<String>) {
    let text = text.trim();
    let assignee = assignee.map(str::trim).filter(|a| !a.is_empty());
    let separated = [": ", " - ", " – ", " — "]
        .iter()
        .find_map(|sep| text.split_once(sep))
        .filter(|(name, task)| looks_like_name(name) && task.trim().chars().count() >= 3);
    let english = || {
        [" to ", " will "].iter().find_map(|sep| {
            let (name, task) = text.split_once(sep)?;
            let capitalised = name
                .split_whitespace()
                .all(|w| w.chars().next().is_some_and(char::is_uppercase));
            (capitalised && name.split_whitespace().count() <= 2 && looks_like_name(name))
                .then_some((name, task))
        })
    };
    match separated.or_else(english) {
        Some((name, task)) if assignee.is_none_or(|a| a.eq_ignore_ascii_case(name.trim())) => {
            (capitalise(task.trim()), Some(name.trim().to_owned()))
        }
        _ => (text.to_owned(), assignee.map(str::to_owned)),
    }
}

/// A person's name or "Me": one to three words, no sentence punctuation or digits.
fn looks_like_name(name: &str) -> bool {
    let name = name.trim();
    let words = name.split_whitespace().count();
    (1..=3).contains(&words)
        && name.chars().count() <= 30
        && name
            .chars()
            .all(|c| c.is_alphabetic() || c == ' ' || c == '.' || c == '-' || c == '\'')
}

fn capitalise(task: &str) -> String {
    let mut chars = task.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn korean_questions_are_told_from_statements() {
        for q in [
            "월간 이탈률은 어떻게 계산하셨나요?",
            "런웨이는 몇 개월 남았나요",
            "CAC는 얼마인가요.",
            "다음 라운드는 언제쯤 생각하세요?",
            "LTV를 따로 계산해 보셨습니까",
            "이 숫자가 월 기준이 맞죠",
            "채용 계획을 공유해 주실 수 있을까요",
            "경쟁사 대비 강점이 무엇인지요",
            "그 고객은 왜 이탈했는지",
        ] {
            assert!(is_question(q), "{q}");
        }
        for s in [
            "월간 이탈률은 3%입니다.",
            "런웨이는 18개월이에요",
            "LTV를 물어보세요.",
            "다음 미팅에서 확인하겠습니다",
            "매출 성장률 확인",
        ] {
            assert!(!is_question(s), "{s}");
        }
    }

    #[test]
    fn english_questions_are_told_from_statements() {
        for q in [
            "What is your LTV?",
            "How long is your runway",
            "Could you share the cohort data?\"",
            "And the gross margin?",
            "Is churn measured monthly",
        ] {
            assert!(is_question(q), "{q}");
        }
        for s in [
            "Monthly churn is 3%.",
            "Ask about the runway.",
            "What they said about churn is worth checking.",
            "LTV",
            "",
        ] {
            assert!(!is_question(s), "{s}");
        }
    }

    #[test]
    fn a_suggestion_that_repeats_what_was_said_is_dropped() {
        let said = [
            "월간 이탈률은 3%입니다.",
            "We have eighteen months of runway.",
        ];
        let earlier = vec!["What is your LTV?".to_owned()];
        let problem = |q: &str| question_problem(q, &said, &earlier);
        assert_eq!(
            problem("월간 이탈률은 3%입니다."),
            Some(DropReason::NotAQuestion)
        );
        assert_eq!(
            problem("월간 이탈률은 3%입니까?"),
            Some(DropReason::RepeatsTranscript)
        );
        assert_eq!(
            problem("What's your LTV?"),
            Some(DropReason::RepeatsEarlier)
        );
        assert_eq!(problem("How do you ...?"), Some(DropReason::Unfinished));
        assert_eq!(problem("… 어떻게 되나요?"), Some(DropReason::Unfinished));
        assert_eq!(problem("월간 이탈률 3%는 어떻게 계산하셨나요?"), None);
        assert_eq!(problem("How will you extend the runway?"), None);
    }

    #[test]
    fn an_owner_run_into_the_task_is_taken_apart() {
        let split = |t: &str, a: Option<&str>| split_owner(t, a);
        assert_eq!(
            split("Alex: send the term sheet by Friday", None),
            ("Send the term sheet by Friday".into(), Some("Alex".into()))
        );
        assert_eq!(
            split("김민지 - 월간 코호트 데이터 공유", None),
            ("월간 코호트 데이터 공유".into(), Some("김민지".into()))
        );
        assert_eq!(
            split("Alex to send the deck", Some("Alex")),
            ("Send the deck".into(), Some("Alex".into()))
        );
        // Nothing to take apart, or an owner the model named differently: as it was.
        assert_eq!(
            split("Send the deck to Alex", None),
            ("Send the deck to Alex".into(), None)
        );
        assert_eq!(
            split("Q3 plan: hire two engineers", Some("Me")),
            ("Q3 plan: hire two engineers".into(), Some("Me".into()))
        );
        assert_eq!(
            split("Alex: send the deck", Some("Kim")),
            ("Alex: send the deck".into(), Some("Kim".into()))
        );
    }
}
