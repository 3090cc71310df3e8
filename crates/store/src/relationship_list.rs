//! The relationships list: which relationships to show and in what order, and the
//! values its filters can take.

use rusqlite::params;
use serde::{Deserialize, Serialize};

use crate::relationships::{SELECT, from_row};
use crate::{
    Importance, Page, Paged, Relationship, RelationshipSort, RelationshipStatus, RelationshipType,
    Result, Store,
};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RelationshipFilter {
    #[serde(rename = "type")]
    pub kind: Option<RelationshipType>,
    pub status: Option<RelationshipStatus>,
    /// Matches anywhere in the name, case-insensitively.
    pub name_contains: Option<String>,
    /// Carries this tag (case-insensitively).
    pub tag: Option<String>,
    pub importance: Option<Importance>,
    /// Is at this stage (case-insensitively).
    pub stage: Option<String>,
    pub sort: RelationshipSort,
}

/// The values the list's tag and stage filters can take: those in use, by name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RelationshipChoices {
    pub tags: Vec<String>,
    pub stages: Vec<String>,
}

/// The filter's conditions, over `?1`..`?6` in the order of [`Conditions::params`].
const CONDITION: &str = "(?1 IS NULL OR r.type = ?1) AND (?2 IS NULL OR r.status = ?2)
    AND (?3 IS NULL OR r.name LIKE ?3 ESCAPE '\\')
    AND (?4 IS NULL OR EXISTS (SELECT 1 FROM json_each(r.tags) t
                               WHERE lower(t.value) = lower(?4)))
    AND (?5 IS NULL OR r.importance = ?5)
    AND (?6 IS NULL OR lower(r.stage) = lower(trim(?6)))";

struct Conditions {
    kind: Option<RelationshipType>,
    status: Option<RelationshipStatus>,
    name_like: Option<String>,
    tag: Option<String>,
    importance: Option<Importance>,
    stage: Option<String>,
}

impl Conditions {
    fn of(filter: &RelationshipFilter) -> Self {
        let blank_is_none = |text: &Option<String>| {
            text.as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
        };
        Conditions {
            kind: filter.kind,
            status: filter.status,
            name_like: blank_is_none(&filter.name_contains)
                .map(|n| format!("%{}%", n.replace('%', "\\%").replace('_', "\\_"))),
            tag: blank_is_none(&filter.tag),
            importance: filter.importance,
            stage: blank_is_none(&filter.stage),
        }
    }

    fn params(&self) -> [&dyn rusqlite::ToSql; 6] {
        [
            &self.kind,
            &self.status,
            &self.name_like,
            &self.tag,
            &self.importance,
            &self.stage,
        ]
    }
}

/// SQL order for the sorts SQL can do; engagement is computed in Rust.
fn order_by(sort: RelationshipSort) -> &'static str {
    match sort {
        // Engagement is sorted after reading; this order only makes ties stable.
        RelationshipSort::Engagement | RelationshipSort::Name => "r.name COLLATE NOCASE, r.id",
        RelationshipSort::LastInteraction => {
            "r.last_interaction_at IS NULL, r.last_interaction_at DESC, r.name COLLATE NOCASE, r.id"
        }
        // Soonest first, so overdue meetings lead; none set goes last.
        RelationshipSort::NextMeeting => {
            "r.next_meeting_at IS NULL, r.next_meeting_at, r.name COLLATE NOCASE, r.id"
        }
    }
}

impl Store {
    /// One page of the relationships `filter` selects, in its order.
    pub fn list_relationships(
        &self,
        filter: &RelationshipFilter,
        page: Page,
    ) -> Result<Paged<Relationship>> {
        let conditions = Conditions::of(filter);
        let by_engagement = filter.sort == RelationshipSort::Engagement;
        self.read(|conn| {
            let total: u64 = conn.query_row(
                &format!("SELECT count(*) FROM relationships r WHERE {CONDITION}"),
                &conditions.params()[..],
                |row| row.get(0),
            )?;
            // Engagement depends on the clock and a curve SQL has no function for, so
            // those lists are read whole (relationships number in the hundreds) and
            // paged here.
            let limit = if by_engagement {
                -1
            } else {
                i64::from(page.clamped_limit())
            };
            let offset = if by_engagement { 0 } else { page.offset };
            let mut stmt = conn.prepare(&format!(
                "{SELECT} WHERE {CONDITION} ORDER BY {} LIMIT ?7 OFFSET ?8",
                order_by(filter.sort)
            ))?;
            let mut values = conditions.params().to_vec();
            values.extend([&limit as &dyn rusqlite::ToSql, &offset]);
            let mut items = stmt
                .query_map(&values[..], from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            if by_engagement {
                items.sort_by(|a, b| b.engagement_score.total_cmp(&a.engagement_score));
                items = items
                    .into_iter()
                    .skip(page.offset as usize)
                    .take(page.clamped_limit() as usize)
                    .collect();
            }
            Ok(Paged::new(items, total, page))
        })
    }

    /// The tags and stages relationships carry, for the list's filters.
    pub fn relationship_choices(&self) -> Result<RelationshipChoices> {
        self.read(|conn| {
            let strings = |sql: &str| -> rusqlite::Result<Vec<String>> {
                conn.prepare(sql)?
                    .query_map(params![], |row| row.get(0))?
                    .collect()
            };
            Ok(RelationshipChoices {
                tags: strings(
                    "SELECT DISTINCT t.value FROM relationships r, json_each(r.tags) t
                     WHERE t.type = 'text' AND trim(t.value) <> ''
                     ORDER BY t.value COLLATE NOCASE",
                )?,
                stages: strings(
                    "SELECT DISTINCT trim(stage) FROM relationships
                     WHERE stage IS NOT NULL AND trim(stage) <> ''
                     ORDER BY trim(stage) COLLATE NOCASE",
                )?,
            })
        })
    }
}
