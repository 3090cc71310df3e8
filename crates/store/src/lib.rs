//! Onno's embedded store: one SQLite file in the user's data folder holding meetings,
//! transcripts, notes and the relationships a person meets again and again.
//!
//! The design in brief:
//! - **One writer, one reader.** SQLite in WAL mode lets a reader run beside the writer;
//!   each sits behind its own mutex, so a long search never blocks a transcript commit.
//! - **Migrations are data.** The numbered SQL files in `migrations/` are embedded and
//!   applied at open inside one transaction; `PRAGMA user_version` records how far a
//!   file has come. A file from a newer build is refused rather than guessed at.
//! - **The database checks itself.** Enumerations and JSON columns carry CHECK
//!   constraints and full-text indexes are kept by triggers, so no write path can leave
//!   them behind. The Rust API validates first, to give readable errors.
//! - **Sync is kept by the database too.** Synced rows carry a global id, and triggers
//!   generated from one table spec log every change to them with a hybrid logical clock;
//!   [`Store::apply_remote_changes`] merges another device's (see [`sync`]).
//! - **Files live beside the database.** Audio and relationship files are copied into the
//!   data folder and referenced by relative path, so the folder moves as one piece;
//!   [`DataDir`] names every place in it.
//!
//! ```no_run
//! use onno_store::{NewRelationship, RelationshipType, Store};
//!
//! let store = Store::open(std::path::Path::new("/tmp/onno-data"))?;
//! let acme = store.create_relationship(&NewRelationship::new("Acme AI", RelationshipType::Deal))?;
//! let hits = store.search(&onno_store::SearchQuery::new("runway"))?;
//! # Ok::<(), onno_store::StoreError>(())
//! ```

mod archive;
mod audit;
mod checklist_edit;
mod checklists;
mod clock;
mod corrections;
mod enums;
mod error;
mod export;
mod file_list;
mod files;
mod followups;
mod footprint;
mod glossary_edit;
mod import;
mod knowledge;
mod layout;
mod llm_usage;
mod meeting_edit;
mod meetings;
mod migrate;
mod page;
mod profile;
mod recall;
mod relationship_data;
mod relationship_list;
mod relationships;
mod retention;
mod search;
mod segments;
mod settings;
mod setup;
mod store;
pub mod sync;
mod timeline;
mod user_edits;
mod validate;

pub use archive::{ARCHIVE_EXTENSION, ArchiveSummary, Inventory};
pub use audit::AuditEntry;
pub use checklists::{Checklist, ChecklistItem, NewChecklistItem};
pub use clock::{now_timestamp, timestamp_after, timestamp_of_unix_ms, today_date};
pub use corrections::{Correction, SideSpeaker, UNDO_LIMIT, Undone};
pub use enums::*;
pub use error::{ErrorKind, Result, StoreError};
pub use export::{
    TranscriptFormat, TranscriptHeader, TranscriptLine, clock, md_escape, write_transcript,
};
pub use file_list::ListedFile;
pub use files::{AddedFile, FileContent, FilePart, NewRelationshipFile, RelationshipFile};
pub use followups::{
    ActionItem, AiQuestion, NewActionItem, NewAiQuestion, Note, Summary, SummaryInput,
};
pub use footprint::{MeetingFootprint, RelationshipFootprint};
pub use import::{ImportAs, ImportedTranscript, new_segment, read_transcript};
pub use knowledge::{Benchmark, GlossaryTerm, NewGlossaryTerm};
pub use layout::{DATA_DIR_ENV, DATABASE_FILE_NAME, DataDir, MeetingFolder};
pub use llm_usage::{LlmAttempt, LlmUsage, NewLlmUsage};
pub use meeting_edit::MeetingEdit;
pub use meetings::{Meeting, MeetingFilter, MeetingPatch, NewMeeting, NewParticipant, Participant};
pub use migrate::LATEST_SCHEMA_VERSION;
pub use page::{Page, Paged};
pub use profile::{DomainLevel, Profile, ProfileUpdate};
pub use recall::{Passage, PassageKind, RecallQuery};
pub use relationship_data::{DataValue, NewRelationshipData, RelationshipData};
pub use relationship_list::{RelationshipChoices, RelationshipFilter};
pub use relationships::{
    Contact, NewRelationship, Relationship, RelationshipPatch, TeamMember, engagement_score,
};
pub use retention::{AUDIO_RETENTION_SETTING, AudioRetention};
pub use search::{
    HitKind, RANKING_CAP, RankedBy, SearchHit, SearchQuery, SearchResults, SnippetSpan,
};
pub use segments::{NewSegment, Segment};
pub use settings::{DEFAULT_SPOKEN_LANGUAGES, MAX_SPOKEN_LANGUAGES, SPOKEN_LANGUAGES_SETTING};
pub use setup::{DEFAULT_MODEL_SETTING, SETUP_SETTING, Setup, SetupStep};
pub use store::{Store, move_aside};
pub use sync::{ApplyReport, LocalChange, RemoteChange};
pub use timeline::{PendingActionItem, TimelineEntry};
pub use user_edits::ActionItemEdit;
