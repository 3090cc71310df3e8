//! DOCX opened with python-docx, PDF read with poppler's pdftotext and pdffonts: the
//! files a person opens hold the Korean transcript and the notes as text.

use std::path::Path;

use onno_export::{ExportFormat, MeetingExport, Part, render};
use onno_store::{MeetingType, NewMeeting, NewSegment, SegmentSource};
use onno_test_support::store::test_store;

use crate::{
    ALEX_RUNWAY, LATE, ME_RUNWAY, NOTE_EN, NOTE_KO, THEM_MRR, korean_meeting, run_tool, temp_file,
};

/// The Python that has python-docx: Debian's (python3-docx), else the first on PATH.
fn python() -> &'static str {
    match Path::new("/usr/bin/python3").exists() {
        true => "/usr/bin/python3",
        false => "python3",
    }
}

/// Every paragraph of the DOCX at `path`, one a line, as python-docx reads them.
fn docx_paragraphs(path: &Path) -> String {
    let script = "import sys\n\
        try:\n    import docx\n\
        except ImportError:\n    sys.exit('python-docx is missing: install python3-docx (apt-get install python3-docx)')\n\
        for p in docx.Document(sys.argv[1]).paragraphs:\n    print(p.style.name + '|' + p.text)\n";
    let path = path.to_str().unwrap();
    let out = run_tool(python(), &["-c", script, path], "python3-docx");
    String::from_utf8(out.stdout).unwrap()
}

