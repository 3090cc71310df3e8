//! DOCX through docx-rs: the outline as Word's own Title and Heading styles (so Word's
//! navigation pane lists the sections), paragraphs, and one paragraph per transcript
//! line. Word lays the text out and picks the fonts, so no font is embedded: Korean
//! text asks for Malgun Gothic, the Korean font Windows and Office ship with, and any
//! other viewer uses its own fallback.

use std::io::Cursor;

use docx_rs::{Docx, Paragraph, Run, RunFonts, SpecialIndentType, Style, StyleType};
use onno_store::clock;

use crate::ExportError;
use crate::outline::{Item, Outline, one_line};

/// Half-points, as DOCX measures type.
const BODY: usize = 21;
const SMALL: usize = 19;
/// Twentieths of a point, as DOCX measures indents: a quarter inch.
const INDENT: i32 = 360;
const QUIET: &str = "666666";

pub(crate) fn write(outline: &Outline) -> Result<Vec<u8>, ExportError> {
    let fonts = RunFonts::new()
        .ascii("Calibri")
        .hi_ansi("Calibri")
        .cs("Calibri")
        .east_asia("Malgun Gothic");
    let mut docx = Docx::new()
        .default_fonts(fonts)
        .default_size(BODY)
        // Every paragraph names its style: a reader that finds none (python-docx) has no
        // default to fall back on, docx-rs writing no default style.
        .add_style(Style::new("Normal", StyleType::Paragraph).name("Normal"))
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .size(36)
                .bold(),
        )
        .add_style(
            Style::new("Heading1", StyleType::Paragraph)
                .name("heading 1")
                .size(28)
                .bold()
                .outline_lvl(0),
        )
        .add_style(
            Style::new("Heading2", StyleType::Paragraph)
                .name("heading 2")
                .size(23)
                .bold()
                .outline_lvl(1),
        );

    docx = docx.add_paragraph(
        Paragraph::new()
            .style("Title")
            .add_run(text(&outline.title)),
    );
    for line in &outline.about {
        docx = docx.add_paragraph(body().add_run(text(line).size(SMALL).color(QUIET)));
    }
    for section in &outline.sections {
        docx = docx.add_paragraph(
            Paragraph::new()
                .style("Heading1")
                .add_run(text(&section.heading)),
        );
        for item in &section.items {
            docx = match item {
                Item::Paragraph(t) => docx.add_paragraph(body().add_run(text(t))),
                Item::Subheading(t) => {
                    docx.add_paragraph(Paragraph::new().style("Heading2").add_run(text(t)))
                }
                Item::Bullet(t) => {
                    docx.add_paragraph(hanging(body()).add_run(text(&format!("•  {t}"))))
                }
                Item::Nothing(t) => {
                    docx.add_paragraph(body().add_run(text(t).italic().color(QUIET)))
                }
                Item::Transcript(lines) => lines.iter().fold(docx, |docx, line| {
                    docx.add_paragraph(
                        hanging(body())
                            .add_run(
                                text(&format!("{}  ", clock(line.start_ms)))
                                    .size(SMALL)
                                    .color(QUIET),
                            )
                            .add_run(text(&format!("{}  ", one_line(line.who()))).bold())
                            .add_run(text(&one_line(&line.text))),
                    )
                }),
            };
        }
    }

    let mut bytes = Cursor::new(Vec::new());
    docx.build()
        .pack(&mut bytes)
        .map_err(|e| ExportError::Docx(e.to_string()))?;
    Ok(bytes.into_inner())
}

/// A run of `t`, its control characters made spaces: XML has no place for them
/// (docx-rs escapes the rest).
fn text(t: &str) -> Run {
    Run::new().add_text(
        t.chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect::<String>(),
    )
}

/// A paragraph of body text.
fn body() -> Paragraph {
    Paragraph::new().style("Normal")
}

/// Wrapped lines start a quarter inch in from the first.
fn hanging(p: Paragraph) -> Paragraph {
    p.indent(
        Some(INDENT),
        Some(SpecialIndentType::Hanging(INDENT)),
        None,
        None,
    )
}
