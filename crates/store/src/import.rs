//! Transcripts read back in: WebVTT and SubRip as Zoom, Teams and Meet export them
//! (speaker names from `<v Name>` voice tags or `Name:` prefixes), and Onno's own JSON
//! export, a transcript's or a whole meeting's. The reverse of [`crate::write_transcript`], so
//! an export imports unchanged.

use serde::{Deserialize, Serialize};

use crate::clock::{normalize_timestamp, timestamp_after};
use crate::meetings::{ValidMeeting, insert_meeting};
use crate::segments::{TEXT_MAX, insert};
use crate::{
    Meeting, MeetingType, NewMeeting, NewSegment, Result, SegmentSource, Store, StoreError,
    TranscriptHeader, TranscriptLine,
};

/// How an imported meeting is filed: what the user chose, the rest from the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportAs {
    /// `None`: the transcript's own title, else the file's name.
    pub title: Option<String>,
    #[serde(rename = "type")]
    pub kind: MeetingType,
    pub relationship_id: Option<i64>,
    /// RFC 3339; `None`: the transcript's own start, else now.
    pub started_at: Option<String>,
}

impl ImportAs {
    /// The meeting to create for a file called `file_name` whose transcript says
    /// `header`.
    pub fn meeting(&self, header: &TranscriptHeader, file_name: Option<&str>) -> NewMeeting {
        let stem = file_name
            .map(std::path::Path::new)
            .and_then(|p| p.file_stem())
            .map(|s| s.to_string_lossy().trim().to_owned())
            .filter(|s| !s.is_empty());
        let title = self
            .title
            .clone()
            .filter(|t| !t.trim().is_empty())
            .or(header.title.clone())
            .or(stem)
            .unwrap_or_else(|| "Imported meeting".to_owned());
        let started_at = self
            .started_at
            .clone()
            .or(header.started_at.clone())
            .unwrap_or_else(crate::clock::now_timestamp);
        let mut meeting = NewMeeting::new(&title, self.kind, &started_at);
        meeting.relationship_id = self.relationship_id;
        meeting.language = header.language.clone();
        meeting
    }
}

impl Store {
    /// Brings in a transcript read with [`read_transcript`] from the file `file_name`,
    /// filed as `how` says, in one step (see [`Store::import_meeting`]).
    pub fn import_transcript(
        &self,
        transcript: &ImportedTranscript,
        file_name: Option<&str>,
        how: &ImportAs,
    ) -> Result<Meeting> {
        self.import_meeting(
            &how.meeting(&transcript.header, file_name),
            &transcript.lines,
        )
    }

    /// Brings in a meeting held elsewhere (a transcript file, a transcribed recording):
    /// the meeting, completed at its start plus its last line, with `lines` as its final
    /// transcript, in one transaction, so a line the store refuses leaves no meeting
    /// behind. Text longer than a segment may hold is cut; a transcript with no lines is
    /// refused.
    pub fn import_meeting(
        &self,
        meeting: &NewMeeting,
        lines: &[TranscriptLine],
    ) -> Result<Meeting> {
        if lines.is_empty() {
            return Err(StoreError::invalid("transcript", "has no lines to import"));
        }
        let valid = ValidMeeting::check(meeting)?;
        let started_at = normalize_timestamp("started_at", &meeting.started_at)?;
        let last_ms = lines.iter().map(|l| l.end_ms).max().unwrap_or(0).max(0);
        let ended_at = timestamp_after(
            &started_at,
            std::time::Duration::from_millis(last_ms.unsigned_abs()),
        )
        .unwrap_or_else(|| started_at.clone());
        let now = crate::clock::now_timestamp();
        let id = self.write(|tx| {
            let id = insert_meeting(tx, meeting, &valid)?;
            for line in lines {
                insert(
                    tx,
                    &new_segment(id, line, meeting.language.as_deref()),
                    &now,
                )?;
            }
            tx.execute(
                "UPDATE meetings SET status = 'completed', ended_at = ?2 WHERE id = ?1",
                rusqlite::params![id, ended_at],
            )?;
            Ok(id)
        })?;
        self.meeting(id)
    }
}

