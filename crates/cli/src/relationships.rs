//! `onno relationships ...`

use std::fmt::Write as _;

use anyhow::bail;
use clap::{Args, Subcommand};
use onno_store::{
    DataValue, Importance, Meeting, MeetingFilter, NewRelationship, Page, Paged, Relationship,
    RelationshipData, RelationshipFilter, RelationshipSort, RelationshipStatus, RelationshipType,
    Store, TeamMember,
};
use serde::Serialize;

use crate::args::{PageArgs, choice, non_empty, parse_field, parse_member};
use crate::output::{Output, Table, clean, date, fit, minute, or_dash};

/// How many of a relationship's meetings `show` lists.
const RECENT_MEETINGS: u32 = 10;
/// How many data rows `show` lists.
const DATA_ROWS: u32 = 200;

#[derive(Subcommand)]
pub enum Command {
    /// List relationships, most recently met first
    List(ListArgs),
    /// Add a relationship
    Add(AddArgs),
    /// Show a relationship with its recent meetings and data
    Show {
        #[arg(value_parser = clap::value_parser!(i64).range(1..))]
        id: i64,
    },
    /// Change a relationship's fields; options not given keep their values
    Edit(EditArgs),
    /// Set a relationship's status to archived (its history stays)
    Archive {
        #[arg(value_parser = clap::value_parser!(i64).range(1..))]
        id: i64,
    },
    /// Delete a relationship with its data and attached files; its meetings stay,
    /// unlinked
    Delete {
        #[arg(value_parser = clap::value_parser!(i64).range(1..))]
        id: i64,
        /// Delete without asking (required when stdin is not a terminal)
        #[arg(long)]
        yes: bool,
    },
    /// A relationship's files: decks, financials, contracts
    #[command(subcommand)]
    Files(crate::files::Command),
}

#[derive(Args)]
pub struct ListArgs {
    #[arg(long = "type", value_name = "TYPE", value_parser = choice::<RelationshipType>())]
    kind: Option<RelationshipType>,
    #[arg(long, value_parser = choice::<RelationshipStatus>())]
    status: Option<RelationshipStatus>,
    /// Only names containing this, ignoring case
    #[arg(long, value_name = "SUBSTRING")]
    name: Option<String>,
    /// Only those carrying this tag, ignoring case
    #[arg(long)]
    tag: Option<String>,
    #[arg(long, value_parser = choice::<Importance>())]
    importance: Option<Importance>,
    /// Only those at this stage, ignoring case
    #[arg(long)]
    stage: Option<String>,
    /// The order: last_interaction (most recently met first), next_meeting (soonest,
    /// overdue first), engagement (met most recently and most often first), name
    #[arg(long, value_parser = choice::<RelationshipSort>(), default_value = "last_interaction")]
    sort: RelationshipSort,
    #[command(flatten)]
    page: PageArgs,
}

#[derive(Args)]
pub struct AddArgs {
    /// A company, a person, a project
    name: String,
    /// What the relationship is to you
    #[arg(long = "type", value_name = "TYPE", value_parser = choice::<RelationshipType>())]
    kind: RelationshipType,
    #[command(flatten)]
    fields: FieldArgs,
}

#[derive(Args)]
pub struct EditArgs {
    #[arg(value_parser = clap::value_parser!(i64).range(1..))]
    id: i64,
    /// A new name
    #[arg(long)]
    name: Option<String>,
    /// What the relationship is to you
    #[arg(long = "type", value_name = "TYPE", value_parser = choice::<RelationshipType>())]
    kind: Option<RelationshipType>,
    #[command(flatten)]
    fields: FieldArgs,
    /// Remove all tags (before adding any --tag)
    #[arg(long)]
    clear_tags: bool,
    /// Remove one tag; repeatable
    #[arg(long = "remove-tag", value_name = "TAG")]
    remove_tags: Vec<String>,
    /// Remove the primary contact
    #[arg(long, conflicts_with_all = ["contact_name", "contact_email", "contact_phone", "contact_title"])]
    clear_contact: bool,
    /// Remove all team members (before adding any --member)
    #[arg(long)]
    clear_members: bool,
    /// Remove all custom fields (before setting any --field)
    #[arg(long)]
    clear_fields: bool,
    /// Remove one custom field; repeatable
    #[arg(long = "remove-field", value_name = "KEY")]
    remove_fields: Vec<String>,
}

