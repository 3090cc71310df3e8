//! The document that Markdown, DOCX and PDF all show, decided once: a title, a few lines
//! about the meeting, then a section per part asked for. Each format only draws it.

use onno_store::{DataValue, TranscriptLine, clock};

use crate::document::{Figure, MeetingExport};
use crate::{Part, words::Words};

pub(crate) struct Outline {
    pub title: String,
    /// Lines under the title: when, how long, with whom.
    pub about: Vec<String>,
    pub sections: Vec<Section>,
}

pub(crate) struct Section {
    pub heading: String,
    pub items: Vec<Item>,
}

pub(crate) enum Item {
    /// A paragraph of flowing text.
    Paragraph(String),
    Subheading(String),
    Bullet(String),
    /// Said when a part has nothing in it.
    Nothing(String),
    /// The transcript, each line's speaker set to the name shown for it.
    Transcript(Vec<TranscriptLine>),
}

impl Outline {
    pub(crate) fn of(export: &MeetingExport) -> Outline {
        let words = export.words();
        let m = &export.meeting;
        let mut when = format!("{} {} UTC", words.started, minute(&m.started_at));
        if let Some(ms) = m.duration_ms {
            when.push_str(&format!(" · {} {}", words.duration, clock(ms)));
        }
        let mut about = vec![when];
        if let Some(name) = &m.relationship_name {
            about.push(format!("{}: {}", words.relationship, one_line(name)));
        }
        if !export.participants.is_empty() {
            let names: Vec<String> = export
                .participants
                .iter()
                .map(|p| one_line(&p.name))
                .collect();
            about.push(format!("{}: {}", words.participants, names.join(", ")));
        }
        let sections = export
            .parts
            .iter()
            .map(|part| section(export, *part, words))
            .collect();
        Outline {
            title: one_line(&m.title),
            about,
            sections,
        }
    }
}

fn section(export: &MeetingExport, part: Part, words: &Words) -> Section {
    let mut items = Vec::new();
    let heading = match part {
        Part::Summary => {
            match &export.summary {
                Some(s) => {
                    items.extend(paragraphs(&s.content).map(Item::Paragraph));
                    for (title, list) in [
                        (words.key_points, &s.key_points),
                        (words.decisions, &s.decisions),
                        (words.missed_questions, &s.missed_questions),
                    ] {
                        if !list.is_empty() {
                            items.push(Item::Subheading(title.to_owned()));
                            items.extend(list.iter().map(|p| Item::Bullet(one_line(p))));
                        }
                    }
                }
                None => items.push(Item::Nothing(words.no_summary.to_owned())),
            }
            words.summary
        }
        Part::Actions => {
            for a in &export.action_items {
                let mut extra = Vec::new();
                if let Some(who) = &a.assignee {
                    extra.push(one_line(who));
                }
                if let Some(due) = &a.due_date {
                    extra.push(format!("{} {due}", words.due));
                }
                extra.push((words.status)(a.status).to_owned());
                items.push(Item::Bullet(format!(
                    "{} ({})",
                    one_line(&a.text),
                    extra.join(", ")
                )));
            }
            if items.is_empty() {
                items.push(Item::Nothing(words.no_action_items.to_owned()));
            }
            words.action_items
        }
        Part::Notes => {
            for note in &export.notes {
                items.extend(paragraphs(&note.body).map(Item::Paragraph));
            }
            if items.is_empty() {
                items.push(Item::Nothing(words.no_notes.to_owned()));
            }
            words.notes
        }
        Part::Figures => {
            items.extend(
                export
                    .figures
                    .iter()
                    .map(|f| Item::Bullet(figure(f, words))),
            );
            if items.is_empty() {
                items.push(Item::Nothing(words.no_figures.to_owned()));
            }
            words.figures
        }
        Part::Transcript => {
            match export.segments.is_empty() {
                true => items.push(Item::Nothing(words.no_transcript.to_owned())),
                false => items.push(Item::Transcript(export.shown_lines())),
            }
            words.transcript
        }
    };
    Section {
        heading: heading.to_owned(),
        items,
    }
}

/// "MRR: ₩50,000,000 (meeting 2026-11-02 at 00:01, unverified)".
fn figure(f: &Figure, words: &Words) -> String {
    let value = match &f.value {
        DataValue::Number(n) => number(*n),
        DataValue::Text(t) => one_line(t),
        DataValue::Date(d) => d.clone(),
        DataValue::Json(j) => j.to_string(),
    };
    let value = match f.unit.as_deref().map(str::trim) {
        None | Some("") => value,
        Some(u @ ("$" | "₩" | "€" | "£" | "¥")) => format!("{u}{value}"),
        Some(u @ ("%" | "x")) => format!("{value}{u}"),
        Some(u) => format!("{value} {}", one_line(u)),
    };
    let mut about = Vec::new();
    if !f.source.trim().is_empty() {
        about.push(one_line(&f.source));
    }
    about.push((words.confidence)(f.confidence).to_owned());
    format!("{}: {value} ({})", one_line(&f.key), about.join(", "))
}

/// A number as people write it: thousands grouped, no ".0" on whole numbers.
fn number(n: f64) -> String {
    if n.fract() != 0.0 || n.abs() >= 1e15 {
        return n.to_string();
    }
    let whole = (n.abs() as i64).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match n < 0.0 {
        true => format!("-{grouped}"),
        false => grouped,
    }
}

/// The paragraphs of a text the user or the model wrote: its non-blank lines.
fn paragraphs(text: &str) -> impl Iterator<Item = String> + '_ {
    text.lines().map(one_line).filter(|l| !l.is_empty())
}

/// `text` on one line: control characters and whitespace runs become one space.
pub(crate) fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A stored UTC timestamp ("2026-11-02T12:34:56Z") as "2026-11-02 12:34".
fn minute(timestamp: &str) -> String {
    timestamp
        .get(..16)
        .unwrap_or(timestamp)
        .replacen('T', " ", 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_and_whole_ones_have_no_fraction() {
        assert_eq!(number(50_000_000.0), "50,000,000");
        assert_eq!(number(-1234.0), "-1,234");
        assert_eq!(number(999.0), "999");
        assert_eq!(number(1.5), "1.5");
        assert_eq!(number(0.0), "0");
    }

    #[test]
    fn text_is_kept_on_one_line() {
        assert_eq!(one_line(" a\n\n b\u{1b}[31m\tc "), "a b [31m c");
        assert_eq!(minute("2026-11-02T12:34:56Z"), "2026-11-02 12:34");
    }
}