/// `line` as a final segment of meeting `meeting_id`, cut to what the store accepts:
/// the text to the longest a segment holds, the confidence into 0..=1.
pub fn new_segment(meeting_id: i64, line: &TranscriptLine, language: Option<&str>) -> NewSegment {
    NewSegment {
        meeting_id,
        source: line.source,
        speaker: line.speaker.clone(),
        text: line.text.chars().take(TEXT_MAX).collect(),
        start_ms: line.start_ms,
        end_ms: line.end_ms,
        confidence: line.confidence.map(|c| c.clamp(0.0, 1.0)),
        language: language.map(str::to_owned),
        is_final: true,
    }
}

/// A transcript read from a file: its header (JSON only) and lines in order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportedTranscript {
    pub header: TranscriptHeader,
    pub lines: Vec<TranscriptLine>,
}

/// Reads `text` as Onno JSON (it starts with `{`), WebVTT (it starts with `WEBVTT`) or
/// SubRip (anything else with cue timings). Lines without text are dropped; cues
/// out of order are kept in the order given.
pub fn read_transcript(text: &str) -> Result<ImportedTranscript> {
    let text = text.trim_start_matches('\u{feff}');
    let trimmed = text.trim_start();
    let transcript = if trimmed.starts_with('{') {
        read_json(trimmed)?
    } else {
        let cues = read_cues(text, trimmed.starts_with("WEBVTT"))?;
        ImportedTranscript {
            header: TranscriptHeader::default(),
            lines: with_speakers(cues),
        }
    };
    if transcript.lines.is_empty() {
        return Err(StoreError::invalid(
            "transcript",
            "has no cues: expected WebVTT, SubRip or Onno's JSON export",
        ));
    }
    Ok(transcript)
}

fn read_json(text: &str) -> Result<ImportedTranscript> {
    // A transcript export says its title, start and language in `header`; a meeting
    // export (onno-export's JSON) in `meeting`, whose other fields are not read here.
    #[derive(Deserialize)]
    struct Doc {
        header: Option<TranscriptHeader>,
        meeting: Option<TranscriptHeader>,
        segments: Vec<TranscriptLine>,
    }
    let doc: Doc = serde_json::from_str(text).map_err(|e| {
        StoreError::invalid("transcript", format!("is not Onno's JSON export: {e}"))
    })?;
    let lines = doc
        .segments
        .into_iter()
        .filter(|l| !l.text.trim().is_empty())
        .map(|mut l| {
            l.start_ms = l.start_ms.max(0);
            l.end_ms = l.end_ms.max(l.start_ms);
            l.confidence = l.confidence.filter(|c| (0.0..=1.0).contains(c));
            l
        })
        .collect();
    Ok(ImportedTranscript {
        header: doc.header.or(doc.meeting).unwrap_or_default(),
        lines,
    })
}

/// A cue before speakers are worked out: times, the `<v>` voice if any, the text.
struct Cue {
    start_ms: i64,
    end_ms: i64,
    voice: Option<String>,
    text: String,
}

fn read_cues(text: &str, vtt: bool) -> Result<Vec<Cue>> {
    let normalized = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut cues = Vec::new();
    for block in normalized.split("\n\n") {
        let lines: Vec<&str> = block.lines().filter(|l| !l.trim().is_empty()).collect();
        let Some(timing_at) = lines.iter().position(|l| l.contains("-->")) else {
            continue; // the WEBVTT header, NOTE, STYLE, REGION blocks
        };
        if vtt && lines.first().is_some_and(|l| l.starts_with("NOTE")) {
            continue;
        }
        let (start, end) = timing(lines[timing_at]).ok_or_else(|| {
            StoreError::invalid(
                "transcript",
                format!("has a cue timing it cannot read: {:?}", lines[timing_at]),
            )
        })?;
        let body = lines[timing_at + 1..].join(" ");
        let (voice, text) = voice_and_text(&body, vtt);
        if text.is_empty() {
            continue;
        }
        cues.push(Cue {
            start_ms: start,
            end_ms: end.max(start),
            voice,
            text,
        });
    }
    Ok(cues)
}

/// `00:01:02.500 --> 00:01:04,000 align:start` (either decimal mark, hours optional).
fn timing(line: &str) -> Option<(i64, i64)> {
    let (a, b) = line.split_once("-->")?;
    let b = b.split_whitespace().next()?;
    Some((cue_ms(a.trim())?, cue_ms(b)?))
}

