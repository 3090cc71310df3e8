use rusqlite::{OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::clock::{normalize_date, normalize_timestamp, now_timestamp, parse_timestamp};
use crate::layout::DataDir;
use crate::validate::{bounded_text, from_json, optional_text, required_text, to_json};
use crate::{Importance, RelationshipStatus, RelationshipType, Result, Store, StoreError};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Contact {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub title: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TeamMember {
    pub name: String,
    pub email: Option<String>,
    pub role: Option<String>,
}

/// Everything a person edits about a relationship. Used both to create one and to
/// replace the editable fields of an existing one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewRelationship {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: RelationshipType,
    pub status: RelationshipStatus,
    pub industry: Option<String>,
    pub stage: Option<String>,
    pub tags: Vec<String>,
    pub primary_contact: Option<Contact>,
    pub team_members: Vec<TeamMember>,
    /// "YYYY-MM-DD".
    pub first_contact_date: Option<String>,
    /// RFC 3339.
    pub next_meeting_at: Option<String>,
    pub description: String,
    pub notes: String,
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
    pub importance: Importance,
}

impl NewRelationship {
    pub fn new(name: &str, kind: RelationshipType) -> Self {
        NewRelationship {
            name: name.to_owned(),
            kind,
            status: RelationshipStatus::Active,
            industry: None,
            stage: None,
            tags: Vec::new(),
            primary_contact: None,
            team_members: Vec::new(),
            first_contact_date: None,
            next_meeting_at: None,
            description: String::new(),
            notes: String::new(),
            custom_fields: serde_json::Map::new(),
            importance: Importance::Medium,
        }
    }
}

/// The fields of an existing relationship an edit replaces; the same shape as a new one.
pub type RelationshipPatch = NewRelationship;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Relationship {
    pub id: i64,
    #[serde(flatten)]
    pub fields: NewRelationship,
    /// The start of the latest meeting with this relationship.
    pub last_interaction_at: Option<String>,
    pub meeting_count: u32,
    /// Action items of its meetings still pending or approved, not yet done.
    pub open_action_items: u32,
    /// 0..1, from how recently and how often the user met them; see [`engagement_score`].
    pub engagement_score: f64,
    pub created_at: String,
    pub updated_at: String,
}

/// Engagement in 0..1 from meeting recency and frequency:
///
/// `0.6 · e^(−days_since_last_meeting / 30) + 0.4 · min(1, meetings_in_last_90_days / 6)`
///
/// Recency dominates (a meeting today scores 0.6 on its own, one a month ago 0.22);
/// frequency saturates at one meeting every two weeks. No meeting at all scores 0.
pub fn engagement_score(
    now: OffsetDateTime,
    last_meeting: Option<OffsetDateTime>,
    meetings_last_90_days: u32,
) -> f64 {
    let recency = last_meeting.map_or(0.0, |last| {
        let days = ((now - last).as_seconds_f64() / 86_400.0).max(0.0);
        (-days / 30.0).exp()
    });
    let frequency = (f64::from(meetings_last_90_days) / 6.0).min(1.0);
    let score = 0.6 * recency + 0.4 * frequency;
    (score * 100.0).round() / 100.0
}

const NAME_MAX: usize = 200;
const SHORT_MAX: usize = 200;
const LONG_MAX: usize = 20_000;

pub(crate) const SELECT: &str =
    "SELECT r.id, r.name, r.type, r.status, r.industry, r.stage, r.tags,
        r.primary_contact, r.team_members, r.first_contact_date, r.next_meeting_at,
        r.description, r.notes, r.custom_fields, r.importance, r.last_interaction_at,
        r.created_at, r.updated_at,
        (SELECT count(*) FROM meetings m WHERE m.relationship_id = r.id),
        (SELECT count(*) FROM meetings m WHERE m.relationship_id = r.id
            AND m.started_at >= strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-90 days')),
        (SELECT count(*) FROM action_items a JOIN meetings m ON m.id = a.meeting_id
            WHERE m.relationship_id = r.id AND a.status IN ('pending', 'approved'))
    FROM relationships r";

pub(crate) fn from_row(row: &Row<'_>) -> rusqlite::Result<Relationship> {
    let contact: Option<String> = row.get(7)?;
    let last_interaction_at: Option<String> = row.get(15)?;
    let recent: u32 = row.get(19)?;
    let last = last_interaction_at.as_deref().and_then(parse_timestamp);
    Ok(Relationship {
        id: row.get(0)?,
        fields: NewRelationship {
            name: row.get(1)?,
            kind: row.get(2)?,
            status: row.get(3)?,
            industry: row.get(4)?,
            stage: row.get(5)?,
            tags: from_json(&row.get::<_, String>(6)?),
            primary_contact: contact
                .as_deref()
                .and_then(|c| serde_json::from_str(c).ok()),
            team_members: from_json(&row.get::<_, String>(8)?),
            first_contact_date: row.get(9)?,
            next_meeting_at: row.get(10)?,
            description: row.get(11)?,
            notes: row.get(12)?,
            custom_fields: from_json(&row.get::<_, String>(13)?),
            importance: row.get(14)?,
        },
        engagement_score: engagement_score(OffsetDateTime::now_utc(), last, recent),
        last_interaction_at,
        created_at: row.get(16)?,
        updated_at: row.get(17)?,
        meeting_count: row.get(18)?,
        open_action_items: row.get(20)?,
    })
}

/// Validated, normalized column values for an insert or update.
struct Columns {
    name: String,
    industry: Option<String>,
    stage: Option<String>,
    tags: String,
    contact: Option<String>,
    team: String,
    first_contact_date: Option<String>,
    next_meeting_at: Option<String>,
    description: String,
    notes: String,
    custom_fields: String,
}

fn validate(input: &NewRelationship) -> Result<Columns> {
    let mut tags = Vec::with_capacity(input.tags.len());
    for tag in &input.tags {
        let tag = required_text("tag", tag, 50)?;
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    if let Some(contact) = &input.primary_contact {
        required_text("primary contact name", &contact.name, NAME_MAX)?;
        if let Some(email) = &contact.email {
            check_email("primary contact email", email)?;
        }
    }
    for member in &input.team_members {
        required_text("team member name", &member.name, NAME_MAX)?;
        if let Some(email) = &member.email {
            check_email("team member email", email)?;
        }
    }
    Ok(Columns {
        name: required_text("name", &input.name, NAME_MAX)?,
        industry: optional_text("industry", input.industry.as_deref(), SHORT_MAX)?,
        stage: optional_text("stage", input.stage.as_deref(), SHORT_MAX)?,
        tags: to_json(&tags),
        contact: input.primary_contact.as_ref().map(to_json),
        team: to_json(&input.team_members),
        first_contact_date: input
            .first_contact_date
            .as_deref()
            .map(|d| normalize_date("first contact date", d))
            .transpose()?,
        next_meeting_at: input
            .next_meeting_at
            .as_deref()
            .map(|t| normalize_timestamp("next meeting", t))
            .transpose()?,
        description: bounded_text("description", &input.description, LONG_MAX)?,
        notes: bounded_text("notes", &input.notes, LONG_MAX)?,
        custom_fields: to_json(&input.custom_fields),
    })
}

fn check_email(field: &'static str, email: &str) -> Result<()> {
    let email = email.trim();
    let plausible = email.len() <= 254
        && email
            .split_once('@')
            .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'));
    if email.is_empty() || plausible {
        Ok(())
    } else {
        Err(StoreError::invalid(
            field,
            format!("{email:?} is not an email address"),
        ))
    }
}

impl Store {
    pub fn create_relationship(&self, input: &NewRelationship) -> Result<Relationship> {
        let c = validate(input)?;
        let now = now_timestamp();
        let id = self.write(|tx| {
            tx.execute(
                "INSERT INTO relationships (name, type, status, industry, stage, tags,
                    primary_contact, team_members, first_contact_date, next_meeting_at,
                    description, notes, custom_fields, importance, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15)",
                params![
                    c.name,
                    input.kind,
                    input.status,
                    c.industry,
                    c.stage,
                    c.tags,
                    c.contact,
                    c.team,
                    c.first_contact_date,
                    c.next_meeting_at,
                    c.description,
                    c.notes,
                    c.custom_fields,
                    input.importance,
                    now
                ],
            )?;
            Ok(tx.last_insert_rowid())
        })?;
        self.relationship(id)
    }

    /// Replaces the editable fields of relationship `id`.
    pub fn update_relationship(&self, id: i64, input: &RelationshipPatch) -> Result<Relationship> {
        let c = validate(input)?;
        let changed = self.write(|tx| {
            Ok(tx.execute(
                "UPDATE relationships SET name = ?2, type = ?3, status = ?4, industry = ?5,
                    stage = ?6, tags = ?7, primary_contact = ?8, team_members = ?9,
                    first_contact_date = ?10, next_meeting_at = ?11, description = ?12,
                    notes = ?13, custom_fields = ?14, importance = ?15, updated_at = ?16
                 WHERE id = ?1",
                params![
                    id,
                    c.name,
                    input.kind,
                    input.status,
                    c.industry,
                    c.stage,
                    c.tags,
                    c.contact,
                    c.team,
                    c.first_contact_date,
                    c.next_meeting_at,
                    c.description,
                    c.notes,
                    c.custom_fields,
                    input.importance,
                    now_timestamp()
                ],
            )?)
        })?;
        if changed == 0 {
            return Err(not_found(id));
        }
        self.relationship(id)
    }

    /// Sets the status to archived; the relationship and its history stay.
    pub fn archive_relationship(&self, id: i64) -> Result<Relationship> {
        let mut fields = self.relationship(id)?.fields;
        fields.status = RelationshipStatus::Archived;
        self.update_relationship(id, &fields)
    }

    pub fn relationship(&self, id: i64) -> Result<Relationship> {
        self.reader()
            .query_row(&format!("{SELECT} WHERE r.id = ?1"), [id], from_row)
            .optional()?
            .ok_or_else(|| not_found(id))
    }

    /// Deletes a relationship with its data and files; its meetings stay, unlinked.
    pub fn delete_relationship(&self, id: i64) -> Result<()> {
        self.write(|tx| {
            if tx.execute("DELETE FROM relationships WHERE id = ?1", [id])? == 0 {
                return Err(not_found(id));
            }
            crate::audit::record(
                tx,
                "delete",
                &format!("relationship/{id}"),
                &serde_json::json!({}),
            )
        })?;
        // Its attached files were copies kept in its own folder; they go with it.
        self.remove_data_folder(&DataDir::relationship_files(id));
        Ok(())
    }
}

fn not_found(id: i64) -> StoreError {
    StoreError::NotFound {
        entity: "relationship",
        id,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::Duration;

    #[test]
    fn engagement_rewards_recent_and_frequent_meetings() {
        let now = OffsetDateTime::now_utc();
        assert_eq!(engagement_score(now, None, 0), 0.0);
        assert_eq!(engagement_score(now, Some(now), 6), 1.0);
        let month_ago = engagement_score(now, Some(now - Duration::days(30)), 1);
        let week_ago = engagement_score(now, Some(now - Duration::days(7)), 1);
        assert!(week_ago > month_ago, "{week_ago} > {month_ago}");
        assert!((0.0..=1.0).contains(&month_ago));
    }
}
