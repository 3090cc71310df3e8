//! PDF through krilla: the outline laid out on A4 pages here (krilla draws a line of
//! text where it is told; breaking lines and pages is ours), with a bookmark per
//! section and page numbers.
//!
//! # The font
//!
//! A PDF carries its own fonts, and Korean needs one with Hangul. The font is compiled
//! in: `fonts/NotoSansCJKkr-Regular-subset.otf`, Noto Sans CJK KR Regular under the SIL
//! Open Font License 1.1, cut to Latin, every modern Hangul syllable and jamo,
//! punctuation and common symbols (1.3 MB; `fonts/README.md` says where it comes from,
//! `scripts/make-pdf-font.sh` makes it). Compiled in rather than looked up at run time
//! because a PDF export must work on every machine the app runs on: Windows and macOS
//! have no Noto, their own Korean fonts differ per version and their licences say
//! different things about embedding, and the same export should look the same
//! everywhere. The 11,172 Hangul syllables are all there, so no Korean name or word
//! falls outside it, and krilla embeds only the glyphs a document uses (a few hundred
//! kilobytes at most). Characters the font lacks (Hanja, kana, emoji) are drawn with
//! the whole Noto Sans CJK collection when Debian's `fonts-noto-cjk` (or another
//! distribution's package of it) has put it in a standard place; without it they show
//! as the font's empty box, and the PDF's text still holds them.

use std::collections::HashMap;
use std::sync::Arc;