fn cue_ms(t: &str) -> Option<i64> {
    let (clock, frac) = t.split_once(['.', ',']).unwrap_or((t, "0"));
    let parts: Vec<i64> = clock
        .split(':')
        .map(|p| p.trim().parse().ok())
        .collect::<Option<_>>()?;
    let (h, m, s) = match parts[..] {
        [h, m, s] => (h, m, s),
        [m, s] => (0, m, s),
        _ => return None,
    };
    let digits: String = frac
        .chars()
        .take_while(char::is_ascii_digit)
        .take(3)
        .collect();
    let ms = format!("{digits:0<3}").parse::<i64>().ok()?;
    Some(((h * 60 + m) * 60 + s) * 1000 + ms)
}

/// The `<v Name>` voice of a cue and its text with every tag removed and, in WebVTT,
/// entities decoded (SubRip has none).
fn voice_and_text(body: &str, vtt: bool) -> (Option<String>, String) {
    let mut voice = None;
    let mut text = String::new();
    let mut rest = body;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            text.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let tag = &rest[open + 1..open + close];
        if voice.is_none()
            && let Some(v) = tag.strip_prefix('v').filter(|v| v.starts_with([' ', '.']))
        {
            // `<v Name>` or `<v.class Name>`
            let name = v.split_once(' ').map_or("", |(_, n)| n).trim();
            if !name.is_empty() {
                voice = Some(unescape(name));
            }
        }
        rest = &rest[open + close + 1..];
    }
    text.push_str(rest);
    let text = if vtt { unescape(&text) } else { text };
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (voice, text)
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", " ")
        .replace("&lrm;", "")
        .replace("&rlm;", "")
        .replace("&amp;", "&")
}

/// `Name: text` prefixes count as speakers only when most cues have one, so a lone
/// "MRR: 50K" stays text.
fn with_speakers(cues: Vec<Cue>) -> Vec<TranscriptLine> {
    let prefixed = cues
        .iter()
        .filter(|c| name_prefix(&c.text).is_some())
        .count();
    let use_prefixes = prefixed * 10 >= cues.len() * 6;
    cues.into_iter()
        .map(|c| {
            let (speaker, text) = match (
                c.voice,
                use_prefixes.then(|| name_prefix(&c.text)).flatten(),
            ) {
                (Some(v), _) => (Some(v), c.text),
                (None, Some((name, text))) => (Some(name.to_owned()), text.to_owned()),
                (None, None) => (None, c.text),
            };
            TranscriptLine {
                start_ms: c.start_ms,
                end_ms: c.end_ms,
                source: if speaker.as_deref() == Some("Me") {
                    SegmentSource::Me
                } else {
                    SegmentSource::File
                },
                speaker,
                text,
                confidence: None,
            }
        })
        .collect()
}

