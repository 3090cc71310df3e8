//! Onno's meeting assistant: what a language model adds to the offline signals.
//! Question suggestions during the meeting ([`QuestionSuggester`]), action items (due
//! dates such as "next Friday" / "다음 주 금요일" resolved in Rust against the meeting's
//! date), the summary after it (map-reduce, so a 4k-context local model copes with a
//! three-hour meeting), and [`analyze_meeting`] for a stored meeting. It calls the model
//! through `onno-llm` and reads the checklist from `onno-signals`.
//!
//! Every request carries a bounded window of the meeting, quoted as data inside a
//! delimited block that its text cannot close; answers are schema-checked (the schema
//! and the checks both come from the answer's Rust type) and stored as plain text. The
//! model runs only when it is on in the settings and not switched off for the meeting
//! ([`ensure_llm_allowed`]).
//!
//! The live pipeline drives suggestions like this, on its own async runtime:
//!
//! ```no_run
//! # async fn live(client: onno_llm::LlmClient, store: onno_store::Store,
//! #     signals: onno_signals::MeetingSignals, segment: onno_store::Segment, now_ms: i64) {
//! use onno_assist::{ContextBudget, QuestionSuggester, TriggerConfig};
//!
//! let mut suggester = QuestionSuggester::new(segment.meeting_id, TriggerConfig::default(),
//!     ContextBudget::default());
//! // On every committed segment:
//! suggester.on_segment(&segment);
//! // On a timer tick (meeting time in ms): at most every 20 s, after a pause.
//! if suggester.due(now_ms) {
//!     match suggester.suggest(&client, &store, &signals.checklist()).await {
//!         Ok(new_questions) => { /* stored already; show them */ }
//!         Err(e) => { /* off, offline, rate limited...: show nothing, log e */ }
//!     }
//! }
//! # }
//! ```

mod actions;
mod analyze;
mod client;
mod dates;
mod error;
mod hygiene;
mod insights;
mod key;
mod llm_settings;
mod memory;
mod prompt;
mod questions;
mod similar;
mod summary;

pub use actions::{ActionExtractor, ExtractedAction, ExtractedActions, extract_action_items};
pub use analyze::{
    Analysis, AnalysisReport, LlmOutcome, SkipReason, Step, SummaryChange, analyze_meeting,
};
pub use client::{KeyedClient, LOCAL_TIMEOUT, SharedClient, client_for};
pub use dates::{parse_date, resolve_due_date};
pub use error::{AssistError, Result};
pub use hygiene::{DropReason, is_question, split_owner};
pub use insights::{MeetingInsights, UsageTotals, meeting_insights};
pub use key::{LLM_KEY_RESOURCE, forget_llm_key, store_llm_key};
pub use llm_settings::{
    KeyChange, LlmSettingsView, llm_settings_view, save_llm_settings, stored_key,
};
pub use memory::{
    MemoryItem, QUERY_TERMS, RECENT_MS, query_terms, ranked_passages, recall, recent_texts,
};
pub use onno_llm::ensure_llm_allowed;
pub use questions::{
    ContextBudget, QuestionContext, QuestionSuggester, QuestionTrigger, SuggestedQuestion,
    SuggestedQuestions, TriggerConfig, missed_questions, questions_schema, suggest_questions,
};
pub use similar::{NEAR_DUPLICATE, is_near_duplicate, similarity};
pub use summary::{Notes, SummaryDraft, summarize_meeting};
