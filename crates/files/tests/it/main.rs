//! Real files, written here, read back, stored and searched.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use onno_files::{ErrorKind, FilePartKind, FilesError, attach, extract};
use onno_store::{
    Confidence, DataValue, FileCategory, HitKind, NewRelationship, NewRelationshipFile, Page,
    RelationshipType, SearchQuery, Store,
};

/// The Korean font onno-export embeds in its PDFs.
const FONT: &[u8] = include_bytes!("../../../export/fonts/NotoSansCJKkr-Regular-subset.otf");

/// A PDF with one page per entry, each line drawn as a line of text.
fn pdf(pages: &[&[&str]]) -> Vec<u8> {
    use krilla::Document;
    use krilla::geom::Point;
    use krilla::page::PageSettings;
    use krilla::text::{Font, TextDirection};

    let font = Font::new(FONT.to_vec().into(), 0).expect("the font");
    let mut document = Document::new();
    for lines in pages {
        let settings = PageSettings::from_wh(595.0, 842.0).expect("A4");
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        for (i, line) in lines.iter().enumerate() {
            surface.draw_text(
                Point::from_xy(50.0, 80.0 + 30.0 * i as f32),
                font.clone(),
                14.0,
                line,
                false,
                TextDirection::Auto,
            );
        }
        surface.finish();
        page.finish();
    }
    document.finish().expect("the PDF")
}

fn docx(paragraphs: &[&str]) -> Vec<u8> {
    use docx_rs::{Docx, Paragraph, Run};
    let mut doc = Docx::new();
    for p in paragraphs {
        doc = doc.add_paragraph(Paragraph::new().add_run(Run::new().add_text(*p)));
    }
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut out).expect("the DOCX");
    out.into_inner()
}

/// A PPTX as PowerPoint lays one out: the package parts a reader needs and one XML
/// part per slide, the text in `a:t` runs.
fn pptx(slides: &[&[&str]]) -> Vec<u8> {
    use zip::write::SimpleFileOptions;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default();
    let mut add = |name: &str, body: String| {
        out.start_file(name, options).expect("zip entry");
        out.write_all(body.as_bytes()).expect("zip write");
    };
    add(
        "[Content_Types].xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/></Types>"#.to_owned(),
    );
    add(
        "ppt/presentation.xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>"#.to_owned(),
    );
    for (i, paragraphs) in slides.iter().enumerate() {
        let body: String = paragraphs
            .iter()
            .map(|p| format!("<a:p><a:r><a:rPr lang=\"ko-KR\"/><a:t>{p}</a:t></a:r></a:p>"))
            .collect();
        add(
            &format!("ppt/slides/slide{}.xml", i + 1),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><p:sld xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:cSld><p:spTree><p:sp><p:txBody>{body}</p:txBody></p:sp></p:spTree></p:cSld></p:sld>"#
            ),
        );
    }
    out.finish().expect("the PPTX").into_inner()
}

fn xlsx(path: &Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("Revenue").expect("name");
    sheet.write_string(0, 0, "월 매출").expect("cell");
    sheet.write_string(0, 1, "5천만원").expect("cell");
    sheet.write_string(1, 0, "Burn").expect("cell");
    sheet.write_number(1, 1, 120_000).expect("cell");
    let team = book.add_worksheet().set_name("Team").expect("name");
    team.write_string(0, 0, "Headcount is 12 people")
        .expect("cell");
    book.save(path).expect("the XLSX");
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

fn store() -> (tempfile::TempDir, Store, i64) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(&dir.path().join("data")).expect("store");
    let id = store
        .create_relationship(&NewRelationship::new("Acme AI", RelationshipType::Deal))
        .expect("relationship")
        .id;
    (dir, store, id)
}

fn input() -> NewRelationshipFile {
    NewRelationshipFile {
        category: FileCategory::PitchDeck,
        tags: vec![],
        description: String::new(),
        meeting_id: None,
        extracted_text: None,
    }
}

fn search(store: &Store, text: &str) -> Vec<onno_store::SearchHit> {
    store.search(&SearchQuery::new(text)).expect("search").hits
}