use krilla::Document;
use krilla::color::rgb;
use krilla::destination::XyzDestination;
use krilla::geom::Point;
use krilla::metadata::Metadata;
use krilla::outline::{Outline as Bookmarks, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::text::{Font, TextDirection};
use onno_store::clock;

use crate::ExportError;
use crate::outline::{Item, Outline, one_line};

/// The compiled-in font (see the module's documentation).
pub const FONT: &[u8] = include_bytes!("../fonts/NotoSansCJKkr-Regular-subset.otf");

/// Where distributions put Noto Sans CJK, for what the compiled-in font lacks; the
/// Korean face is the collection's second.
const SYSTEM_CJK: &[&str] = &[
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto-cjk/NotoSansCJK-Regular.ttc",
];
const SYSTEM_CJK_KOREAN: u32 = 1;

// A4 in points, with 2 cm margins.
const PAGE_WIDTH: f32 = 595.28;
const PAGE_HEIGHT: f32 = 841.89;
const MARGIN: f32 = 56.7;
const TEXT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
/// Where text must end, above the page number.
const TEXT_BOTTOM: f32 = PAGE_HEIGHT - MARGIN;
const LINE_HEIGHT: f32 = 1.45;

type Rgb = (u8, u8, u8);
const INK: Rgb = (0x1a, 0x1a, 0x1a);
const QUIET: Rgb = (0x6b, 0x6b, 0x6b);
const ACCENT: Rgb = (0x1f, 0x4e, 0x79);

pub(crate) fn write(outline: &Outline, language: Option<&str>) -> Result<Vec<u8>, ExportError> {
    let blocks = blocks(outline);
    let fonts = Fonts::for_text(
        blocks
            .iter()
            .flat_map(|b| b.spans.iter())
            .flat_map(|s| s.text.chars()),
    )?;
    let pages = Layout::new(&fonts).run(&blocks);

    let mut document = Document::new();
    let mut metadata = Metadata::new()
        .title(outline.title.clone())
        .creator("Onno".to_owned());
    if let Some(language) = language {
        metadata = metadata.language(language.to_owned());
    }
    document.set_metadata(metadata);

    let count = pages.len();
    let mut bookmarks = Bookmarks::new();
    for (index, page) in pages.iter().enumerate() {
        for (title, y) in &page.marks {
            bookmarks.push_child(OutlineNode::new(
                title.clone(),
                XyzDestination::new(index, Point::from_xy(MARGIN, *y)),
            ));
        }
        let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
            .ok_or_else(|| ExportError::Pdf("the page size is not valid".to_owned()))?;
        let mut pdf_page = document.start_page_with(settings);
        let mut surface = pdf_page.surface();
        let number = format!("{} / {count}", index + 1);
        let footer = Run {
            x: (PAGE_WIDTH - fonts.measure(&number, 8.0)) / 2.0,
            baseline: PAGE_HEIGHT - MARGIN / 2.0,
            size: 8.0,
            color: QUIET,
            font: 0,
            text: number,
        };
        for run in page.runs.iter().chain([&footer]) {
            let (r, g, b) = run.color;
            surface.set_fill(Some(Fill {
                paint: rgb::Color::new(r, g, b).into(),
                ..Fill::default()
            }));
            surface.draw_text(
                Point::from_xy(run.x, run.baseline),
                fonts.faces[run.font].clone(),
                run.size,
                &run.text,
                false,
                TextDirection::Auto,
            );
        }
        surface.finish();
        pdf_page.finish();
    }
    document.set_outline(bookmarks);
    document
        .finish()
        .map_err(|e| ExportError::Pdf(format!("{e:?}")))
}

/// A paragraph to lay out: words from its spans, each span in its own colour.
struct Block {
    spans: Vec<Span>,
    size: f32,
    /// How far lines after the first are indented.
    hanging: f32,
    space_before: f32,
    space_after: f32,
    /// A heading: kept on the page of the line that follows it, and bookmarked.
    heading: bool,
}

struct Span {
    text: String,
    color: Rgb,
}

fn span(text: impl Into<String>, color: Rgb) -> Span {
    Span {
        text: one_line(&text.into()),
        color,
    }
}

fn block(spans: Vec<Span>, size: f32) -> Block {
    Block {
        spans,
        size,
        hanging: 0.0,
        space_before: 0.0,
        space_after: 0.35 * size,
        heading: false,
    }
}

fn blocks(outline: &Outline) -> Vec<Block> {
    let mut blocks = vec![Block {
        space_after: 6.0,
        ..block(vec![span(&outline.title, INK)], 18.0)
    }];
    for line in &outline.about {
        blocks.push(Block {
            space_after: 1.0,
            ..block(vec![span(line, QUIET)], 9.0)
        });
    }
    for section in &outline.sections {
        blocks.push(Block {
            space_before: 14.0,
            heading: true,
            ..block(vec![span(&section.heading, ACCENT)], 13.5)
        });
        for item in &section.items {
            match item {
                Item::Paragraph(text) => blocks.push(block(vec![span(text, INK)], 10.0)),
                Item::Subheading(text) => blocks.push(Block {
                    space_before: 6.0,
                    ..block(vec![span(text, ACCENT)], 11.0)
                }),
                Item::Bullet(text) => blocks.push(Block {
                    hanging: 10.0,
                    ..block(vec![span("•", QUIET), span(text, INK)], 10.0)
                }),
                Item::Nothing(text) => blocks.push(block(vec![span(text, QUIET)], 10.0)),
                Item::Transcript(lines) => blocks.extend(lines.iter().map(|line| Block {
                    hanging: 28.0,
                    ..block(
                        vec![
                            span(clock(line.start_ms), QUIET),
                            span(line.who(), ACCENT),
                            span(&line.text, INK),
                        ],
                        10.0,
                    )
                })),
            }
        }
    }
    blocks
}

/// One piece of text drawn in one font and colour, `x` and `baseline` in points from
/// the page's top left.
struct Run {
    x: f32,
    baseline: f32,
    size: f32,
    color: Rgb,
    font: usize,
    text: String,
}

#[derive(Default)]
struct Page {
    runs: Vec<Run>,
    /// Section headings on this page, with where they start.
    marks: Vec<(String, f32)>,
}

struct Layout<'f> {
    fonts: &'f Fonts,
    pages: Vec<Page>,
    /// The top of the next line on the current page.
    y: f32,
}

impl<'f> Layout<'f> {
    fn new(fonts: &'f Fonts) -> Self {
        Layout {
            fonts,
            pages: vec![Page::default()],
            y: MARGIN,
        }
    }

