//! Text out of a file, part by part.

use std::io::{Cursor, Read};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use calamine::Reader as _;
use quick_xml::events::Event;

use crate::{FilePart, FilePartKind, FilesError, MAX_ENTRY_BYTES, MAX_FILE_BYTES, Result};

/// What a file is, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pdf,
    /// DOCX.
    Word,
    /// PPTX.
    Slides,
    /// XLSX, XLSM, XLSB, XLS, ODS.
    Spreadsheet,
    /// Plain text and Markdown.
    Text,
    Csv,
    /// Stored with no text: images (no OCR), videos, Keynote decks.
    NoText,
}

/// The format of the file at `path`; an extension that is not read is
/// [`FilesError::Unsupported`].
pub fn format_of(path: &Path) -> Result<Format> {
    let name = file_name(path);
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let unsupported = |reason: &str| FilesError::Unsupported {
        name: name.clone(),
        reason: reason.to_owned(),
    };
    Ok(match ext.as_str() {
        "pdf" => Format::Pdf,
        "docx" => Format::Word,
        "pptx" => Format::Slides,
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => Format::Spreadsheet,
        "txt" | "md" | "markdown" => Format::Text,
        "csv" | "tsv" => Format::Csv,
        "png" | "jpg" | "jpeg" | "gif" | "webp" | "heic" | "mp4" | "mov" | "key" => Format::NoText,
        "doc" | "ppt" => {
            return Err(unsupported(
                "the old binary Office format is not read; save it as .docx or .pptx",
            ));
        }
        "" => return Err(unsupported("a file without an extension is not attached")),
        _ => {
            return Err(unsupported(&format!(
                "a .{ext} file is not attached (PDF, Word, PowerPoint, Excel, text, CSV, \
                 images and videos are)"
            )));
        }
    })
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Reads the file at `path` into parts. Refuses files over [`MAX_FILE_BYTES`] before
/// reading them.
pub fn extract(path: &Path) -> Result<Vec<FilePart>> {
    let name = file_name(path);
    let format = format_of(path)?;
    let io = |source| FilesError::Io {
        path: path.display().to_string(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(FilesError::Unsupported {
            name,
            reason: "not a file".to_owned(),
        });
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(FilesError::TooLarge {
            name,
            size: meta.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    if format == Format::NoText {
        return Ok(Vec::new());
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .map_err(io)?
        // The file may have grown since it was measured.
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(FilesError::TooLarge {
            name,
            size: bytes.len() as u64,
            limit: MAX_FILE_BYTES,
        });
    }
    extract_bytes(&name, format, &bytes)
}

/// Reads a file's bytes into parts. Parts with no text are left out; the parser runs
/// under `catch_unwind` (see the crate's documentation).
pub fn extract_bytes(name: &str, format: Format, bytes: &[u8]) -> Result<Vec<FilePart>> {
    let unreadable = |reason: String| FilesError::Unreadable {
        name: name.to_owned(),
        reason,
    };
    let parsed = catch_unwind(AssertUnwindSafe(|| match format {
        Format::Pdf => pdf(bytes),
        Format::Word => word(bytes),
        Format::Slides => slides(bytes),
        Format::Spreadsheet => spreadsheet(bytes),
        Format::Text | Format::Csv => Ok(vec![part(FilePartKind::Text, 1, "", text(bytes))]),
        Format::NoText => Ok(Vec::new()),
    }));
    let parts = match parsed {
        Ok(Ok(parts)) => parts,
        Ok(Err(reason)) => return Err(unreadable(reason)),
        Err(_) => {
            return Err(unreadable(
                "the file is damaged (its reader gave up)".to_owned(),
            ));
        }
    };
    Ok(parts
        .into_iter()
        .filter(|p| !p.text.trim().is_empty())
        .collect())
}

fn part(kind: FilePartKind, number: u32, label: &str, text: String) -> FilePart {
    FilePart {
        kind,
        number,
        label: label.to_owned(),
        text: tidy(&text),
    }
}

/// Trailing spaces and runs of blank lines out; NUL and other control characters
/// (except line breaks and tabs) become spaces.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines() {
        let line: String = line
            .chars()
            .map(|c| if c.is_control() && c != '\t' { ' ' } else { c })
            .collect();
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line);
    }
    out
}

/// Why a file's bytes are not what its name says: an encrypted Office file is an OLE
/// container, not a zip.
fn not_a_zip(bytes: &[u8], what: &str) -> String {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        "it is password-protected or in the old binary Office format".to_owned()
    } else {
        format!("it is damaged or not a {what} file")
    }
}

fn pdf(bytes: &[u8]) -> Result<Vec<FilePart>, String> {
    if !bytes.starts_with(b"%PDF")
        && !bytes[..bytes.len().min(1024)]
            .windows(4)
            .any(|w| w == b"%PDF")
    {
        return Err("it is damaged or not a PDF".to_owned());
    }
    let pages = pdf_extract::extract_text_from_mem_by_pages(bytes).map_err(|e| {
        let e = e.to_string();
        if e.to_lowercase().contains("decrypt") || e.to_lowercase().contains("encrypt") {
            format!("it is password-protected ({e})")
        } else {
            format!("it is damaged or not a PDF ({e})")
        }
    })?;
    Ok(pages
        .into_iter()
        .enumerate()
        .map(|(i, text)| part(FilePartKind::Page, i as u32 + 1, "", text))
        .collect())
}

fn open_zip<'a>(bytes: &'a [u8], what: &str) -> Result<zip::ZipArchive<Cursor<&'a [u8]>>, String> {
    zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| not_a_zip(bytes, what))
}

