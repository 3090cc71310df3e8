//! `onno search ...`

use std::fmt::Write as _;

use onno_store::{
    HitKind, MeetingType, RankedBy, SearchHit, SearchQuery, SearchResults, Store, clock,
};

use crate::args::choice;
use crate::output::{Output, clean, date, styled};

#[derive(clap::Args)]
pub struct Args {
    /// Words to find; each must match, as a prefix ("churn" finds "churned")
    #[arg(required = true, value_name = "QUERY")]
    words: Vec<String>,
    /// Only within this relationship
    #[arg(long, value_name = "ID")]
    relationship: Option<i64>,
    /// Only meetings of this type
    #[arg(long = "type", value_name = "MEETING_TYPE", value_parser = choice::<MeetingType>())]
    meeting_type: Option<MeetingType>,
    /// Only meetings that started at or after this time, RFC 3339
    #[arg(long, value_name = "RFC3339")]
    from: Option<String>,
    /// Only meetings that started before this time, RFC 3339
    #[arg(long, value_name = "RFC3339")]
    to: Option<String>,
    /// How many hits to show
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=100))]
    limit: u32,
    /// How many hits to skip
    #[arg(long, default_value_t = 0)]
    offset: u32,
}

pub fn run(store: &Store, out: Output, args: Args) -> anyhow::Result<()> {
    let query = SearchQuery {
        text: args.words.join(" "),
        relationship_id: args.relationship,
        meeting_type: args.meeting_type,
        from: args.from,
        to: args.to,
        limit: args.limit,
        offset: args.offset,
    };
    let results = store.search(&query)?;
    let marks = if styled() {
        Marks::BOLD
    } else {
        Marks::BRACKETS
    };
    out.emit(&results, |r| results_text(r, args.offset, marks))
}

/// How highlighted words are set off in a snippet.
#[derive(Clone, Copy)]
struct Marks {
    start: &'static str,
    end: &'static str,
}

impl Marks {
    const BOLD: Marks = Marks {
        start: "\x1b[1m",
        end: "\x1b[22m",
    };
    const BRACKETS: Marks = Marks {
        start: "[",
        end: "]",
    };
}

fn results_text(results: &SearchResults, offset: u32, marks: Marks) -> String {
    let mut t = String::new();
    if results.hits.is_empty() {
        t.push_str("No matches.\n");
    }
    for hit in &results.hits {
        let _ = writeln!(t, "{}", heading(hit));
        let _ = writeln!(t, "    {}", snippet(hit, marks));
    }
    if !results.hits.is_empty() {
        let first = u64::from(offset) + 1;
        let last = u64::from(offset) + results.hits.len() as u64;
        let at_least = if results.total_is_lower_bound {
            "at least "
        } else {
            ""
        };
        let _ = writeln!(t, "\nHits {first}-{last} of {at_least}{}.", results.total);
    }
    if results.ranked_by == RankedBy::Recency {
        let _ = writeln!(
            t,
            "note: too many matches to rank by relevance; showing the newest first. Add words or filters to narrow the search."
        );
    }
    t
}

/// Where a hit is: the meeting (with the offset into it), the relationship, or the
/// relationship's file (with the page).
fn heading(hit: &SearchHit) -> String {
    let meeting = || {
        format!(
            "meeting {} · {} · {}",
            hit.meeting_id.map(|id| id.to_string()).unwrap_or_default(),
            clean(hit.meeting_title.as_deref().unwrap_or("")),
            date(&hit.at)
        )
    };
    match hit.kind {
        HitKind::Meeting => format!("{} · title", meeting()),
        HitKind::Segment => {
            let at = hit.start_ms.map(clock).unwrap_or_default();
            let source = hit.source.map(|s| format!(" {s}")).unwrap_or_default();
            format!("{} · [{at}]{source}", meeting())
        }
        HitKind::Note => format!("{} · note", meeting()),
        HitKind::Summary => format!("{} · summary", meeting()),
        HitKind::Relationship => format!(
            "relationship {} · {}",
            hit.id,
            clean(hit.relationship_name.as_deref().unwrap_or(""))
        ),
        HitKind::File => {
            let place = hit
                .place
                .as_deref()
                .filter(|p| !p.is_empty())
                .map(|p| format!(" {}", clean(p)))
                .unwrap_or_default();
            format!(
                "file {} · {}{place} · relationship {} · {}",
                hit.id,
                clean(hit.file_name.as_deref().unwrap_or("")),
                hit.relationship_id
                    .map(|id| id.to_string())
                    .unwrap_or_default(),
                clean(hit.relationship_name.as_deref().unwrap_or(""))
            )
        }
    }
}

fn snippet(hit: &SearchHit, marks: Marks) -> String {
    hit.snippet
        .iter()
        .map(|span| {
            let text = clean(&span.text);
            if span.highlight {
                format!("{}{text}{}", marks.start, marks.end)
            } else {
                text
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use onno_store::{SegmentSource, SnippetSpan};

    #[test]
    fn hits_show_where_and_what_matched() {
        let hit = SearchHit {
            kind: HitKind::Segment,
            id: 9,
            meeting_id: Some(3),
            meeting_title: Some("Acme intro".into()),
            relationship_id: None,
            relationship_name: None,
            start_ms: Some(754_000),
            source: Some(SegmentSource::Them),
            at: "2026-11-02T12:00:00Z".into(),
            snippet: vec![
                SnippetSpan {
                    text: "our ".into(),
                    highlight: false,
                },
                SnippetSpan {
                    text: "runway".into(),
                    highlight: true,
                },
                SnippetSpan {
                    text: " is long".into(),
                    highlight: false,
                },
            ],
            score: -1.0,
            file_name: None,
            place: None,
        };
        assert_eq!(
            heading(&hit),
            "meeting 3 · Acme intro · 2026-11-02 · [12:34] them"
        );
        assert_eq!(snippet(&hit, Marks::BRACKETS), "our [runway] is long");
        assert_eq!(
            snippet(&hit, Marks::BOLD),
            "our \x1b[1mrunway\x1b[22m is long"
        );
        let file = SearchHit {
            kind: HitKind::File,
            id: 4,
            meeting_id: None,
            meeting_title: None,
            relationship_id: Some(2),
            relationship_name: Some("Acme".into()),
            start_ms: None,
            source: None,
            file_name: Some("deck.pdf".into()),
            place: Some("p.12".into()),
            ..hit
        };
        assert_eq!(
            heading(&file),
            "file 4 · deck.pdf p.12 · relationship 2 · Acme"
        );
    }
}
