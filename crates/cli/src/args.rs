//! Argument pieces shared by several commands: the store's enumerations and the export's
//! formats and parts as clap choices, paging, and the small text formats for team
//! members and custom fields.

use std::str::FromStr;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use onno_export::{ExportFormat, Part};
use onno_store::{
    FileCategory, Importance, MeetingType, NewParticipant, Page, ParticipantRole, RelationshipSort,
    RelationshipStatus, RelationshipType, TeamMember, TranscriptFormat,
};

/// A closed vocabulary: one of the store's enumerations, or an export's formats and
/// parts. Their `ALL`, names and `FromStr` stay the one definition of each; clap only
/// lists and parses them.
pub trait Vocabulary:
    Copy + Send + Sync + FromStr<Err: std::error::Error + Send + Sync + 'static> + 'static
{
    fn all() -> &'static [Self];
    fn name(self) -> &'static str;
}

macro_rules! store_enums {
    ($($name:ident),+) => {$(
        impl Vocabulary for $name {
            fn all() -> &'static [Self] {
                $name::ALL
            }
            fn name(self) -> &'static str {
                self.as_str()
            }
        }
    )+};
}

store_enums!(
    RelationshipType,
    RelationshipStatus,
    RelationshipSort,
    Importance,
    MeetingType,
    FileCategory
);

impl Vocabulary for TranscriptFormat {
    fn all() -> &'static [Self] {
        TranscriptFormat::ALL
    }
    fn name(self) -> &'static str {
        self.extension()
    }
}

impl Vocabulary for ExportFormat {
    fn all() -> &'static [Self] {
        ExportFormat::ALL
    }
    fn name(self) -> &'static str {
        self.extension()
    }
}

impl Vocabulary for Part {
    fn all() -> &'static [Self] {
        Part::ALL
    }
    fn name(self) -> &'static str {
        self.as_str()
    }
}

/// Parses one of the vocabulary's names; `--help` and errors list the choices.
pub fn choice<T: Vocabulary>() -> impl TypedValueParser<Value = T> {
    PossibleValuesParser::new(T::all().iter().map(|v| v.name())).try_map(|s| s.parse::<T>())
}

/// `--limit` and `--offset` for lists.
#[derive(Debug, clap::Args)]
pub struct PageArgs {
    /// How many to show
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=i64::from(Page::MAX_LIMIT)))]
    pub limit: u32,
    /// How many to skip
    #[arg(long, default_value_t = 0)]
    pub offset: u32,
}

impl PageArgs {
    pub fn page(&self) -> Page {
        Page::new(self.limit, self.offset)
    }
}

/// Reads `"Name <email> (role)"`; the email and role are optional, in either order.
pub fn parse_member(text: &str) -> Result<TeamMember, String> {
    let mut rest = text.trim();
    let mut email = None;
    let mut role = None;
    for _ in 0..2 {
        if let Some(inner) = trailing_group(&mut rest, '<', '>') {
            email = non_empty(inner);
        } else if let Some(inner) = trailing_group(&mut rest, '(', ')') {
            role = non_empty(inner);
        }
    }
    if rest.is_empty() {
        return Err(format!(
            "{text:?} has no name; write a member as \"Name <email> (role)\""
        ));
    }
    Ok(TeamMember {
        name: rest.to_owned(),
        email,
        role,
    })
}

/// Reads a meeting participant, `"Name"` or `"Name <email>"`, as a guest.
pub fn parse_participant(text: &str) -> Result<NewParticipant, String> {
    let mut rest = text.trim();
    let email = trailing_group(&mut rest, '<', '>').and_then(non_empty);
    if rest.is_empty() {
        return Err(format!(
            "{text:?} has no name; write a participant as \"Name <email>\""
        ));
    }
    Ok(NewParticipant {
        name: rest.to_owned(),
        email,
        role: ParticipantRole::Guest,
    })
}

/// Takes `open ... close` off the end of `rest`, returning what was inside.
fn trailing_group<'a>(rest: &mut &'a str, open: char, close: char) -> Option<&'a str> {
    let body = rest.strip_suffix(close)?;
    let start = body.rfind(open)?;
    let inner = &body[start + open.len_utf8()..];
    *rest = body[..start].trim_end();
    Some(inner)
}

/// Reads `key=value`; the value is JSON if it parses as JSON (`42`, `true`, `[1,2]`),
/// otherwise the text itself.
pub fn parse_field(text: &str) -> Result<(String, serde_json::Value), String> {
    let (key, value) = text
        .split_once('=')
        .ok_or_else(|| format!("{text:?} is not key=value"))?;
    let key = key.trim();
    if key.is_empty() {
        return Err(format!("{text:?} has an empty key; write key=value"));
    }
    let value =
        serde_json::from_str(value).unwrap_or_else(|_| serde_json::Value::String(value.to_owned()));
    Ok((key.to_owned(), value))
}

/// Blank text means "none".
pub fn non_empty(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn participants_are_a_name_and_an_optional_email() {
        let p = parse_participant(" 김민수 <minsu@acme.ai> ").unwrap();
        assert_eq!(
            (p.name.as_str(), p.email.as_deref(), p.role),
            ("김민수", Some("minsu@acme.ai"), ParticipantRole::Guest)
        );
        assert_eq!(parse_participant("Alex").unwrap().email, None);
        assert!(parse_participant("<a@b.c>").is_err());
    }

    #[track_caller]
    fn check_member(input: &str, name: &str, email: Option<&str>, role: Option<&str>) {
        let member = parse_member(input).expect("parses");
        assert_eq!(member.name, name);
        assert_eq!(member.email.as_deref(), email);
        assert_eq!(member.role.as_deref(), role);
    }

    #[test]
    fn members_take_optional_email_and_role() {
        check_member(
            "Kim Minji <minji@acme.ai> (CTO)",
            "Kim Minji",
            Some("minji@acme.ai"),
            Some("CTO"),
        );
        check_member(
            "Kim Minji (CTO) <minji@acme.ai>",
            "Kim Minji",
            Some("minji@acme.ai"),
            Some("CTO"),
        );
        check_member("Kim Minji", "Kim Minji", None, None);
        check_member("김민지 (대표)", "김민지", None, Some("대표"));
        check_member("Lee <> ()", "Lee", None, None);
        assert!(parse_member("<a@b.c>").is_err());
        assert!(parse_member("  ").is_err());
    }

    #[test]
    fn field_values_are_json_when_they_parse() {
        assert_eq!(
            parse_field("arr=1200").unwrap(),
            ("arr".into(), json!(1200))
        );
        assert_eq!(parse_field("ok=true").unwrap(), ("ok".into(), json!(true)));
        assert_eq!(
            parse_field("lead=Kim").unwrap(),
            ("lead".into(), json!("Kim"))
        );
        assert_eq!(parse_field("eq=a=b").unwrap(), ("eq".into(), json!("a=b")));
        assert_eq!(
            parse_field("list=[1,2]").unwrap(),
            ("list".into(), json!([1, 2]))
        );
        assert!(parse_field("novalue").is_err());
        assert!(parse_field("=x").is_err());
    }
}