/// The editable fields, shared by `add` and `edit`. For the optional text fields an
/// empty value ("") clears them.
#[derive(Args)]
pub struct FieldArgs {
    /// [add default: active]
    #[arg(long, value_parser = choice::<RelationshipStatus>())]
    status: Option<RelationshipStatus>,
    #[arg(long)]
    industry: Option<String>,
    /// Funding or deal stage ("Series A")
    #[arg(long)]
    stage: Option<String>,
    /// Add a tag; repeatable
    #[arg(long = "tag", value_name = "TAG")]
    tags: Vec<String>,
    /// [add default: medium]
    #[arg(long, value_parser = choice::<Importance>())]
    importance: Option<Importance>,
    /// The primary contact's name
    #[arg(long, value_name = "NAME")]
    contact_name: Option<String>,
    #[arg(long, value_name = "EMAIL")]
    contact_email: Option<String>,
    #[arg(long, value_name = "PHONE")]
    contact_phone: Option<String>,
    /// The primary contact's job title
    #[arg(long, value_name = "TITLE")]
    contact_title: Option<String>,
    /// Add a team member as "Name <email> (role)"; email and role are optional; repeatable
    #[arg(long = "member", value_name = "MEMBER", value_parser = parse_member)]
    members: Vec<TeamMember>,
    /// The date of first contact
    #[arg(long, value_name = "YYYY-MM-DD")]
    first_contact: Option<String>,
    /// When the next meeting is, RFC 3339
    #[arg(long, value_name = "RFC3339")]
    next_meeting: Option<String>,
    #[arg(long)]
    description: Option<String>,
    #[arg(long)]
    notes: Option<String>,
    /// Set a custom field; the value is JSON if it parses (42, true, [1,2]), else text;
    /// repeatable
    #[arg(long = "field", value_name = "KEY=VALUE", value_parser = parse_field)]
    custom_fields: Vec<(String, serde_json::Value)>,
}

impl FieldArgs {
    /// Writes the options given onto `r`; options not given leave their field alone.
    fn apply(self, r: &mut NewRelationship) -> anyhow::Result<()> {
        if let Some(status) = self.status {
            r.status = status;
        }
        if let Some(importance) = self.importance {
            r.importance = importance;
        }
        if let Some(industry) = self.industry {
            r.industry = non_empty(&industry);
        }
        if let Some(stage) = self.stage {
            r.stage = non_empty(&stage);
        }
        for tag in self.tags {
            if !r.tags.contains(&tag) {
                r.tags.push(tag);
            }
        }
        let contact_given = self.contact_name.is_some()
            || self.contact_email.is_some()
            || self.contact_phone.is_some()
            || self.contact_title.is_some();
        if contact_given {
            let mut contact = r.primary_contact.take().unwrap_or_default();
            if let Some(name) = self.contact_name {
                contact.name = name.trim().to_owned();
            }
            if let Some(email) = self.contact_email {
                contact.email = non_empty(&email);
            }
            if let Some(phone) = self.contact_phone {
                contact.phone = non_empty(&phone);
            }
            if let Some(title) = self.contact_title {
                contact.title = non_empty(&title);
            }
            if contact.name.is_empty() {
                bail!("a primary contact needs a name: add --contact-name");
            }
            r.primary_contact = Some(contact);
        }
        r.team_members.extend(self.members);
        if let Some(first_contact) = self.first_contact {
            r.first_contact_date = non_empty(&first_contact);
        }
        if let Some(next_meeting) = self.next_meeting {
            r.next_meeting_at = non_empty(&next_meeting);
        }
        if let Some(description) = self.description {
            r.description = description;
        }
        if let Some(notes) = self.notes {
            r.notes = notes;
        }
        r.custom_fields.extend(self.custom_fields);
        Ok(())
    }
}