/// `("Kim Minji", "rest")` for "Kim Minji: rest": a name of one to five words, up to
/// 60 characters, with no digits.
fn name_prefix(text: &str) -> Option<(&str, &str)> {
    let (name, rest) = text.split_once(':')?;
    let name = name.trim();
    let ok = !name.is_empty()
        && name.chars().count() <= 60
        && name.split_whitespace().count() <= 5
        && !name.chars().any(|c| c.is_ascii_digit())
        && !rest.trim().is_empty();
    ok.then(|| (name, rest.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn teams_vtt_with_voice_tags() {
        let vtt = "WEBVTT\n\nNOTE exported\n\n1a2b/3-0\n00:00:01.000 --> 00:00:04.500\n<v Kim Minji>MRR이 &lt;50K&gt; 정도예요.</v>\n\n00:00:05.000 --> 00:00:06.000\n<v.loud Alex>Great &amp; thanks</v>\n";
        let t = read_transcript(vtt).unwrap();
        assert_eq!(t.lines.len(), 2);
        assert_eq!(t.lines[0].speaker.as_deref(), Some("Kim Minji"));
        assert_eq!(t.lines[0].text, "MRR이 <50K> 정도예요.");
        assert_eq!((t.lines[0].start_ms, t.lines[0].end_ms), (1_000, 4_500));
        assert_eq!(t.lines[1].speaker.as_deref(), Some("Alex"));
        assert_eq!(t.lines[1].text, "Great & thanks");
    }

    #[test]
    fn zoom_vtt_and_meet_srt_with_name_prefixes() {
        let zoom = "WEBVTT\r\n\r\n1\r\n00:00:01.000 --> 00:00:02.000\r\nKim Minji: 안녕하세요\r\n\r\n2\r\n00:00:02.500 --> 00:00:03.000\r\nAlex Park: Hi, our MRR: 50K\r\n";
        let t = read_transcript(zoom).unwrap();
        assert_eq!(t.lines[1].speaker.as_deref(), Some("Alex Park"));
        assert_eq!(t.lines[1].text, "Hi, our MRR: 50K");

        let srt = "1\n00:01:00,000 --> 00:01:02,250\nAlex: Runway is 18 months\nand growing\n\n2\n01:00:00,000 --> 01:00:01,000\nKim: 네\n";
        let t = read_transcript(srt).unwrap();
        assert_eq!(t.lines[0].text, "Runway is 18 months and growing");
        assert_eq!(t.lines[0].end_ms, 62_250);
        assert_eq!(t.lines[1].start_ms, 3_600_000);
    }

    #[test]
    fn a_lone_colon_is_text_not_a_speaker() {
        let srt = "1\n00:00:01,000 --> 00:00:02,000\nMRR: 50K\n\n2\n00:00:03,000 --> 00:00:04,000\nand churn is low\n\n3\n00:00:05,000 --> 00:00:06,000\nok\n";
        let t = read_transcript(srt).unwrap();
        assert_eq!(t.lines[0].speaker, None);
        assert_eq!(t.lines[0].text, "MRR: 50K");
    }

    #[test]
    fn onno_exports_import_unchanged() {
        let lines = vec![
            TranscriptLine {
                start_ms: 1_000,
                end_ms: 4_000,
                source: SegmentSource::File,
                speaker: Some("Kim".into()),
                text: "런웨이는 18개월, a < b & c &amp;".into(),
                confidence: None,
            },
            TranscriptLine {
                start_ms: 3_725_500,
                end_ms: 3_727_000,
                source: SegmentSource::File,
                speaker: Some("Alex Park".into()),
                text: "MRR is $50K".into(),
                confidence: None,
            },
        ];
        let header = TranscriptHeader {
            title: Some("Acme".into()),
            ..TranscriptHeader::default()
        };
        for format in [
            crate::TranscriptFormat::Vtt,
            crate::TranscriptFormat::Srt,
            crate::TranscriptFormat::Json,
        ] {
            let mut out = Vec::new();
            crate::write_transcript(&mut out, format, &header, &lines).unwrap();
            let back = read_transcript(&String::from_utf8(out).unwrap()).unwrap();
            assert_eq!(back.lines, lines, "{format:?}");
        }
    }

    #[test]
    fn a_meeting_export_reads_its_header_from_the_meeting() {
        let json = r#"{"format": "onno-meeting", "version": 1,
            "meeting": {"id": 3, "title": "Acme", "type": "sales", "started_at": "2026-11-02T10:00:00Z",
                        "language": "ko", "relationship_name": null},
            "notes": [{"body": "x"}],
            "segments": [{"start_ms": 0, "end_ms": 900, "source": "me", "speaker": null,
                          "text": "안녕하세요", "confidence": null, "who": "나", "edited": false}]}"#;
        let t = read_transcript(json).unwrap();
        assert_eq!(t.header.title.as_deref(), Some("Acme"));
        assert_eq!(t.header.started_at.as_deref(), Some("2026-11-02T10:00:00Z"));
        assert_eq!(t.header.language.as_deref(), Some("ko"));
        assert_eq!(t.lines[0].source, SegmentSource::Me);
        assert_eq!(t.lines[0].text, "안녕하세요");
    }

    #[test]
    fn garbage_is_refused_with_a_reason() {
        assert!(read_transcript("").is_err());
        assert!(read_transcript("hello world").is_err());
        assert!(read_transcript("{\"x\": 1}").is_err());
        let bad = read_transcript("1\n00:xx --> 00:01\nhi\n").unwrap_err();
        assert!(bad.to_string().contains("cue timing"), "{bad}");
    }
}