    fn run(mut self, blocks: &[Block]) -> Vec<Page> {
        for (i, b) in blocks.iter().enumerate() {
            let lines = self.lines(b);
            let line_height = b.size * LINE_HEIGHT;
            let mut needed = b.space_before + line_height;
            if b.heading
                && let Some(next) = blocks.get(i + 1)
            {
                needed += next.space_before + next.size * LINE_HEIGHT;
            }
            if self.y + needed > TEXT_BOTTOM && self.y > MARGIN {
                self.new_page();
            } else if self.y > MARGIN {
                self.y += b.space_before;
            }
            if b.heading
                && let Some(page) = self.pages.last_mut()
            {
                let title = b.spans.iter().map(|s| s.text.as_str()).collect::<Vec<_>>();
                page.marks.push((title.join(" "), self.y));
            }
            for (n, line) in lines.into_iter().enumerate() {
                if self.y + line_height > TEXT_BOTTOM && self.y > MARGIN {
                    self.new_page();
                }
                // The baseline sits where a line of CJK text centres in its line box.
                let baseline = self.y + (line_height - b.size) / 2.0 + 0.88 * b.size;
                let mut x = MARGIN + if n > 0 { b.hanging } else { 0.0 };
                for (text, color) in line {
                    for (font, piece) in self.fonts.split(&text) {
                        let width = self.fonts.measure(piece, b.size);
                        if let Some(page) = self.pages.last_mut() {
                            page.runs.push(Run {
                                x,
                                baseline,
                                size: b.size,
                                color,
                                font,
                                text: piece.to_owned(),
                            });
                        }
                        x += width;
                    }
                }
                self.y += line_height;
            }
            self.y += b.space_after;
        }
        self.pages
    }

    fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = MARGIN;
    }

    /// The block's words broken into lines that fit, each line as runs of one colour
    /// (words joined by their spaces).
    fn lines(&self, b: &Block) -> Vec<Vec<(String, Rgb)>> {
        let space = self.fonts.measure(" ", b.size);
        let mut lines: Vec<Vec<(String, Rgb)>> = Vec::new();
        let mut line: Vec<(String, Rgb)> = Vec::new();
        let mut used = 0.0;
        let width = |lines: &Vec<_>| TEXT_WIDTH - if lines.is_empty() { 0.0 } else { b.hanging };
        for s in &b.spans {
            for word in s.text.split(' ').filter(|w| !w.is_empty()) {
                let mut word = word;
                loop {
                    let w = self.fonts.measure(word, b.size);
                    let gap = if line.is_empty() { 0.0 } else { space };
                    if used + gap + w <= width(&lines) {
                        push_word(&mut line, word, s.color);
                        used += gap + w;
                        break;
                    }
                    if !line.is_empty() {
                        lines.push(std::mem::take(&mut line));
                        used = 0.0;
                        continue;
                    }
                    // A word wider than a whole line is cut where it must be.
                    let cut = self.fit(word, b.size, width(&lines));
                    push_word(&mut line, &word[..cut], s.color);
                    lines.push(std::mem::take(&mut line));
                    used = 0.0;
                    word = &word[cut..];
                    if word.is_empty() {
                        break;
                    }
                }
            }
        }
        if !line.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        lines
    }

    /// How many bytes of `word` fit in `width` (at least one character).
    fn fit(&self, word: &str, size: f32, width: f32) -> usize {
        let mut used = 0.0;
        let mut end = 0;
        for (i, c) in word.char_indices() {
            used += self.fonts.advance(c) * size;
            if used > width && i > 0 {
                return i;
            }
            end = i + c.len_utf8();
        }
        end
    }
}

/// Adds `word` to the line, to its last run when that has the same colour.
fn push_word(line: &mut Vec<(String, Rgb)>, word: &str, color: Rgb) {
    match line.last_mut() {
        Some((text, c)) if *c == color => {
            text.push(' ');
            text.push_str(word);
        }
        Some(_) => line.push((format!(" {word}"), color)),
        None => line.push((word.to_owned(), color)),
    }
}

/// The fonts of one document: the compiled-in one first, then the system's Noto Sans
/// CJK if the text needs it and it is there.
struct Fonts {
    faces: Vec<Font>,
    /// Per character: which face draws it and its advance in ems.
    chars: HashMap<char, (usize, f32)>,
}