/// One entry of a zip as text, refusing to inflate it past [`MAX_ENTRY_BYTES`].
fn zip_entry(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<String>, String> {
    let entry = match archive.by_name(name) {
        Ok(entry) => entry,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(format!("{name} cannot be read: {e}")),
    };
    let mut xml = Vec::new();
    entry
        .take(MAX_ENTRY_BYTES + 1)
        .read_to_end(&mut xml)
        .map_err(|e| format!("{name} cannot be read: {e}"))?;
    if xml.len() as u64 > MAX_ENTRY_BYTES {
        return Err(format!("{name} inflates past {MAX_ENTRY_BYTES} bytes"));
    }
    String::from_utf8(xml)
        .map(Some)
        .map_err(|_| format!("{name} is not UTF-8 XML"))
}

/// The text of an Office XML part: the runs (`w:t`, `a:t`), a line break after each
/// paragraph (`w:p`, `a:p`) and at `w:br`/`a:br`, a tab at `w:tab` and between table
/// cells.
fn xml_text(xml: &str) -> Result<String, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = String::new();
    let mut in_text = false;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "t" => in_text = true,
            Ok(Event::End(e)) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "p" => out.push('\n'),
                "tc" => out.push('\t'),
                _ => {}
            },
            Ok(Event::Empty(e)) => match e.local_name().as_ref() {
                "br" | "cr" => out.push('\n'),
                "tab" => out.push('\t'),
                _ => {}
            },
            Ok(Event::Text(t)) if in_text => out.push_str(&t.xml10_content()),
            Ok(Event::CData(t)) if in_text => out.push_str(&t.xml10_content()),
            Ok(Event::GeneralRef(r)) if in_text => match r.resolve_char_ref() {
                Ok(Some(c)) => out.push(c),
                _ => out.push_str(match &*r {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "",
                }),
            },
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(format!("its XML is damaged: {e}")),
        }
    }
    Ok(out)
}

fn word(bytes: &[u8]) -> Result<Vec<FilePart>, String> {
    let mut archive = open_zip(bytes, "Word")?;
    let xml = zip_entry(&mut archive, "word/document.xml")?
        .ok_or_else(|| "it is not a Word document (no word/document.xml)".to_owned())?;
    Ok(vec![part(FilePartKind::Text, 1, "", xml_text(&xml)?)])
}