impl EditArgs {
    fn apply(self, r: &mut NewRelationship) -> anyhow::Result<()> {
        if let Some(name) = self.name {
            r.name = name;
        }
        if let Some(kind) = self.kind {
            r.kind = kind;
        }
        if self.clear_tags {
            r.tags.clear();
        }
        r.tags.retain(|t| !self.remove_tags.contains(t));
        if self.clear_contact {
            r.primary_contact = None;
        }
        if self.clear_members {
            r.team_members.clear();
        }
        if self.clear_fields {
            r.custom_fields.clear();
        }
        for key in &self.remove_fields {
            r.custom_fields.remove(key);
        }
        self.fields.apply(r)
    }
}

/// Everything `relationships show` prints.
#[derive(Serialize)]
struct RelationshipDetail {
    relationship: Relationship,
    recent_meetings: Vec<Meeting>,
    data: Vec<RelationshipData>,
}

pub fn run(store: &Store, out: Output, command: Command) -> anyhow::Result<()> {
    match command {
        Command::List(args) => {
            let filter = RelationshipFilter {
                kind: args.kind,
                status: args.status,
                name_contains: args.name,
                tag: args.tag,
                importance: args.importance,
                stage: args.stage,
                sort: args.sort,
            };
            let list = store.list_relationships(&filter, args.page.page())?;
            out.emit(&list, |l| list_text(l, args.page.offset))
        }
        Command::Add(args) => {
            let mut new = NewRelationship::new(&args.name, args.kind);
            args.fields.apply(&mut new)?;
            let created = store.create_relationship(&new)?;
            out.emit(&created, |r| {
                format!("Added relationship {}: {}", r.id, clean(&r.fields.name))
            })
        }
        Command::Show { id } => {
            let relationship = store.relationship(id)?;
            let filter = MeetingFilter {
                relationship_id: Some(id),
                ..MeetingFilter::default()
            };
            let detail = RelationshipDetail {
                relationship,
                recent_meetings: store
                    .list_meetings(&filter, Page::new(RECENT_MEETINGS, 0))?
                    .items,
                data: store.relationship_data(id, Page::new(DATA_ROWS, 0))?.items,
            };
            out.emit(&detail, show_text)
        }
        Command::Edit(args) => {
            let id = args.id;
            let mut fields = store.relationship(id)?.fields;
            args.apply(&mut fields)?;
            let updated = store.update_relationship(id, &fields)?;
            out.emit(&updated, |r| {
                format!("Updated relationship {}: {}", r.id, clean(&r.fields.name))
            })
        }
        Command::Archive { id } => {
            let archived = store.archive_relationship(id)?;
            out.emit(&archived, |r| {
                format!("Archived relationship {}: {}", r.id, clean(&r.fields.name))
            })
        }
        Command::Delete { id, yes } => {
            let relationship = store.relationship(id)?;
            if !yes {
                crate::output::confirm(
                    &format!(
                        "Delete relationship {id} \"{}\" with its data and attached files?",
                        clean(&relationship.fields.name)
                    ),
                    &format!("relationship {id} was not deleted"),
                )?;
            }
            store.delete_relationship(id)?;
            out.emit(
                &serde_json::json!({ "deleted": "relationship", "id": id }),
                |_| format!("Deleted relationship {id}."),
            )
        }
        Command::Files(command) => crate::files::run(store, out, command),
    }
}

fn list_text(list: &Paged<Relationship>, offset: u32) -> String {
    if list.items.is_empty() {
        return if list.total == 0 {
            "No relationships.".to_owned()
        } else {
            format!(
                "No relationships at offset {offset} (there are {}).",
                list.total
            )
        };
    }
    let mut table = Table::new(&[
        "ID",
        "NAME",
        "TYPE",
        "STATUS",
        "STAGE",
        "IMPORTANCE",
        "MEETINGS",
        "LAST MET",
        "NEXT MEETING",
        "OPEN ITEMS",
    ]);
    for r in &list.items {
        let f = &r.fields;
        table.row(vec![
            r.id.to_string(),
            fit(&f.name, 32),
            f.kind.to_string(),
            f.status.to_string(),
            or_dash(f.stage.as_deref().map(|s| fit(s, 20))),
            f.importance.to_string(),
            r.meeting_count.to_string(),
            or_dash(r.last_interaction_at.as_deref().map(date)),
            or_dash(f.next_meeting_at.as_deref().map(date)),
            r.open_action_items.to_string(),
        ]);
    }
    let mut text = table.render();
    if list.has_more || offset > 0 {
        let first = u64::from(offset) + 1;
        let last = u64::from(offset) + list.items.len() as u64;
        let _ = writeln!(text, "Relationships {first}-{last} of {}.", list.total);
    }
    text
}

