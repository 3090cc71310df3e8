//! What syncs between a person's devices: the one place that says so. The triggers
//! that log changes, the first snapshot and the merge are all generated from it.
//!
//! Left out on purpose: search indexes, the text pulled out of files (the files
//! themselves travel as sealed blobs, beside their rows), language-model usage, the
//! audit log, the undo history of transcript corrections, and the settings that belong
//! to the device.

/// How a synced table's rows are named across devices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Identity {
    /// A `gid TEXT` column (UUID v7) set when the row is made; gids are never reused,
    /// so a deleted row stays deleted.
    Gid,
    /// The row is named by this column's value (a setting's key, the profile's fixed
    /// id); the same name may be deleted and made again, so a delete is one more
    /// last-writer-wins change.
    Key(&'static str),
}

/// One synced table.
#[derive(Debug, Clone, Copy)]
pub struct SyncTable {
    pub name: &'static str,
    pub identity: Identity,
    /// The columns that travel (never the integer id or the gid).
    pub columns: &'static [&'static str],
    /// `(column, table)`: the column holds the integer id of a row of that synced
    /// table; it travels as that row's gid.
    pub foreign_keys: &'static [(&'static str, &'static str)],
    /// Columns whose values are unique together, besides the gid: two devices may make
    /// rows that clash on them, and the merge keeps the one with the lower gid.
    pub unique: &'static [&'static str],
    /// When set, only the rows whose identity is one of these travel.
    pub only_keys: Option<&'static [&'static str]>,
}

impl SyncTable {
    pub fn foreign_key(&self, column: &str) -> Option<&'static str> {
        self.foreign_keys
            .iter()
            .find(|(c, _)| *c == column)
            .map(|(_, t)| *t)
    }

    /// The SQL expression naming the row `alias` (NEW, OLD or a table alias).
    pub(crate) fn identity_sql(&self, alias: &str) -> String {
        match self.identity {
            Identity::Gid => format!("{alias}.gid"),
            Identity::Key(column) => format!("CAST({alias}.{column} AS TEXT)"),
        }
    }
}

/// The settings that belong to the person rather than to the device. Everything else
/// (the language model's endpoint, the speech model, audio retention, first-run state)
/// describes one machine and stays on it.
pub const SYNCED_SETTINGS: &[&str] = &["spoken_languages"];