/// The PDF's text as pdftotext lays it out.
fn pdf_text(path: &Path) -> String {
    let out = run_tool(
        "pdftotext",
        &["-layout", "-enc", "UTF-8", path.to_str().unwrap(), "-"],
        "poppler-utils",
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Lines of `text` with runs of spaces made one, as a reader sees words.
fn squeezed(text: &str) -> String {
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn docx_opens_in_python_docx_with_the_transcript_and_the_notes() {
    let f = korean_meeting();
    let dir = tempfile::tempdir().unwrap();
    let path = temp_file(dir.path(), "meeting.docx", &f.render(ExportFormat::Docx));
    let paragraphs = docx_paragraphs(&path);
    for needle in [
        "Title|Acme AI 투자 심사",
        "Heading 1|요약",
        "Heading 1|대화록",
        "Heading 2|핵심 내용",
        &format!("Normal|{NOTE_KO}"),
        &format!("Normal|{NOTE_EN}"),
        "Normal|•  재무제표 요청하기 (이지원, 기한 2026-11-09, 검토 대기)",
        &format!("Normal|00:01  상대  {THEM_MRR}"),
        &format!("Normal|00:06  이지원  {ME_RUNWAY}"),
        &format!("Normal|00:11  Alex Park  {ALEX_RUNWAY}"),
        "Normal|01:05  상대  a <b>bold</b> claim --> & more",
        &format!("Normal|1:02:05  이지원  {LATE}"),
    ] {
        assert!(
            paragraphs.contains(needle),
            "no {needle:?} in\n{paragraphs}"
        );
    }
}

#[test]
fn pdf_embeds_a_korean_font_subset_and_its_text_reads_back() {
    let f = korean_meeting();
    let dir = tempfile::tempdir().unwrap();
    let bytes = f.render(ExportFormat::Pdf);
    // Only the glyphs used are embedded, not the 1.3 MB font.
    assert!(bytes.len() < 200_000, "{} bytes", bytes.len());
    let path = temp_file(dir.path(), "meeting.pdf", &bytes);

    let text = squeezed(&pdf_text(&path));
    for needle in [
        "Acme AI 투자 심사",
        "요약",
        "대화록",
        NOTE_KO,
        NOTE_EN,
        &format!("00:01 상대 {THEM_MRR}"),
        &format!("00:06 이지원 {ME_RUNWAY}"),
        &format!("1:02:05 이지원 {LATE}"),
        "01:05 상대 a <b>bold</b> claim --> & more",
        "mrr: ₩50,000,000",
    ] {
        assert!(text.contains(needle), "no {needle:?} in\n{text}");
    }
    assert!(
        text.replace(' ', "").trim_end().ends_with("1/1"),
        "the page number: {text}"
    );
    // ALEX_RUNWAY may wrap; its words are all there in order.
    let flat = text.replace('\n', " ");
    assert!(
        flat.contains("Alex Park Our runway is 18 months,"),
        "{flat}"
    );

    let fonts = run_tool("pdffonts", &[path.to_str().unwrap()], "poppler-utils");
    let fonts = String::from_utf8(fonts.stdout).unwrap();
    let noto = fonts
        .lines()
        .find(|l| l.contains("NotoSansCJKkr-Regular"))
        .unwrap_or_else(|| panic!("no Noto Sans CJK KR in\n{fonts}"));
    // name type encoding emb sub uni object: embedded, subset, with a ToUnicode map.
    let columns: Vec<&str> = noto.split_whitespace().collect();
    let flags = &columns[columns.len() - 5..columns.len() - 2];
    assert_eq!(flags, ["yes", "yes", "yes"], "{fonts}");
}

#[test]
fn a_long_pdf_breaks_lines_and_pages_and_loses_no_text() {
    let store = test_store();
    let mut new = NewMeeting::new("긴 회의", MeetingType::General, "2026-11-03T09:00:00Z");
    new.language = Some("ko".into());
    let id = store.create_meeting(&new).unwrap().id;
    let long = "아주 긴 문장이 한 줄에 들어가지 않으면 다음 줄로 넘어가야 합니다. ".repeat(6);
    let segments: Vec<NewSegment> = (0..150)
        .map(|i| NewSegment {
            meeting_id: id,
            source: if i % 2 == 0 {
                SegmentSource::Me
            } else {
                SegmentSource::Them
            },
            speaker: None,
            text: match i {
                7 => long.clone(),
                _ => format!("{i}번째 줄입니다 line {i}"),
            },
            start_ms: i * 10_000,
            end_ms: i * 10_000 + 5_000,
            confidence: None,
            language: None,
            is_final: true,
        })
        .collect();
    store.add_segments(&segments).unwrap();
    let export = MeetingExport::load(&store, id, &[Part::Transcript]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = temp_file(
        dir.path(),
        "long.pdf",
        &render(&export, ExportFormat::Pdf).unwrap(),
    );

    let text = pdf_text(&path);
    // pdftotext ends each page with a form feed.
    let pages = text.matches('\u{c}').count();
    assert!(pages >= 3, "{pages} pages:\n{text}");
    let text = squeezed(&text);
    let numbers: String = text.split_whitespace().collect();
    assert!(numbers.contains(&format!("2/{pages}")), "{text}");
    for i in (0..150).filter(|i| *i != 7) {
        let line = format!("{i}번째 줄입니다 line {i}");
        assert!(text.contains(&line), "no {line:?} in\n{text}");
    }
    // The long line wraps onto several lines, all of it there.
    let flat: String = text.split_whitespace().collect();
    let want: String = long.split_whitespace().collect();
    assert!(flat.contains(&want), "{flat}");
}

#[test]
fn pdf_draws_hanja_with_the_system_noto_cjk() {
    let system = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
    assert!(
        Path::new(system).exists(),
        "{system} is missing: install fonts-noto-cjk (apt-get install fonts-noto-cjk; scripts/setup.sh installs it)"
    );
    let store = test_store();
    let mut new = NewMeeting::new("韓國 투자", MeetingType::General, "2026-11-03T09:00:00Z");
    new.language = Some("ko".into());
    let id = store.create_meeting(&new).unwrap().id;
    store
        .add_segments(&[NewSegment {
            meeting_id: id,
            source: SegmentSource::Them,
            speaker: None,
            text: "株式會社 설립은 2019년입니다".into(),
            start_ms: 0,
            end_ms: 2_000,
            confidence: None,
            language: None,
            is_final: true,
        }])
        .unwrap();
    let export = MeetingExport::load(&store, id, &[Part::Transcript]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = temp_file(
        dir.path(),
        "hanja.pdf",
        &render(&export, ExportFormat::Pdf).unwrap(),
    );
    let text = squeezed(&pdf_text(&path));
    assert!(text.contains("韓國 투자"), "{text}");
    assert!(text.contains("株式會社 설립은 2019년입니다"), "{text}");
    let fonts = run_tool("pdffonts", &[path.to_str().unwrap()], "poppler-utils");
    let fonts = String::from_utf8(fonts.stdout).unwrap();
    assert_eq!(fonts.matches("NotoSansCJKkr-Regular").count(), 2, "{fonts}");
}
