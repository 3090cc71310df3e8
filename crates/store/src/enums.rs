//! The closed vocabularies of the data model. Each is stored as its snake_case name, so
//! the database stays readable and the SQL CHECK constraints can name the same words.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "specta", derive(specta::Type))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = crate::StoreError;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                match text {
                    $($text => Ok($name::$variant),)+
                    _ => Err(crate::StoreError::invalid(
                        stringify!($name),
                        format!(
                            "{text:?} is not one of {}",
                            [$($text),+].join(", ")
                        ),
                    )),
                }
            }
        }

        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.as_str()))
            }
        }

        impl FromSql for $name {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                let text = value.as_str()?;
                text.parse().map_err(|e: crate::StoreError| FromSqlError::Other(Box::new(e)))
            }
        }
    };
}

string_enum!(
    /// What a relationship is to the user.
    RelationshipType { Deal = "deal", Portfolio = "portfolio", Client = "client", Candidate = "candidate", Partner = "partner" }
);
string_enum!(
    RelationshipStatus { Active = "active", Archived = "archived", Completed = "completed", Passed = "passed" }
);
string_enum!(Importance { High = "high", Medium = "medium", Low = "low" });
string_enum!(
    /// How the relationships list is ordered.
    RelationshipSort {
        LastInteraction = "last_interaction",
        NextMeeting = "next_meeting",
        Engagement = "engagement",
        Name = "name",
    }
);

impl Default for RelationshipSort {
    /// The people met most recently first: where a list of relationships usually starts.
    fn default() -> Self {
        RelationshipSort::LastInteraction
    }
}
string_enum!(
    DataCategory { Metrics = "metrics", Financials = "financials", Product = "product", Team = "team" }
);
string_enum!(
    /// How far a piece of relationship data can be trusted.
    Confidence { Verified = "verified", Estimated = "estimated", Unverified = "unverified" }
);
string_enum!(
    FileCategory { PitchDeck = "pitch_deck", Financial = "financial", Contract = "contract", ProductDemo = "product_demo" }
);
string_enum!(
    /// What one piece of a file's text is: a PDF's page, a deck's slide, a workbook's
    /// sheet, or the whole text of a document.
    FilePartKind { Page = "page", Slide = "slide", Sheet = "sheet", Text = "text" }
);
string_enum!(
    MeetingType {
        InvestmentScreening = "investment_screening",
        Mentoring = "mentoring",
        Sales = "sales",
        Recruiting = "recruiting",
        Partnership = "partnership",
        General = "general",
    }
);
string_enum!(MeetingStatus { Active = "active", Completed = "completed", Cancelled = "cancelled" });
string_enum!(ParticipantRole { Host = "host", Guest = "guest" });
string_enum!(
    /// Where a transcript segment's audio came from: the user's microphone, the call's
    /// system audio, or an imported file.
    SegmentSource { Me = "me", Them = "them", File = "file" }
);
string_enum!(
    QuestionPriority { Critical = "critical", Important = "important", FollowUp = "follow_up" }
);
string_enum!(QuestionAction { Used = "used", Ignored = "ignored", Dismissed = "dismissed" });
string_enum!(
    ActionItemStatus { Pending = "pending", Approved = "approved", Rejected = "rejected", Completed = "completed" }
);
string_enum!(Difficulty { Basic = "basic", Intermediate = "intermediate", Advanced = "advanced" });
string_enum!(Locale { Ko = "ko", En = "en" });
string_enum!(
    /// What a correction of a transcript did (see `Store::undo_last_correction`).
    CorrectionKind {
        EditText = "edit_text",
        NameLine = "name_line",
        NameSide = "name_side",
        Merge = "merge",
        Split = "split",
    }
);