impl Fonts {
    fn for_text(text: impl Iterator<Item = char>) -> Result<Fonts, ExportError> {
        let mut text: Vec<char> = text.chain([' ']).collect();
        text.sort_unstable();
        text.dedup();
        let bundled = ttf_parser::Face::parse(FONT, 0)
            .map_err(|e| ExportError::Pdf(format!("the PDF font cannot be read: {e}")))?;
        let font = Font::new(FONT.into(), 0)
            .ok_or_else(|| ExportError::Pdf("the PDF font cannot be read".to_owned()))?;
        let mut faces = vec![font];
        let mut chars = HashMap::new();
        let mut missing = Vec::new();
        for &c in &text {
            match advance(&bundled, c) {
                Some(a) => {
                    chars.insert(c, (0, a));
                }
                None => missing.push(c),
            }
        }
        let notdef = notdef_advance(&bundled);
        if !missing.is_empty()
            && let Some((data, font)) = system_cjk()
            && let Ok(system) = ttf_parser::Face::parse(&data, SYSTEM_CJK_KOREAN)
        {
            for &c in &missing {
                if let Some(a) = advance(&system, c) {
                    chars.insert(c, (1, a));
                }
            }
            faces.push(font);
        }
        for c in missing {
            chars.entry(c).or_insert((0, notdef));
        }
        Ok(Fonts { faces, chars })
    }

    /// The advance of `c` in ems.
    fn advance(&self, c: char) -> f32 {
        self.chars.get(&c).map_or(0.5, |(_, a)| *a)
    }

    fn measure(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(c)).sum::<f32>() * size
    }

    /// `text` cut where the face that draws it changes.
    fn split<'t>(&self, text: &'t str) -> Vec<(usize, &'t str)> {
        let face = |c: char| self.chars.get(&c).map_or(0, |(f, _)| *f);
        let mut pieces = Vec::new();
        let mut start = 0;
        let mut current = None;
        for (i, c) in text.char_indices() {
            // Spaces go with the text around them.
            let f = if c == ' ' {
                current.unwrap_or(0)
            } else {
                face(c)
            };
            match current {
                Some(cur) if cur != f => {
                    pieces.push((cur, &text[start..i]));
                    start = i;
                    current = Some(f);
                }
                None => current = Some(f),
                _ => {}
            }
        }
        if start < text.len() {
            pieces.push((current.unwrap_or(0), &text[start..]));
        }
        pieces
    }
}

fn advance(face: &ttf_parser::Face<'_>, c: char) -> Option<f32> {
    let glyph = face.glyph_index(c)?;
    let units = face.glyph_hor_advance(glyph)?;
    Some(f32::from(units) / f32::from(face.units_per_em()))
}

fn notdef_advance(face: &ttf_parser::Face<'_>) -> f32 {
    face.glyph_hor_advance(ttf_parser::GlyphId(0))
        .map_or(1.0, |u| f32::from(u) / f32::from(face.units_per_em()))
}

/// The system's Noto Sans CJK, read once per export that needs it.
fn system_cjk() -> Option<(Arc<Vec<u8>>, Font)> {
    SYSTEM_CJK.iter().find_map(|path| {
        let data = Arc::new(std::fs::read(path).ok()?);
        let font = Font::new(data.clone().into(), SYSTEM_CJK_KOREAN)?;
        Some((data, font))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiled_in_font_has_every_hangul_syllable_and_latin() {
        let face = ttf_parser::Face::parse(FONT, 0).unwrap();
        let missing: Vec<char> = ('가'..='힣')
            .chain(' '..='~')
            .chain("₩€·…“”‘’–—㈜㎡①".chars())
            .filter(|c| face.glyph_index(*c).is_none())
            .collect();
        assert!(missing.is_empty(), "the font lacks {missing:?}");
    }

    #[test]
    fn long_words_are_cut_and_lines_fit_the_page() {
        let fonts = Fonts::for_text("가나다 abc".chars().chain('가'..='힣')).unwrap();
        let layout = Layout::new(&fonts);
        let long = "가".repeat(200);
        let b = block(vec![span(format!("짧은 말 {long} 끝"), INK)], 10.0);
        let lines = layout.lines(&b);
        assert!(lines.len() >= 3, "{}", lines.len());
        for line in &lines {
            let text: String = line.iter().map(|(t, _)| t.as_str()).collect();
            assert!(fonts.measure(&text, 10.0) <= TEXT_WIDTH + 0.01, "{text}");
        }
        let all: String = lines
            .iter()
            .flat_map(|l| l.iter().map(|(t, _)| t.as_str()))
            .collect::<Vec<_>>()
            .join("");
        assert_eq!(all.replace(' ', ""), format!("짧은말{long}끝"));
    }
}