fn show_text(d: &RelationshipDetail) -> String {
    let r = &d.relationship;
    let f = &r.fields;
    let mut t = String::new();
    let _ = writeln!(t, "Relationship {}: {}", r.id, clean(&f.name));
    let mut line = |label: &str, value: String| {
        let _ = writeln!(t, "  {label:<14}{value}");
    };
    line("type", f.kind.to_string());
    line("status", f.status.to_string());
    line("importance", f.importance.to_string());
    if let Some(industry) = &f.industry {
        line("industry", clean(industry));
    }
    if let Some(stage) = &f.stage {
        line("stage", clean(stage));
    }
    if !f.tags.is_empty() {
        line("tags", clean(&f.tags.join(", ")));
    }
    if let Some(c) = &f.primary_contact {
        let mut contact = clean(&c.name);
        if let Some(title) = &c.title {
            let _ = write!(contact, ", {}", clean(title));
        }
        if let Some(email) = &c.email {
            let _ = write!(contact, " <{}>", clean(email));
        }
        if let Some(phone) = &c.phone {
            let _ = write!(contact, " {}", clean(phone));
        }
        line("contact", contact);
    }
    if let Some(first) = &f.first_contact_date {
        line("first contact", first.clone());
    }
    if let Some(next) = &f.next_meeting_at {
        line("next meeting", format!("{} UTC", minute(next)));
    }
    let last = r
        .last_interaction_at
        .as_deref()
        .map(|at| format!(", last {}", date(at)))
        .unwrap_or_default();
    line("meetings", format!("{}{last}", r.meeting_count));
    line("engagement", format!("{:.2}", r.engagement_score));
    details_text(&mut t, f);
    if !d.recent_meetings.is_empty() {
        let _ = writeln!(t, "\nRecent meetings");
        t.push_str(&crate::meetings::table(&d.recent_meetings));
    }
    if !d.data.is_empty() {
        let _ = writeln!(t, "\nData");
        t.push_str(&data_table(&d.data));
    }
    t
}

/// The team, custom fields, description and notes, each under its heading when set.
fn details_text(t: &mut String, f: &NewRelationship) {
    if !f.team_members.is_empty() {
        let _ = writeln!(t, "\nTeam");
        for m in &f.team_members {
            let email = m.email.as_deref().map(|e| format!(" <{}>", clean(e)));
            let role = m.role.as_deref().map(|r| format!(" ({})", clean(r)));
            let _ = writeln!(
                t,
                "  {}{}{}",
                clean(&m.name),
                email.unwrap_or_default(),
                role.unwrap_or_default()
            );
        }
    }
    if !f.custom_fields.is_empty() {
        let _ = writeln!(t, "\nFields");
        for (key, value) in &f.custom_fields {
            let value = match value {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let _ = writeln!(t, "  {}: {}", clean(key), clean(&value));
        }
    }
    for (title, body) in [("Description", &f.description), ("Notes", &f.notes)] {
        if !body.trim().is_empty() {
            let _ = writeln!(t, "\n{title}");
            for body_line in body.lines() {
                let _ = writeln!(t, "  {}", clean(body_line));
            }
        }
    }
}

/// What is known about the relationship, one row per data row.
fn data_table(rows: &[RelationshipData]) -> String {
    let mut table = Table::new(&["CATEGORY", "KEY", "VALUE", "CONFIDENCE", "AS OF", "SOURCE"]);
    for row in rows {
        let data = &row.fields;
        let value = match &data.value {
            DataValue::Text(text) | DataValue::Date(text) => text.clone(),
            DataValue::Number(n) => n.to_string(),
            DataValue::Json(v) => v.to_string(),
        };
        let unit = data.unit.as_deref().map(|u| format!(" {u}"));
        table.row(vec![
            data.category.to_string(),
            fit(&data.key, 24),
            fit(&format!("{value}{}", unit.unwrap_or_default()), 30),
            data.confidence.to_string(),
            or_dash(data.recorded_at.as_deref()),
            fit(&data.source, 30),
        ]);
    }
    table.render()
}