fn slides(bytes: &[u8]) -> Result<Vec<FilePart>, String> {
    let mut archive = open_zip(bytes, "PowerPoint")?;
    // Slides are numbered by their part names (ppt/slides/slide12.xml), which is the
    // order PowerPoint writes them in.
    let mut numbers: Vec<u32> = archive
        .file_names()
        .filter_map(|n| {
            n.ok()?
                .strip_prefix("ppt/slides/slide")?
                .strip_suffix(".xml")?
                .parse()
                .ok()
        })
        .filter(|&n| n >= 1)
        .collect();
    numbers.sort_unstable();
    numbers.dedup();
    if numbers.is_empty() && archive.by_name("ppt/presentation.xml").is_err() {
        return Err("it is not a PowerPoint deck (no ppt/presentation.xml)".to_owned());
    }
    let mut parts = Vec::new();
    for number in numbers {
        if let Some(xml) = zip_entry(&mut archive, &format!("ppt/slides/slide{number}.xml"))? {
            parts.push(part(FilePartKind::Slide, number, "", xml_text(&xml)?));
        }
    }
    Ok(parts)
}

fn spreadsheet(bytes: &[u8]) -> Result<Vec<FilePart>, String> {
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            format!("it is password-protected or damaged ({e})")
        } else {
            format!("it is damaged or not a spreadsheet ({e})")
        }
    })?;
    let mut parts = Vec::new();
    for (i, sheet) in book.sheet_names().into_iter().enumerate() {
        let range = book
            .worksheet_range(&sheet)
            .map_err(|e| format!("sheet {sheet} cannot be read: {e}"))?;
        let mut text = String::new();
        for row in range.rows() {
            let cells: Vec<String> = row
                .iter()
                .map(|c| c.to_string())
                .filter(|c| !c.trim().is_empty())
                .collect();
            if !cells.is_empty() {
                text.push_str(&cells.join("\t"));
                text.push('\n');
            }
        }
        parts.push(part(FilePartKind::Sheet, i as u32 + 1, &sheet, text));
    }
    Ok(parts)
}

/// UTF-8 (with or without its byte order mark), else Korean Windows text (CP949, a
/// superset of EUC-KR), which Excel writes its CSVs in on a Korean system.
fn text(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding_rs::EUC_KR.decode(bytes).0.into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn office_runs_become_lines() {
        let xml = r#"<w:document xmlns:w="w"><w:body>
            <w:p><w:r><w:t>MRR &amp; churn</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve"> 50K</w:t></w:r></w:p>
            <w:p><w:r><w:t>런웨이 18개월</w:t></w:r></w:p></w:body></w:document>"#;
        assert_eq!(
            xml_text(xml).unwrap().trim(),
            "MRR & churn\t 50K\n런웨이 18개월"
        );
    }

    #[test]
    fn blank_lines_and_control_characters_are_tidied() {
        assert_eq!(tidy("a  \n\n\n\nb\u{0}c\n"), "a\n\nb c");
    }

    #[test]
    fn korean_windows_text_is_read() {
        let (bytes, _, _) = encoding_rs::EUC_KR.encode("매출,5000");
        assert_eq!(text(&bytes), "매출,5000");
        assert_eq!(text("\u{feff}hi".as_bytes()), "hi");
    }

    #[test]
    fn garbage_is_unreadable_for_every_format() {
        for format in [
            Format::Pdf,
            Format::Word,
            Format::Slides,
            Format::Spreadsheet,
        ] {
            for bytes in [
                &b""[..],
                b"%PDF-1.7\n garbage",
                b"PK\x03\x04 garbage",
                &[0xD0, 0xCF, 0x11, 0xE0, 1, 2],
            ] {
                let e = extract_bytes("x", format, bytes).unwrap_err();
                assert!(
                    matches!(e, FilesError::Unreadable { .. }),
                    "{format:?}: {e}"
                );
            }
        }
    }
}
