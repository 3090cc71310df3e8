//! The language model half of the copilot: question suggestions during a meeting,
//! action items, and the summary after it. Every request carries a bounded window of
//! the meeting, quoted as data; every answer is schema-checked and stored as plain text.

mod actions;
mod analyze;
mod dates;
mod prompt;
mod questions;
mod similar;
mod summary;

pub use crate::llm::ensure_llm_allowed;
pub use actions::{ActionExtractor, ExtractedAction, ExtractedActions, extract_action_items};
pub use analyze::{Analysis, LlmOutcome, Step, analyze_meeting};
pub use dates::{parse_date, resolve_due_date};
pub use questions::{
    ContextBudget, QuestionContext, QuestionSuggester, QuestionTrigger, SuggestError,
    SuggestedQuestion, SuggestedQuestions, TriggerConfig, missed_questions, questions_schema,
    suggest_questions,
};
pub use similar::{NEAR_DUPLICATE, is_near_duplicate, similarity};
pub use summary::{Notes, SummaryDraft, summarize_meeting};
