//! Markdown: the outline as headings, paragraphs and lists; the transcript written by the
//! store's Markdown transcript writer, as `onno transcribe` writes it.

use std::io::{self, Write};

use onno_store::{TranscriptFormat, TranscriptHeader, md_escape, write_transcript};

use crate::outline::{Item, Outline};

pub(crate) fn write(out: &mut dyn Write, outline: &Outline) -> io::Result<()> {
    writeln!(out, "# {}\n", md_escape(&outline.title))?;
    for line in &outline.about {
        // A hard line break (two spaces) keeps them one block, one per line.
        writeln!(out, "{}  ", md_escape(line))?;
    }
    for section in &outline.sections {
        writeln!(out, "\n## {}\n", md_escape(&section.heading))?;
        let mut in_list = false;
        for item in &section.items {
            let bullet = matches!(item, Item::Bullet(_));
            if in_list && !bullet {
                writeln!(out)?;
            }
            in_list = bullet;
            match item {
                Item::Paragraph(text) => writeln!(out, "{}\n", paragraph(text))?,
                Item::Subheading(text) => writeln!(out, "### {}\n", md_escape(text))?,
                Item::Bullet(text) => writeln!(out, "- {}", paragraph(text))?,
                Item::Nothing(text) => writeln!(out, "_{}_\n", md_escape(text))?,
                Item::Transcript(lines) => write_transcript(
                    out,
                    TranscriptFormat::Md,
                    &TranscriptHeader::default(),
                    lines,
                )?,
            }
        }
    }
    Ok(())
}

/// A paragraph's or a list item's text escaped, and kept from starting a heading, a
/// list or a numbered list (`3. ` becomes `3\. `).
fn paragraph(text: &str) -> String {
    let escaped = md_escape(text);
    if escaped.starts_with(['#', '-', '+']) {
        return format!("\\{escaped}");
    }
    let digits = escaped.chars().take_while(char::is_ascii_digit).count();
    match escaped[digits..].starts_with(['.', ')']) && digits > 0 {
        true => format!("{}\\{}", &escaped[..digits], &escaped[digits..]),
        false => escaped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paragraph_never_becomes_markup() {
        assert_eq!(paragraph("# not a heading"), "\\# not a heading");
        assert_eq!(paragraph("- not a list"), "\\- not a list");
        assert_eq!(paragraph("3. not numbered"), "3\\. not numbered");
        assert_eq!(paragraph("12) no"), "12\\) no");
        assert_eq!(paragraph("MRR 3.5억"), "MRR 3.5억");
        assert_eq!(paragraph("a *b*"), "a \\*b\\*");
    }
}