#[test]
fn a_pdf_is_read_page_by_page() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "deck.pdf",
        &pdf(&[
            &["Acme AI Series A", "시장 규모와 고객"],
            &["Traction", "MRR is $50K", "런웨이 18개월"],
        ]),
    );
    let parts = extract(&path).unwrap();
    assert_eq!(parts.len(), 2, "{parts:?}");
    assert_eq!(parts[0].kind, FilePartKind::Page);
    assert_eq!((parts[0].number, parts[1].number), (1, 2));
    assert!(parts[0].text.contains("Series A"), "{:?}", parts[0].text);
    assert!(
        parts[0].text.contains("시장 규모와 고객"),
        "{:?}",
        parts[0].text
    );
    assert!(parts[1].text.contains("MRR is $50K"), "{:?}", parts[1].text);
    assert!(
        parts[1].text.contains("런웨이 18개월"),
        "{:?}",
        parts[1].text
    );
    assert_eq!(parts[1].place(), "p.2");
}

#[test]
fn word_slides_sheets_and_text_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let doc = write(
        dir.path(),
        "memo.docx",
        &docx(&["Investment memo", "고객 이탈률은 월 3%입니다"]),
    );
    let parts = extract(&doc).unwrap();
    assert_eq!(parts.len(), 1);
    assert_eq!(parts[0].kind, FilePartKind::Text);
    assert_eq!(parts[0].text, "Investment memo\n고객 이탈률은 월 3%입니다");

    let deck = write(
        dir.path(),
        "deck.pptx",
        &pptx(&[&["Problem", "중소기업 회계"], &["Team", "직원 12명"]]),
    );
    let parts = extract(&deck).unwrap();
    assert_eq!(parts.len(), 2);
    assert_eq!(parts[1].kind, FilePartKind::Slide);
    assert_eq!(parts[1].text, "Team\n직원 12명");
    assert_eq!(parts[1].place(), "slide 2");

    let book = dir.path().join("model.xlsx");
    xlsx(&book);
    let parts = extract(&book).unwrap();
    assert_eq!(parts.len(), 2);
    assert_eq!(parts[0].kind, FilePartKind::Sheet);
    assert_eq!(parts[0].label, "Revenue");
    assert_eq!(parts[0].text, "월 매출\t5천만원\nBurn\t120000");
    assert_eq!(parts[1].place(), "sheet Team");

    let csv = write(
        dir.path(),
        "kpi.csv",
        "metric,value\nMRR,50000\n".as_bytes(),
    );
    assert_eq!(extract(&csv).unwrap()[0].text, "metric,value\nMRR,50000");
    let png = write(dir.path(), "logo.png", b"\x89PNG\r\n\x1a\nnot really");
    assert!(
        extract(&png).unwrap().is_empty(),
        "images have no text (no OCR)"
    );
}

#[test]
fn broken_large_and_unsupported_files_are_refused_with_nothing_stored() {
    let (dir, store, id) = store();
    let good = pdf(&[&["MRR is $50K"]]);
    let cases: Vec<(PathBuf, ErrorKind)> = vec![
        (
            write(dir.path(), "cut.pdf", &good[..good.len() / 2]),
            ErrorKind::Unreadable,
        ),
        (
            write(dir.path(), "fake.docx", b"this is not a zip"),
            ErrorKind::Unreadable,
        ),
        (
            write(
                dir.path(),
                "locked.xlsx",
                &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1],
            ),
            ErrorKind::Unreadable,
        ),
        (
            write(dir.path(), "zip-only.pptx", &docx(&["no slides here"])),
            ErrorKind::Unreadable,
        ),
        (write(dir.path(), "tool.exe", b"MZ"), ErrorKind::Unsupported),
        (write(dir.path(), "old.doc", b"x"), ErrorKind::Unsupported),
        (
            {
                let path = dir.path().join("huge.pdf");
                let file = std::fs::File::create(&path).unwrap();
                file.set_len(onno_files::MAX_FILE_BYTES + 1).unwrap();
                path
            },
            ErrorKind::TooLarge,
        ),
    ];
    for (path, kind) in cases {
        let e = attach(&store, id, &path, &input()).unwrap_err();
        assert_eq!(e.kind(), kind, "{}: {e}", path.display());
    }
    assert!(store.relationship_files(id).unwrap().is_empty());
    assert_eq!(
        store
            .relationship_data(id, Page::new(0, 100))
            .unwrap()
            .total,
        0
    );
    let folder = store.data_dir().join("files").join(id.to_string());
    let stored = std::fs::read_dir(&folder).map(|d| d.count()).unwrap_or(0);
    assert_eq!(stored, 0, "no copy is left behind");
}

