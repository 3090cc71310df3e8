//! `onno export-archive`, `import-archive`, `delete-everything`, `relationships delete`
//! and `audit`.

use onno_store::{NewSegment, SegmentSource, Store};

use crate::Onno;

/// A data folder with a relationship, a meeting with a line of transcript and a
/// recording.
fn filled() -> (Onno, i64) {
    let onno = Onno::empty();
    let rel = onno.json(&["relationships", "add", "Acme AI", "--type", "deal"])["id"]
        .as_i64()
        .expect("id");
    let id = onno.meeting("Acme 스크리닝", &["--relationship", &rel.to_string()]);
    let store = Store::open(onno.data_dir()).expect("open store");
    store
        .add_segments(&[NewSegment {
            meeting_id: id,
            source: SegmentSource::Them,
            speaker: None,
            text: "Our runway is about eighteen months".into(),
            start_ms: 0,
            end_ms: 3_000,
            confidence: Some(0.9),
            language: Some("en".into()),
            is_final: true,
        }])
        .expect("segments");
    let folder = store.layout().meeting(id);
    std::fs::create_dir_all(folder.path()).expect("folder");
    std::fs::write(folder.path().join("mic.wav"), b"RIFF....WAVEfmt ").expect("wav");
    (onno, rel)
}

#[test]
fn export_then_import_into_an_empty_folder() {
    let (onno, _) = filled();
    let work = tempfile::tempdir().expect("temp dir");
    let archive = work.path().join("all.onno");
    let archive_arg = archive.to_str().expect("utf-8");
    let exported = onno.json(&["export-archive", "--out", archive_arg]);
    assert_eq!(exported["files"], 1);
    assert_eq!(exported["rows"]["meetings"], 1);
    assert!(archive.is_file());

    // Again to the same path: refused, the archive kept.
    let err = onno.fails(&["export-archive", "--out", archive_arg], 1);
    assert!(err.contains("already there"), "{err}");

    let target = Onno {
        dir: tempfile::tempdir().expect("temp dir"),
    };
    let restored = target.json(&["import-archive", archive_arg]);
    assert_eq!(restored["files"], 1);
    assert_eq!(restored["rows"], exported["rows"]);
    let found = target.json(&["search", "runway"]);
    assert_eq!(found["hits"].as_array().map(Vec::len), Some(1), "{found}");
    assert_eq!(
        std::fs::read(target.data_dir().join("meetings/1/mic.wav")).expect("wav"),
        b"RIFF....WAVEfmt "
    );
    let log = target.json(&["audit"]);
    assert_eq!(log["items"][0]["action"], "import");

    // Into a folder that is no longer empty: refused, exit 1, nothing changed.
    let err = target.fails(&["import-archive", archive_arg], 1);
    assert!(err.contains("not empty"), "{err}");
    // A file that is not an archive.
    let other = work.path().join("notes.txt");
    std::fs::write(&other, b"hello").expect("write");
    let empty = Onno {
        dir: tempfile::tempdir().expect("temp dir"),
    };
    let err = empty.fails(&["import-archive", other.to_str().expect("utf-8")], 1);
    assert!(err.contains("not an Onno archive"), "{err}");
    assert_eq!(
        std::fs::read_dir(empty.data_dir()).expect("dir").count(),
        0,
        "nothing written"
    );
}

#[test]
fn delete_everything_asks_for_yes_then_leaves_only_the_log() {
    let (onno, _) = filled();
    let err = onno.fails(&["delete-everything"], 1);
    assert!(err.contains("nothing was deleted"), "{err}");
    assert!(
        err.contains("1 meeting, 1 relationship and 1 file"),
        "{err}"
    );
    assert!(err.contains("--yes"), "{err}");
    assert_eq!(onno.json(&["meetings", "list"])["total"], 1);

    let deleted = onno.json(&["delete-everything", "--yes"]);
    assert_eq!(deleted["rows"]["meetings"], 1);
    assert_eq!(deleted["files"], 1);
    assert_eq!(onno.json(&["meetings", "list"])["total"], 0);
    assert_eq!(onno.json(&["relationships", "list"])["total"], 0);
    assert_eq!(
        onno.json(&["search", "runway"])["hits"],
        serde_json::json!([])
    );
    assert!(!onno.data_dir().join("meetings").exists());

    let log = onno.json(&["audit", "--limit", "2"]);
    assert_eq!(log["items"][0]["resource"], "everything/files");
    assert_eq!(log["items"][1]["resource"], "everything");
    let text = onno.text(&["audit"]);
    assert!(text.starts_with("ID  AT (UTC)"), "{text}");
    assert!(text.contains("everything/files"), "{text}");
}

#[test]
fn a_relationship_is_deleted_with_yes_and_audited() {
    let (onno, rel) = filled();
    let id = rel.to_string();
    let err = onno.fails(&["relationships", "delete", &id], 1);
    assert!(err.contains("--yes"), "{err}");
    assert_eq!(onno.json(&["relationships", "list"])["total"], 1);

    let deleted = onno.json(&["relationships", "delete", &id, "--yes"]);
    assert_eq!(deleted["deleted"], "relationship");
    onno.fails(&["relationships", "show", &id], 3);
    onno.fails(&["relationships", "delete", &id, "--yes"], 3);
    // Its meeting stays, unlinked.
    assert_eq!(onno.json(&["meetings", "list"])["total"], 1);
    let log = onno.json(&["audit"]);
    assert_eq!(log["items"][0]["resource"], format!("relationship/{id}"));
}

#[test]
fn deleting_a_meeting_is_audited_and_takes_its_folder() {
    let (onno, _) = filled();
    onno.json(&["meetings", "delete", "1", "--yes"]);
    assert!(!onno.data_dir().join("meetings/1").exists());
    assert_eq!(
        onno.json(&["search", "runway"])["hits"],
        serde_json::json!([])
    );
    let log = onno.json(&["audit"]);
    assert_eq!(log["items"][0]["resource"], "meeting/1");
}