/// Every synced table, parents before children.
pub const SYNC_TABLES: &[SyncTable] = &[
    SyncTable {
        name: "profile",
        identity: Identity::Key("id"),
        columns: &[
            "name",
            "title",
            "company",
            "locale",
            "timezone",
            "domains",
            "updated_at",
        ],
        foreign_keys: &[],
        unique: &[],
        only_keys: None,
    },
    SyncTable {
        name: "settings",
        identity: Identity::Key("key"),
        columns: &["value", "updated_at"],
        foreign_keys: &[],
        unique: &[],
        only_keys: Some(SYNCED_SETTINGS),
    },
    SyncTable {
        name: "relationships",
        identity: Identity::Gid,
        columns: &[
            "name",
            "type",
            "status",
            "industry",
            "stage",
            "tags",
            "primary_contact",
            "team_members",
            "first_contact_date",
            "last_interaction_at",
            "next_meeting_at",
            "description",
            "notes",
            "custom_fields",
            "importance",
            "created_at",
            "updated_at",
        ],
        foreign_keys: &[],
        unique: &[],
        only_keys: None,
    },
    SyncTable {
        name: "checklists",
        identity: Identity::Gid,
        columns: &[
            "name",
            "meeting_type",
            "builtin",
            "created_at",
            "relationship_id",
        ],
        foreign_keys: &[("relationship_id", "relationships")],
        unique: &["relationship_id"],
        only_keys: None,
    },
    SyncTable {
        name: "checklist_items",
        identity: Identity::Gid,
        columns: &["checklist_id", "position", "text", "keywords"],
        foreign_keys: &[("checklist_id", "checklists")],
        unique: &[],
        only_keys: None,
    },
    SyncTable {
        name: "meetings",
        identity: Identity::Gid,
        // audio_paths name recordings in this device's data folder; what they are
        // travels in meeting_recordings.
        columns: &[
            "relationship_id",
            "title",
            "type",
            "status",
            "started_at",
            "ended_at",
            "language",
            "checklist_id",
            "created_at",
            "updated_at",
            "llm_enabled",
        ],
        foreign_keys: &[
            ("relationship_id", "relationships"),
            ("checklist_id", "checklists"),
        ],
        unique: &[],
        only_keys: None,
    },
    SyncTable {
        name: "meeting_participants",
        identity: Identity::Gid,
        columns: &["meeting_id", "name", "email", "role"],
        foreign_keys: &[("meeting_id", "meetings")],
        unique: &[],
        only_keys: None,
    },
    SyncTable {
        name: "transcript_segments",
        identity: Identity::Gid,
        columns: &[
            "meeting_id",
            "source",
            "speaker",
            "text",
            "start_ms",
            "end_ms",
            "confidence",
            "language",
            "is_final",
            "edited",
            "created_at",
        ],
        foreign_keys: &[("meeting_id", "meetings")],
        unique: &[],
        only_keys: None,
    },
    SyncTable {
        name: "meeting_speakers",
        identity: Identity::Gid,
        columns: &["meeting_id", "source", "name"],
        foreign_keys: &[("meeting_id", "meetings")],
        unique: &["meeting_id", "source"],
        only_keys: None,
    },
    SyncTable {
        name: "meeting_recordings",
        identity: Identity::Gid,
        // What a recording is, so another device can fetch it: the audio itself
        // travels sealed as a blob named by its hash (crates/sync's blob module).
        columns: &["meeting_id", "source", "sha256", "size_bytes"],
        foreign_keys: &[("meeting_id", "meetings")],
        unique: &["meeting_id", "source"],
        only_keys: None,
    },
    SyncTable {
        name: "relationship_data",
        identity: Identity::Gid,
        columns: &[
            "relationship_id",
            "category",
            "key",
            "value_kind",
            "value_text",
            "value_number",
            "unit",
            "source",
            "confidence",
            "recorded_at",
            "meeting_id",
            "dismissed_at",
        ],
        foreign_keys: &[
            ("relationship_id", "relationships"),
            ("meeting_id", "meetings"),
        ],
        unique: &[],
        only_keys: None,
    },
    SyncTable {
        name: "relationship_files",
        identity: Identity::Gid,
        // The file's metadata only; extracted_text is derived from the file itself.
        columns: &[
            "relationship_id",
            "name",
            "media_type",
            "size_bytes",
            "sha256",
            "category",
            "tags",
            "description",
            "meeting_id",
            "stored_path",
            "added_at",
        ],
        foreign_keys: &[
            ("relationship_id", "relationships"),
            ("meeting_id", "meetings"),
        ],
        unique: &[],
        only_keys: None,
    },
    SyncTable {
        name: "ai_questions",
        identity: Identity::Gid,
        columns: &[
            "meeting_id",
            "text",
            "priority",
            "reason",
            "suggested_at",
            "user_action",
            "actioned_at",
        ],
        foreign_keys: &[("meeting_id", "meetings")],
        unique: &[],
        only_keys: None,
    },
    SyncTable {
        name: "action_items",
        identity: Identity::Gid,
        columns: &[
            "meeting_id",
            "text",
            "assignee",
            "due_date",
            "confidence",
            "status",
            "integration_status",
            "created_at",
            "updated_at",
            "model_text",
            "removed_at",
        ],
        foreign_keys: &[("meeting_id", "meetings")],
        unique: &[],
        only_keys: None,
    },
    SyncTable {
        name: "summaries",
        identity: Identity::Gid,
        columns: &[
            "meeting_id",
            "content",
            "key_points",
            "decisions",
            "missed_questions",
            "created_at",
            "updated_at",
            "edited_at",
        ],
        foreign_keys: &[("meeting_id", "meetings")],
        unique: &["meeting_id"],
        only_keys: None,
    },
    SyncTable {
        name: "notes",
        identity: Identity::Gid,
        columns: &["meeting_id", "body", "created_at", "updated_at"],
        foreign_keys: &[("meeting_id", "meetings")],
        unique: &[],
        only_keys: None,
    },
    SyncTable {
        name: "glossary_terms",
        identity: Identity::Gid,
        columns: &[
            "term",
            "aliases",
            "definition_en",
            "definition_ko",
            "example",
            "category",
            "difficulty",
        ],
        foreign_keys: &[],
        unique: &["term"],
        only_keys: None,
    },
    SyncTable {
        name: "benchmarks",
        identity: Identity::Gid,
        columns: &[
            "metric", "industry", "stage", "p25", "p50", "p75", "unit", "source",
        ],
        foreign_keys: &[],
        unique: &["metric", "industry", "stage"],
        only_keys: None,
    },
];

/// The synced table called `name`.
pub fn table(name: &str) -> Option<&'static SyncTable> {
    SYNC_TABLES.iter().find(|t| t.name == name)
}
