//! The text formats: JSON, SubRip and WebVTT read back by the store's importer, Markdown
//! read as text, and what `parts` leaves out.

use onno_export::{ExportError, ExportFormat, FORMAT_NAME, MeetingExport, Part, render};
use onno_store::{
    ErrorKind, ImportAs, MeetingType, NewMeeting, NewSegment, SegmentSource, TranscriptLine,
    read_transcript,
};
use onno_test_support::store::test_store;

use crate::{ALEX_RUNWAY, LATE, ME_RUNWAY, NOTE_EN, NOTE_KO, THEM_MRR, korean_meeting};

/// The stored transcript as transcript lines, in time order.
fn stored_lines(f: &crate::Fixture) -> Vec<TranscriptLine> {
    f.store
        .transcript(f.meeting_id)
        .unwrap()
        .iter()
        .map(TranscriptLine::from)
        .collect()
}

#[test]
fn json_round_trips_the_meeting_and_imports_as_a_transcript() {
    let f = korean_meeting();
    let export = f.export(Part::ALL);
    let json = f.text(ExportFormat::Json);

    let back: MeetingExport = serde_json::from_str(&json).unwrap();
    assert_eq!(back, export);
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["format"], FORMAT_NAME);
    assert_eq!(doc["version"], 1);
    assert_eq!(
        doc["parts"],
        serde_json::json!(["summary", "actions", "notes", "figures", "transcript"])
    );
    assert_eq!(doc["meeting"]["type"], "investment_screening");
    assert_eq!(doc["meeting"]["relationship_name"], "Acme AI");
    assert_eq!(doc["meeting"]["duration_ms"], 3_730_000);
    assert_eq!(doc["participants"].as_array().unwrap().len(), 3);
    assert_eq!(
        doc["summary"]["missed_questions"][0],
        "고객 이탈률은 어떻게 되나요?"
    );
    assert_eq!(doc["action_items"][0]["assignee"], "이지원");
    assert_eq!(doc["action_items"][0]["due_date"], "2026-11-09");
    assert_eq!(doc["action_items"][0]["status"], "pending");
    assert_eq!(doc["notes"][0]["body"], format!("{NOTE_KO}\n\n{NOTE_EN}"));
    assert_eq!(
        doc["figures"][0]["value"],
        serde_json::json!({ "kind": "number", "value": 50_000_000.0 })
    );
    assert_eq!(doc["figures"][1]["unit"], "명");
    // Times are offsets; speakers as stored, with the name shown beside them.
    let first = &doc["segments"][0];
    assert_eq!(
        (first["start_ms"].as_i64(), first["end_ms"].as_i64()),
        (Some(1_250), Some(4_750))
    );
    assert_eq!(first["source"], "them");
    assert_eq!(first["speaker"], serde_json::Value::Null);
    assert_eq!(first["who"], "상대", "two guests: the side, in Korean");
    assert_eq!(doc["segments"][1]["who"], "이지원", "the one host");
    assert_eq!(doc["segments"][2]["who"], "Alex Park", "the stored speaker");

    // The same file is a transcript `onno import` reads, with the meeting's header.
    let transcript = read_transcript(&json).unwrap();
    assert_eq!(transcript.lines, stored_lines(&f));
    assert_eq!(
        transcript.header.title.as_deref(),
        Some("Acme AI 투자 심사")
    );
    assert_eq!(
        transcript.header.started_at.as_deref(),
        Some("2026-11-02T10:00:00Z")
    );
    assert_eq!(transcript.header.language.as_deref(), Some("ko"));
    let how = ImportAs {
        title: None,
        kind: MeetingType::General,
        relationship_id: None,
        started_at: None,
    };
    let again = f.store.import_transcript(&transcript, None, &how).unwrap();
    assert_eq!(again.title, "Acme AI 투자 심사");
    let texts = |id| -> Vec<String> {
        f.store
            .transcript(id)
            .unwrap()
            .into_iter()
            .map(|s| s.text)
            .collect()
    };
    assert_eq!(texts(again.id), texts(f.meeting_id));
}

