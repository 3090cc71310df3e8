//! `onno export`: a stored meeting written to a file in each format, where it was asked
//! to go, and clear failures that leave no file behind.

use std::path::Path;

use onno_store::{NewSegment, SegmentSource, Store, SummaryInput, read_transcript};
use serde_json::{Value, json};

use crate::Onno;

const THEM: &str = "MRR은 5천만원이고 매달 12% 성장하고 있습니다.";
const ME: &str = "How long is your runway?";
const NOTE: &str = "김민수 대표: 기술팀 8명";

/// A Korean meeting with two lines, a note and a summary; returns its id.
fn meeting(onno: &Onno) -> String {
    let id = onno.meeting(
        "Acme AI 투자 심사",
        &["--started-at", "2026-11-02T10:00:00Z", "--language", "ko"],
    );
    let store = Store::open(onno.data_dir()).expect("open store");
    let segment = |source, start_ms, text: &str| NewSegment {
        meeting_id: id,
        source,
        speaker: None,
        text: text.to_owned(),
        start_ms,
        end_ms: start_ms + 2_000,
        confidence: None,
        language: None,
        is_final: true,
    };
    store
        .add_segments(&[
            segment(SegmentSource::Them, 1_000, THEM),
            segment(SegmentSource::Me, 4_000, ME),
        ])
        .expect("segments");
    store.add_note(id, NOTE).expect("note");
    store
        .save_summary(
            id,
            &SummaryInput {
                content: "첫 미팅".into(),
                ..SummaryInput::default()
            },
        )
        .expect("summary");
    id.to_string()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn each_format_is_written_where_asked_and_said_where() {
    let onno = Onno::empty();
    let id = meeting(&onno);
    let dir = tempfile::tempdir().expect("temp dir");

    let md = dir.path().join("acme.md");
    let said = onno.text(&[
        "export",
        &id,
        "--format",
        "md",
        "--out",
        md.to_str().expect("path"),
    ]);
    assert_eq!(
        said,
        format!(
            "Exported meeting {id} \"Acme AI 투자 심사\" as MD to {}\n",
            md.display()
        )
    );
    let text = read(&md);
    for needle in [
        "# Acme AI 투자 심사",
        "## 요약",
        "첫 미팅",
        NOTE,
        &format!("**상대** `00:01` {THEM}"),
    ] {
        assert!(text.contains(needle), "no {needle:?} in {text}");
    }

    for format in ["json", "srt", "vtt", "docx", "pdf"] {
        let path = dir.path().join(format!("acme.{format}"));
        let result = onno.json(&[
            "export",
            &id,
            "--format",
            format,
            "--out",
            path.to_str().expect("path"),
        ]);
        let bytes = std::fs::read(&path).expect("exported file");
        assert_eq!(
            result,
            json!({
                "meeting_id": id.parse::<i64>().expect("id"),
                "format": format,
                "parts": ["summary", "actions", "notes", "figures", "transcript"],
                "path": path,
                "bytes": bytes.len(),
            })
        );
        let head: &[u8] = match format {
            "json" => b"{",
            "srt" => b"1\n00:00:01,000 --> ",
            "vtt" => b"WEBVTT",
            "docx" => b"PK\x03\x04",
            _ => b"%PDF-",
        };
        assert!(bytes.starts_with(head), "{format}: {:?}", &bytes[..16]);
    }
    // The subtitles and the JSON read back as the transcript.
    for format in ["json", "srt", "vtt"] {
        let lines = read_transcript(&read(&dir.path().join(format!("acme.{format}"))))
            .expect("transcript")
            .lines;
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, [THEM, ME], "{format}");
    }
    let json: Value = serde_json::from_str(&read(&dir.path().join("acme.json"))).expect("json");
    assert_eq!(json["notes"][0]["body"], NOTE);
    assert_eq!(json["segments"][1]["who"], "나");

    // Every export leaves a line in the audit log, without the meeting's text.
    let store = Store::open(onno.data_dir()).expect("open store");
    let log = store
        .audit_log(onno_store::Page::new(10, 0))
        .expect("audit log");
    assert_eq!(log.total, 6);
    let last = &log.items[0];
    assert_eq!(
        (last.action.as_str(), last.resource.as_str()),
        ("export", &*format!("meeting/{id}"))
    );
    assert_eq!(last.details["format"], "pdf");
    assert_eq!(last.details["path"], json!(dir.path().join("acme.pdf")));
    assert!(
        !last.details.to_string().contains("MRR"),
        "{}",
        last.details
    );
    drop(store);

    // What imports back is the same meeting's transcript.
    let imported = onno.json(&[
        "import",
        dir.path().join("acme.json").to_str().expect("path"),
    ]);
    assert_eq!(imported["title"], "Acme AI 투자 심사");
    assert_eq!(imported["segments"], 2);
}

