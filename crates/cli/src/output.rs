//! Everything that reaches the terminal: the result as JSON or text ([`Output`]),
//! aligned tables, times, and the one question the command asks (confirming a deletion).

use std::io::{BufRead as _, IsTerminal as _, Write as _};

use anyhow::{Context as _, bail};
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;
use unicode_width::UnicodeWidthStr as _;

/// How this run prints its result: one JSON document on stdout (`--json`), or text for
/// a person. Made once from the command line and handed to every command.
#[derive(Clone, Copy, Debug)]
pub struct Output {
    json: bool,
}

impl Output {
    pub fn new(json: bool) -> Self {
        Self { json }
    }

    /// Whether the result is one JSON document: then nothing else goes to stdout and
    /// progress is not drawn.
    pub fn is_json(self) -> bool {
        self.json
    }

    /// Prints `value` as one JSON document, or `human(value)` as text.
    pub fn emit<T: Serialize>(
        self,
        value: &T,
        human: impl FnOnce(&T) -> String,
    ) -> anyhow::Result<()> {
        let text = match self.json {
            true => {
                serde_json::to_string_pretty(value).context("cannot encode the result as JSON")?
            }
            false => human(value),
        };
        print_text(text)
    }

    /// Prints `value` as one JSON document; as text, nothing: a command that shows its
    /// result as it goes (a live transcript) has said it all by the end.
    pub fn emit_json<T: Serialize>(self, value: &T) -> anyhow::Result<()> {
        match self.json {
            true => self.emit(value, |_| String::new()),
            false => Ok(()),
        }
    }
}

fn print_text(mut text: String) -> anyhow::Result<()> {
    if !text.ends_with('\n') {
        text.push('\n');
    }
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(())
}

/// Whether stdout may carry terminal styling: a terminal, and `NO_COLOR` unset.
pub fn styled() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Columns aligned by display width, so Hangul (two columns a character) lines up.
pub struct Table {
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(headers: &[&str]) -> Table {
        Table {
            rows: vec![headers.iter().map(|h| (*h).to_owned()).collect()],
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub fn render(&self) -> String {
        let columns = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        let widths: Vec<usize> = (0..columns)
            .map(|c| {
                self.rows
                    .iter()
                    .filter_map(|row| row.get(c))
                    .map(|cell| cell.width())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut out = String::new();
        for row in &self.rows {
            let mut line = String::new();
            for (c, cell) in row.iter().enumerate() {
                line.push_str(cell);
                if c + 1 < row.len() {
                    let pad = widths[c].saturating_sub(cell.width()) + 2;
                    line.extend(std::iter::repeat_n(' ', pad));
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

/// Text from the database made safe for a terminal: control characters (escape
/// sequences, newlines) become spaces.
pub fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// `clean(text)` cut to at most `max` display columns, ending in `…` when cut.
pub fn fit(text: &str, max: usize) -> String {
    let text = clean(text);
    if text.width() <= max {
        return text;
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// A length of time as `m:ss` or `h:mm:ss`.
pub fn duration(ms: i64) -> String {
    let s = ms.max(0) / 1000;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

/// A stored UTC timestamp ("2026-11-02T12:34:56Z") as "2026-11-02 12:34".
pub fn minute(timestamp: &str) -> String {
    timestamp
        .get(..16)
        .unwrap_or(timestamp)
        .replacen('T', " ", 1)
}

/// Unix milliseconds as "2026-11-02 12:34" (UTC, like every time the CLI prints).
pub fn unix_ms(ms: i64) -> String {
    minute(&onno_store::timestamp_of_unix_ms(ms))
}

/// The date part of a stored timestamp.
pub fn date(timestamp: &str) -> &str {
    timestamp.get(..10).unwrap_or(timestamp)
}

/// `value`, or `-` for none.
pub fn or_dash(value: Option<impl ToString>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| v.to_string())
}

/// Asks `question` on the terminal; only "y" or "yes" goes ahead. Without a terminal on
/// stdin there is no one to ask, so it refuses and names the flag that skips the question.
pub fn confirm(question: &str, refuse: &str) -> anyhow::Result<()> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        bail!("{refuse}: stdin is not a terminal to confirm on; pass --yes to go ahead");
    }
    let mut stderr = std::io::stderr();
    write!(stderr, "{question} [y/N] ")?;
    stderr.flush()?;
    let mut answer = String::new();
    stdin.lock().read_line(&mut answer)?;
    match answer.trim().to_lowercase().as_str() {
        "y" | "yes" => Ok(()),
        _ => bail!("{refuse}: not confirmed"),
    }
}

/// A byte progress bar on stderr when it is a terminal and the result is text.
pub(crate) struct Bar {
    bar: Option<ProgressBar>,
}

impl Bar {
    pub(crate) fn new(out: Output, message: &'static str) -> Bar {
        let shown = !out.is_json() && std::io::stderr().is_terminal();
        let bar = shown.then(|| {
            let bar = ProgressBar::new(0);
            let style = ProgressStyle::with_template(
                "{msg} [{bar:30}] {decimal_bytes}/{decimal_total_bytes} eta {eta}",
            )
            .map(|s| s.progress_chars("=> "))
            .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            bar.set_message(message);
            bar
        });
        Bar { bar }
    }

    pub(crate) fn update(&mut self, done: u64, total: u64) {
        if let Some(bar) = &self.bar {
            bar.set_length(total);
            bar.set_position(done);
        }
    }

    pub(crate) fn set_message(&self, message: String) {
        if let Some(bar) = &self.bar {
            bar.set_message(message);
        }
    }

    pub(crate) fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.finish();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_minutes_read_as_clocks() {
        assert_eq!(duration(59_000), "0:59");
        assert_eq!(duration(3_723_000), "1:02:03");
        assert_eq!(minute("2026-11-02T12:34:56Z"), "2026-11-02 12:34");
        assert_eq!(minute("odd"), "odd");
    }

    #[test]
    fn tables_align_by_display_width() {
        let mut table = Table::new(&["ID", "TITLE", "TYPE"]);
        table.row(vec!["1".into(), "투자 미팅".into(), "sales".into()]);
        table.row(vec!["22".into(), "Intro".into(), "general".into()]);
        assert_eq!(
            table.render(),
            "ID  TITLE      TYPE\n1   투자 미팅  sales\n22  Intro      general\n"
        );
    }

    #[test]
    fn fitting_cuts_by_columns_and_strips_control_characters() {
        assert_eq!(fit("short", 10), "short");
        assert_eq!(fit("a long title here", 8), "a long …");
        assert_eq!(fit("가나다라마", 7), "가나다…");
        assert_eq!(clean("bad\u{1b}[31mred\nline"), "bad [31mred line");
    }
}