#[test]
fn subtitles_parse_back_with_times_names_and_text() {
    let f = korean_meeting();
    let stored = stored_lines(&f);
    // SubRip has no escapes: a reader takes `<b>` for bold, as the importer does.
    for (format, markup) in [
        (ExportFormat::Srt, "a bold claim --> & more"),
        (ExportFormat::Vtt, "a <b>bold</b> claim --> & more"),
    ] {
        let text = f.text(format);
        let back = read_transcript(&text).unwrap().lines;
        assert_eq!(back.len(), stored.len(), "{format}: {text}");
        let shown: Vec<(i64, i64, Option<&str>, &str)> = back
            .iter()
            .map(|l| (l.start_ms, l.end_ms, l.speaker.as_deref(), l.text.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                (1_250, 4_750, Some("상대"), THEM_MRR),
                (6_000, 9_500, Some("이지원"), ME_RUNWAY),
                (11_500, 15_000, Some("Alex Park"), ALEX_RUNWAY),
                (65_000, 68_500, Some("상대"), markup),
                (3_725_042, 3_728_542, Some("이지원"), LATE),
            ],
            "{format}"
        );
    }
    let vtt = f.text(ExportFormat::Vtt);
    assert!(vtt.starts_with("WEBVTT\n"), "{vtt}");
    assert!(
        vtt.contains("01:02:05.042 --> 01:02:08.542\n<v 이지원>"),
        "{vtt}"
    );
    let srt = f.text(ExportFormat::Srt);
    assert!(
        srt.starts_with("1\n00:00:01,250 --> 00:00:04,750\n상대: MRR은"),
        "{srt}"
    );
}

#[test]
fn markdown_has_every_part_in_order_and_escapes_the_text() {
    let f = korean_meeting();
    let md = f.text(ExportFormat::Md);
    assert!(md.starts_with("# Acme AI 투자 심사\n"), "{md}");
    assert!(
        md.contains("시작 2026-11-02 10:00 UTC · 길이 1:02:10"),
        "{md}"
    );
    assert!(md.contains("참석자: 이지원, 김민수, Alex Park"), "{md}");
    let at = |needle: &str| {
        md.find(needle)
            .unwrap_or_else(|| panic!("no {needle:?} in {md}"))
    };
    assert!(
        at("## 요약") < at("## 액션 아이템")
            && at("## 액션 아이템") < at("## 메모")
            && at("## 메모") < at("## 지표")
            && at("## 지표") < at("## 대화록"),
        "{md}"
    );
    for needle in [
        "### 놓친 질문\n\n- 고객 이탈률은 어떻게 되나요?",
        "- 재무제표 요청하기 (이지원, 기한 2026-11-09, 검토 대기)",
        "- Send the deck to the partners (검토 대기)",
        NOTE_KO,
        NOTE_EN,
        "- mrr: ₩50,000,000 (meeting 2026-11-02 at 00:01, 미확인)",
        "- headcount: 8 명",
        &format!("**상대** `00:01` {THEM_MRR}"),
        &format!("**이지원** `00:06` {ME_RUNWAY}"),
        &format!("**Alex Park** `00:11` {ALEX_RUNWAY}"),
        "**상대** `01:05` a \\<b\\>bold\\</b\\> claim --\\> & more",
        &format!("**이지원** `1:02:05` {LATE}"),
    ] {
        assert!(md.contains(needle), "no {needle:?} in {md}");
    }
}