#[test]
fn garbage_never_panics() {
    let dir = tempfile::tempdir().unwrap();
    let good = pdf(&[&["MRR is $50K"]]);
    let deck = pptx(&[&["MRR is $50K"]]);
    // Every cut of a real file, and the file with bytes flipped.
    for (name, bytes) in [("a.pdf", &good), ("a.pptx", &deck)] {
        for cut in (0..bytes.len()).step_by((bytes.len() / 40).max(1)) {
            let path = write(dir.path(), name, &bytes[..cut]);
            let _ = extract(&path);
            let mut flipped = bytes.clone();
            flipped[cut] ^= 0x5A;
            let path = write(dir.path(), name, &flipped);
            let _ = extract(&path);
        }
    }
}

#[test]
fn attached_files_are_searched_and_their_figures_recorded_once() {
    let (dir, store, id) = store();
    let deck = write(
        dir.path(),
        "deck.pdf",
        &pdf(&[
            &["Acme AI", "세무 자동화 플랫폼"],
            &["Traction", "MRR is $50K", "런웨이 18개월"],
        ]),
    );
    let added = attach(&store, id, &deck, &input()).unwrap();
    assert!(!added.already_attached);
    assert_eq!(added.parts, 2);
    let facts: Vec<_> = added
        .facts
        .iter()
        .map(|f| {
            (
                f.fields.key.as_str(),
                f.fields.value.clone(),
                f.fields.source.as_str(),
                f.fields.confidence,
                f.fields.meeting_id,
            )
        })
        .collect();
    assert_eq!(
        facts,
        [
            (
                "mrr",
                DataValue::Number(50_000.0),
                "deck.pdf p.2",
                Confidence::Unverified,
                None
            ),
            (
                "runway",
                DataValue::Number(18.0),
                "deck.pdf p.2",
                Confidence::Unverified,
                None
            ),
        ]
    );

    // "세무" is a prefix of the word on page 1.
    let hits = search(&store, "세무");
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].kind, HitKind::File);
    assert_eq!(hits[0].id, added.file.id);
    assert_eq!(hits[0].relationship_id, Some(id));
    assert_eq!(hits[0].file_name.as_deref(), Some("deck.pdf"));
    assert_eq!(hits[0].place.as_deref(), Some("p.1"));
    let hits = search(&store, "traction");
    assert_eq!(hits[0].place.as_deref(), Some("p.2"));

    // The same file again: nothing new.
    let again = attach(&store, id, &deck, &input()).unwrap();
    assert!(again.already_attached);
    assert_eq!(again.file.id, added.file.id);
    assert!(again.facts.is_empty());
    assert_eq!(store.relationship_files(id).unwrap().len(), 1);
    assert_eq!(
        store
            .relationship_data(id, Page::new(0, 100))
            .unwrap()
            .total,
        2
    );
    assert_eq!(search(&store, "세무").len(), 1);

    // A sheet's figures cite the sheet.
    let book = dir.path().join("model.xlsx");
    xlsx(&book);
    let added = attach(&store, id, &book, &input()).unwrap();
    let sources: Vec<_> = added
        .facts
        .iter()
        .map(|f| (f.fields.key.as_str(), f.fields.source.as_str()))
        .collect();
    assert!(
        sources.contains(&("headcount", "model.xlsx sheet Team")),
        "{sources:?}"
    );
    assert_eq!(
        search(&store, "Headcount")[0].place.as_deref(),
        Some("sheet Team")
    );

    // A slide's figures cite the slide, a Word document's the file.
    let deck = write(
        dir.path(),
        "deck.pptx",
        &pptx(&[&["Problem", "중소기업 회계"], &["Team", "직원 12명"]]),
    );
    let added = attach(&store, id, &deck, &input()).unwrap();
    let sources: Vec<_> = added
        .facts
        .iter()
        .map(|f| (f.fields.key.as_str(), f.fields.source.as_str()))
        .collect();
    assert_eq!(sources, [("headcount", "deck.pptx slide 2")]);
    let hits = search(&store, "중소기업");
    assert_eq!(hits[0].place.as_deref(), Some("slide 1"));
    let memo = write(
        dir.path(),
        "memo.docx",
        &docx(&["Investment memo", "고객 이탈률은 월 3%입니다"]),
    );
    let added = attach(&store, id, &memo, &input()).unwrap();
    let sources: Vec<_> = added
        .facts
        .iter()
        .map(|f| (f.fields.key.as_str(), f.fields.source.as_str()))
        .collect();
    assert_eq!(sources, [("monthly_churn", "memo.docx")]);
    assert_eq!(
        search(&store, "이탈률")[0].file_name.as_deref(),
        Some("memo.docx")
    );

    // Removing a file removes its text from search; the copy goes too.
    let file = store.relationship_files(id).unwrap();
    let deck_file = file.iter().find(|f| f.name == "deck.pdf").unwrap();
    let stored = store.relationship_file_path(deck_file);
    assert!(stored.is_file());
    assert_eq!(
        store.relationship_file_parts(deck_file.id).unwrap().len(),
        2
    );
    store.delete_relationship_file(deck_file.id).unwrap();
    assert!(search(&store, "세무").is_empty());
    assert!(
        store
            .relationship_file_parts(deck_file.id)
            .unwrap()
            .is_empty()
    );
    assert!(!stored.exists());
}

