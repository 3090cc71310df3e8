use onno_store::{
    SegmentSource, TranscriptFormat, TranscriptHeader, TranscriptLine, write_transcript,
};

fn lines() -> Vec<TranscriptLine> {
    let line = |start_ms, end_ms, source, speaker: Option<&str>, text: &str| TranscriptLine {
        start_ms,
        end_ms,
        source,
        speaker: speaker.map(Into::into),
        text: text.into(),
        confidence: Some(0.9),
    };
    vec![
        line(
            1_250,
            4_000,
            SegmentSource::Them,
            Some("김민수"),
            "MRR은 5천만원입니다",
        ),
        // Text that would end a cue early or inject markup if written raw.
        line(
            65_000,
            70_500,
            SegmentSource::Me,
            None,
            "a <b>bold</b>\n\nclaim --> & more",
        ),
        line(
            3_725_042,
            3_726_000,
            SegmentSource::Them,
            None,
            "over an hour in",
        ),
    ]
}

fn render(format: TranscriptFormat) -> String {
    let header = TranscriptHeader {
        title: Some("Acme *screening*".into()),
        started_at: Some("2026-11-02T01:00:00Z".into()),
        language: Some("ko".into()),
    };
    let mut out = Vec::new();
    write_transcript(&mut out, format, &header, &lines()).unwrap();
    String::from_utf8(out).unwrap()
}

fn ms(h: u8, m: u8, s: u8, milli: u16) -> i64 {
    ((i64::from(h) * 60 + i64::from(m)) * 60 + i64::from(s)) * 1000 + i64::from(milli)
}

#[test]
fn srt_parses_with_a_real_parser_and_keeps_times_and_text() {
    let srt = subtp::srt::SubRip::parse(&render(TranscriptFormat::Srt)).unwrap();
    assert_eq!(srt.subtitles.len(), 3);
    for (cue, line) in srt.subtitles.iter().zip(lines()) {
        let start = ms(
            cue.start.hours,
            cue.start.minutes,
            cue.start.seconds,
            cue.start.milliseconds,
        );
        let end = ms(
            cue.end.hours,
            cue.end.minutes,
            cue.end.seconds,
            cue.end.milliseconds,
        );
        assert_eq!((start, end), (line.start_ms, line.end_ms));
        assert_eq!(cue.text.len(), 1, "one line per cue: {:?}", cue.text);
    }
    assert_eq!(srt.subtitles[0].text[0], "김민수: MRR은 5천만원입니다");
}

#[test]
fn vtt_parses_with_a_real_parser_and_escapes_markup() {
    let vtt = subtp::vtt::WebVtt::parse(&render(TranscriptFormat::Vtt)).unwrap();
    let cues: Vec<_> = vtt
        .blocks
        .iter()
        .filter_map(|b| match b {
            subtp::vtt::VttBlock::Que(cue) => Some(cue),
            _ => None,
        })
        .collect();
    assert_eq!(cues.len(), 3);
    for (cue, line) in cues.iter().zip(lines()) {
        let (s, e) = (&cue.timings.start, &cue.timings.end);
        assert_eq!(
            ms(s.hours, s.minutes, s.seconds, s.milliseconds),
            line.start_ms
        );
        assert_eq!(
            ms(e.hours, e.minutes, e.seconds, e.milliseconds),
            line.end_ms
        );
    }
    assert_eq!(
        cues[1].payload,
        ["<v Me>a &lt;b&gt;bold&lt;/b&gt; claim --&gt; &amp; more"]
    );
}

#[test]
fn json_round_trips_every_line() {
    let doc: serde_json::Value = serde_json::from_str(&render(TranscriptFormat::Json)).unwrap();
    let back: Vec<TranscriptLine> = serde_json::from_value(doc["segments"].clone()).unwrap();
    assert_eq!(back, lines());
    assert_eq!(doc["header"]["language"], "ko");
}

#[test]
fn text_and_markdown_are_one_line_per_segment_with_clock_times() {
    let txt = render(TranscriptFormat::Txt);
    assert_eq!(txt.lines().count(), 3);
    assert!(
        txt.starts_with("[00:01] 김민수: MRR은 5천만원입니다\n"),
        "{txt}"
    );
    assert!(txt.contains("[1:02:05] Them: over an hour in"), "{txt}");

    let md = render(TranscriptFormat::Md);
    assert!(md.starts_with("# Acme \\*screening\\*\n"), "{md}");
    assert!(
        md.contains("**Me** `01:05` a \\<b\\>bold\\</b\\> claim --\\> & more"),
        "{md}"
    );
}

#[test]
fn formats_are_named_by_their_file_extension() {
    for format in TranscriptFormat::ALL {
        assert_eq!(
            format.extension().parse::<TranscriptFormat>().unwrap(),
            *format
        );
    }
    assert!("docx".parse::<TranscriptFormat>().is_err());
}