#[test]
fn only_the_parts_asked_for_go_in() {
    let f = korean_meeting();
    let notes = f.export(&[Part::Notes]);
    assert_eq!(notes.parts, [Part::Notes]);
    assert!(notes.segments.is_empty() && notes.summary.is_none());
    assert!(notes.action_items.is_empty() && notes.figures.is_empty());
    let md = String::from_utf8(render(&notes, ExportFormat::Md).unwrap()).unwrap();
    assert!(md.contains(NOTE_KO), "{md}");
    for absent in ["## 요약", "## 대화록", THEM_MRR, "재무제표"] {
        assert!(!md.contains(absent), "{absent:?} in {md}");
    }
    // Parts come out in document order, each once, whatever order they were asked in.
    let two = f.export(&[Part::Transcript, Part::Summary, Part::Transcript]);
    assert_eq!(two.parts, [Part::Summary, Part::Transcript]);

    // Subtitles are the transcript: without it there is nothing to write.
    let error = render(&notes, ExportFormat::Srt).unwrap_err();
    assert!(matches!(error, ExportError::Invalid(_)), "{error:?}");
    assert!(error.to_string().contains("transcript"), "{error}");
    // With it, the other parts are simply not in a subtitle file.
    let srt = String::from_utf8(render(&f.export(Part::ALL), ExportFormat::Srt).unwrap()).unwrap();
    assert!(!srt.contains(NOTE_KO), "{srt}");
}

#[test]
fn an_english_meeting_is_worded_in_english_and_empty_parts_say_so() {
    let store = test_store();
    let mut new = NewMeeting::new("Weekly sync", MeetingType::General, "2026-11-03T09:00:00Z");
    new.language = Some("en".into());
    let id = store.create_meeting(&new).unwrap().id;
    let line = |source, start_ms, text: &str| NewSegment {
        meeting_id: id,
        source,
        speaker: None,
        text: text.into(),
        start_ms,
        end_ms: start_ms + 1_000,
        confidence: None,
        language: None,
        is_final: true,
    };
    store
        .add_segments(&[
            line(SegmentSource::Me, 0, "How is hiring going?"),
            line(SegmentSource::Them, 2_000, "We hired two engineers."),
            line(SegmentSource::File, 4_000, "From a recording."),
        ])
        .unwrap();
    let export = MeetingExport::load(&store, id, Part::ALL).unwrap();
    let vtt = String::from_utf8(render(&export, ExportFormat::Vtt).unwrap()).unwrap();
    let back = read_transcript(&vtt).unwrap().lines;
    let who: Vec<_> = back
        .iter()
        .map(|l| (l.speaker.as_deref(), l.source))
        .collect();
    assert_eq!(
        who,
        [
            (Some("Me"), SegmentSource::Me),
            (Some("Them"), SegmentSource::File),
            (Some("Speaker"), SegmentSource::File),
        ]
    );
    let md = String::from_utf8(render(&export, ExportFormat::Md).unwrap()).unwrap();
    for needle in [
        "## Summary\n\n_No summary yet._",
        "## Action items\n\n_No action items._",
        "## Notes\n\n_No notes._",
        "## Figures\n\n_No figures were recorded._",
        "**Them** `00:02` We hired two engineers.",
    ] {
        assert!(md.contains(needle), "no {needle:?} in {md}");
    }
}

#[test]
fn a_meeting_that_does_not_exist_is_not_found() {
    let store = test_store();
    let error = MeetingExport::load(&store, 42, Part::ALL).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotFound);
    assert!(error.to_string().contains("meeting 42"), "{error}");
}

#[test]
fn formats_and_parts_are_named_as_the_command_line_names_them() {
    for format in ExportFormat::ALL {
        assert_eq!(format.extension().parse::<ExportFormat>().unwrap(), *format);
    }
    for part in Part::ALL {
        assert_eq!(part.as_str().parse::<Part>().unwrap(), *part);
    }
    let error = "txt".parse::<ExportFormat>().unwrap_err().to_string();
    assert!(error.contains("md, json, srt, vtt, docx, pdf"), "{error}");
    assert!("action".parse::<Part>().is_err());
}