#[test]
fn a_missing_relationship_is_said_before_reading() {
    let (dir, store, _) = store();
    let path = write(dir.path(), "a.txt", b"hello");
    let e = attach(&store, 999, &path, &input()).unwrap_err();
    assert!(matches!(
        e,
        FilesError::Store(ref s) if s.kind() == onno_store::ErrorKind::NotFound
    ));
}

#[test]
fn a_list_counts_each_files_parts_and_the_figures_citing_it() {
    let (dir, store, id) = store();
    let deck = write(
        dir.path(),
        "deck.pdf",
        &pdf(&[&["Acme AI"], &["Traction", "MRR is $50K", "런웨이 18개월"]]),
    );
    attach(&store, id, &deck, &input()).unwrap();
    // Names that start like the deck's: their figures are not the deck's, nor the
    // deck's theirs.
    let image = write(dir.path(), "deck.pdf.png", b"\x89PNG\r\n\x1a\n");
    attach(&store, id, &image, &input()).unwrap();
    let copy = write(dir.path(), "deck.pdf copy.txt", "Headcount 12".as_bytes());
    attach(&store, id, &copy, &input()).unwrap();
    let listed = store.listed_relationship_files(id).unwrap();
    let summary: Vec<_> = listed
        .iter()
        .map(|f| (f.name.as_str(), f.parts, f.part_kind, f.figures))
        .collect();
    assert_eq!(
        summary,
        [
            ("deck.pdf copy.txt", 1, Some(FilePartKind::Text), 1),
            ("deck.pdf.png", 0, None, 0),
            ("deck.pdf", 2, Some(FilePartKind::Page), 2),
        ]
    );
    // A figure the user removed is no longer counted.
    let facts = store.relationship_data(id, Page::new(10, 0)).unwrap().items;
    let mrr = facts.iter().find(|f| f.fields.key == "mrr").unwrap();
    assert_eq!(mrr.fields.source, "deck.pdf p.2");
    store.delete_relationship_data(mrr.id).unwrap();
    let listed = store.listed_relationship_files(id).unwrap();
    assert_eq!(listed[2].figures, 1);
}

#[test]
fn a_picker_offers_only_what_is_attached() {
    for ext in onno_files::ATTACHABLE_EXTENSIONS {
        let name = format!("file.{ext}");
        assert!(
            onno_files::format_of(Path::new(&name)).is_ok(),
            "{name} is offered but refused"
        );
    }
}

#[test]
fn a_file_of_another_relationship_is_not_found() {
    let (dir, store, id) = store();
    let other = store
        .create_relationship(&NewRelationship::new("Other", RelationshipType::Deal))
        .unwrap()
        .id;
    let path = write(dir.path(), "a.txt", b"hello");
    let added = attach(&store, id, &path, &input()).unwrap();
    assert_eq!(
        onno_files::file_of(&store, id, added.file.id).unwrap().name,
        "a.txt"
    );
    let e = onno_files::file_of(&store, other, added.file.id).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Store(onno_store::ErrorKind::NotFound));
}