#[test]
fn only_puts_in_the_parts_named() {
    let onno = Onno::empty();
    let id = meeting(&onno);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("notes.md");
    let result = onno.json(&[
        "export",
        &id,
        "--format",
        "md",
        "--only",
        "transcript,notes",
        "--out",
        path.to_str().expect("path"),
    ]);
    assert_eq!(result["parts"], json!(["notes", "transcript"]));
    let text = read(&path);
    assert!(text.contains(NOTE) && text.contains(THEM), "{text}");
    assert!(
        !text.contains("첫 미팅") && !text.contains("## 요약"),
        "{text}"
    );

    let err = onno.fails(
        &["export", &id, "--format", "md", "--only", "everything"],
        2,
    );
    assert!(
        err.contains("summary, actions, notes, figures, transcript"),
        "{err}"
    );
    // Subtitles without the transcript have nothing to hold; nothing is written.
    let srt = dir.path().join("notes.srt");
    let err = onno.fails(
        &[
            "export",
            &id,
            "--format",
            "srt",
            "--only",
            "notes",
            "--out",
            srt.to_str().expect("path"),
        ],
        1,
    );
    assert!(err.contains("srt holds the transcript only"), "{err}");
    assert!(!srt.exists());
}

#[test]
fn without_out_the_file_is_named_after_the_meeting_in_the_current_folder() {
    let onno = Onno::empty();
    let id = meeting(&onno);
    let dir = tempfile::tempdir().expect("temp dir");
    let out = onno
        .command(&["export", &id, "--format", "pdf", "--json"])
        .current_dir(dir.path())
        .output()
        .expect("run onno");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected = dir
        .path()
        .join(format!("meeting-{id}-acme-ai-투자-심사.pdf"));
    let result: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        Path::new(result["path"].as_str().expect("path"))
            .canonicalize()
            .expect("written"),
        expected.canonicalize().expect("there")
    );

    // A folder given as --out gets the same name inside it.
    let folder = dir.path().join("exports");
    std::fs::create_dir(&folder).expect("folder");
    onno.json(&[
        "export",
        &id,
        "--format",
        "vtt",
        "--out",
        folder.to_str().expect("path"),
    ]);
    assert!(
        folder
            .join(format!("meeting-{id}-acme-ai-투자-심사.vtt"))
            .is_file()
    );
}

#[test]
fn failures_are_clear_and_leave_no_file() {
    let onno = Onno::empty();
    let id = meeting(&onno);
    let dir = tempfile::tempdir().expect("temp dir");

    let missing = dir.path().join("m.md");
    let err = onno.fails(
        &[
            "export",
            "42",
            "--format",
            "md",
            "--out",
            missing.to_str().expect("path"),
        ],
        3,
    );
    assert_eq!(err, "onno: error: meeting 42 does not exist\n");
    assert!(!missing.exists());

    let nowhere = dir.path().join("no-such-folder").join("m.md");
    let err = onno.fails(
        &[
            "export",
            &id,
            "--format",
            "md",
            "--out",
            nowhere.to_str().expect("path"),
        ],
        1,
    );
    assert!(
        err.starts_with(&format!(
            "onno: error: cannot write {}: ",
            nowhere.display()
        )) && err.contains("No such file or directory"),
        "{err}"
    );
    let file = dir.path().join("a-file");
    std::fs::write(&file, "not a folder").expect("file");
    let under_file = file.join("m.md");
    let err = onno.fails(
        &[
            "export",
            &id,
            "--format",
            "md",
            "--out",
            under_file.to_str().expect("path"),
        ],
        1,
    );
    assert!(err.contains("Not a directory"), "{err}");

    // /dev/full takes no bytes, as a full disk.
    let err = onno.fails(&["export", &id, "--format", "pdf", "--out", "/dev/full"], 1);
    assert!(
        err.starts_with("onno: error: cannot write /dev/full: ")
            && err.contains("No space left on device"),
        "{err}"
    );

    // A failed export leaves the file that was there as it was, and no temporary file.
    let kept = dir.path().join("kept.srt");
    std::fs::write(&kept, "before").expect("file");
    onno.fails(
        &[
            "export",
            &id,
            "--format",
            "srt",
            "--only",
            "notes",
            "--out",
            kept.to_str().expect("path"),
        ],
        1,
    );
    assert_eq!(read(&kept), "before");
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    let mut names = names;
    names.sort();
    assert_eq!(names, ["a-file", "kept.srt"]);

    onno.fails(&["export", &id, "--format", "txt"], 2);
    onno.fails(&["export", &id], 2);
    // Nothing was exported, so nothing is in the audit log.
    let store = Store::open(onno.data_dir()).expect("open store");
    let log = store
        .audit_log(onno_store::Page::new(10, 0))
        .expect("audit log");
    assert_eq!(log.total, 0, "{:?}", log.items);
}
