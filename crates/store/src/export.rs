//! Transcripts written out for people and other programs: plain text, SubRip, WebVTT,
//! JSON and Markdown. Text from the transcript is escaped for each format, so a
//! segment can never break a cue, inject markup or end a subtitle early.

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use crate::{Meeting, Segment, SegmentSource};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum TranscriptFormat {
    Txt,
    Srt,
    Vtt,
    Json,
    Md,
}

impl TranscriptFormat {
    pub const ALL: &'static [TranscriptFormat] = &[
        TranscriptFormat::Txt,
        TranscriptFormat::Srt,
        TranscriptFormat::Vtt,
        TranscriptFormat::Json,
        TranscriptFormat::Md,
    ];

    pub fn extension(self) -> &'static str {
        match self {
            TranscriptFormat::Txt => "txt",
            TranscriptFormat::Srt => "srt",
            TranscriptFormat::Vtt => "vtt",
            TranscriptFormat::Json => "json",
            TranscriptFormat::Md => "md",
        }
    }
}

impl std::str::FromStr for TranscriptFormat {
    type Err = crate::StoreError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        TranscriptFormat::ALL
            .iter()
            .copied()
            .find(|f| f.extension() == text)
            .ok_or_else(|| {
                crate::StoreError::invalid(
                    "format",
                    format!("{text:?} is not one of txt, srt, vtt, json, md"),
                )
            })
    }
}

/// One line of a transcript to export: a stored segment, or one not stored yet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TranscriptLine {
    pub start_ms: i64,
    pub end_ms: i64,
    pub source: SegmentSource,
    pub speaker: Option<String>,
    pub text: String,
    pub confidence: Option<f64>,
}

impl From<&Segment> for TranscriptLine {
    fn from(s: &Segment) -> Self {
        TranscriptLine {
            start_ms: s.start_ms,
            end_ms: s.end_ms,
            source: s.source,
            speaker: s.speaker.clone(),
            text: s.text.clone(),
            confidence: s.confidence,
        }
    }
}

impl TranscriptLine {
    /// Who said it: the speaker's name when known, else the side of the call.
    pub fn who(&self) -> &str {
        match (&self.speaker, self.source) {
            (Some(name), _) if !name.trim().is_empty() => name.trim(),
            (_, SegmentSource::Me) => "Me",
            (_, SegmentSource::Them) => "Them",
            (_, SegmentSource::File) => "Speaker",
        }
    }
}

/// The title block of an export; `None` fields are left out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TranscriptHeader {
    pub title: Option<String>,
    pub started_at: Option<String>,
    pub language: Option<String>,
}

impl From<&Meeting> for TranscriptHeader {
    fn from(m: &Meeting) -> Self {
        TranscriptHeader {
            title: Some(m.title.clone()),
            started_at: Some(m.started_at.clone()),
            language: m.language.clone(),
        }
    }
}

/// Writes `lines` in `format`.
pub fn write_transcript(
    out: &mut dyn Write,
    format: TranscriptFormat,
    header: &TranscriptHeader,
    lines: &[TranscriptLine],
) -> io::Result<()> {
    match format {
        TranscriptFormat::Txt => {
            for line in lines {
                writeln!(
                    out,
                    "[{}] {}: {}",
                    clock(line.start_ms),
                    one_line(line.who()),
                    one_line(&line.text)
                )?;
            }
        }
        TranscriptFormat::Srt => {
            for (i, line) in lines.iter().enumerate() {
                writeln!(out, "{}", i + 1)?;
                writeln!(
                    out,
                    "{} --> {}",
                    cue_time(line.start_ms, ','),
                    cue_time(line.end_ms, ',')
                )?;
                writeln!(out, "{}: {}\n", one_line(line.who()), one_line(&line.text))?;
            }
        }
        TranscriptFormat::Vtt => {
            writeln!(out, "WEBVTT\n")?;
            for line in lines {
                writeln!(
                    out,
                    "{} --> {}",
                    cue_time(line.start_ms, '.'),
                    cue_time(line.end_ms, '.')
                )?;
                writeln!(
                    out,
                    "<v {}>{}\n",
                    vtt_escape(line.who()),
                    vtt_escape(&line.text)
                )?;
            }
        }
        TranscriptFormat::Json => {
            let doc = serde_json::json!({ "header": header, "segments": lines });
            serde_json::to_writer_pretty(&mut *out, &doc)?;
            writeln!(out)?;
        }
        TranscriptFormat::Md => {
            if let Some(title) = &header.title {
                writeln!(out, "# {}\n", md_escape(title))?;
            }
            if let Some(at) = &header.started_at {
                writeln!(out, "_{}_\n", md_escape(at))?;
            }
            for line in lines {
                writeln!(
                    out,
                    "**{}** `{}` {}\n",
                    md_escape(line.who()),
                    clock(line.start_ms),
                    md_escape(&line.text)
                )?;
            }
        }
    }
    Ok(())
}

/// "m:ss", or "h:mm:ss" past the first hour.
pub fn clock(ms: i64) -> String {
    let s = ms.max(0) / 1000;
    let (h, m, s) = (s / 3600, (s / 60) % 60, s % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}

fn cue_time(ms: i64, separator: char) -> String {
    let ms = ms.max(0);
    let (h, m, s, frac) = (
        ms / 3_600_000,
        (ms / 60_000) % 60,
        (ms / 1000) % 60,
        ms % 1000,
    );
    format!("{h:02}:{m:02}:{s:02}{separator}{frac:03}")
}

/// A cue's text must stay on one line: a blank line would end the cue early.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn vtt_escape(text: &str) -> String {
    one_line(text)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// `text` as one line of Markdown that shows as written: whitespace runs become one
/// space and the characters Markdown reads as markup are escaped.
pub fn md_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in one_line(text).chars() {
        if "\\`*_[]<>|~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_formatted_for_each_format() {
        assert_eq!(clock(65_000), "01:05");
        assert_eq!(clock(3_725_000), "1:02:05");
        assert_eq!(cue_time(3_725_042, ','), "01:02:05,042");
        assert_eq!(cue_time(-5, '.'), "00:00:00.000");
    }

    #[test]
    fn transcript_text_cannot_break_out_of_its_cue() {
        assert_eq!(
            vtt_escape("a <b>\n\nc --> d & e"),
            "a &lt;b&gt; c --&gt; d &amp; e"
        );
        assert_eq!(md_escape("*<script>*"), "\\*\\<script\\>\\*");
    }
}
