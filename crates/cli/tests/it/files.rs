use std::path::PathBuf;

use serde_json::json;

use crate::Onno;

fn relationship(onno: &Onno) -> i64 {
    onno.json(&["relationships", "add", "Acme AI", "--type", "deal"])["id"]
        .as_i64()
        .expect("relationship id")
}

fn file(onno: &Onno, name: &str, bytes: &[u8]) -> PathBuf {
    let folder = onno.data_dir().join("outside");
    std::fs::create_dir_all(&folder).expect("folder");
    let path = folder.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

#[test]
fn files_are_added_listed_searched_opened_and_removed() {
    let onno = Onno::empty();
    let id = relationship(&onno);
    let id_arg = id.to_string();
    let notes = file(
        &onno,
        "notes.md",
        "# Acme 실사 메모\n\n세무 자동화 플랫폼\nMRR is $50K\n런웨이 18개월\n".as_bytes(),
    );
    let kpi = file(&onno, "kpi.csv", b"metric,value\nchurn,3%\n");
    let added = onno.json(&[
        "relationships",
        "files",
        "add",
        &id_arg,
        notes.to_str().unwrap(),
        kpi.to_str().unwrap(),
        "--tag",
        "diligence",
    ]);
    let added = added.as_array().expect("one entry per file");
    assert_eq!(added.len(), 2);
    assert_eq!(added[0]["file"]["name"], "notes.md");
    assert_eq!(added[0]["file"]["category"], "pitch_deck");
    assert_eq!(added[1]["file"]["category"], "financial");
    assert_eq!(added[0]["file"]["tags"], json!(["diligence"]));
    assert_eq!(added[0]["parts"], 1);
    let sources: Vec<(&str, &str)> = added[0]["facts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["key"].as_str().unwrap(), f["source"].as_str().unwrap()))
        .collect();
    assert_eq!(sources, [("mrr", "notes.md"), ("runway", "notes.md")]);
    assert_eq!(added[0]["facts"][0]["confidence"], "unverified");
    let file_id = added[0]["file"]["id"].as_i64().unwrap();
    let file_arg = file_id.to_string();

    // Again: nothing new.
    let again = onno.json(&[
        "relationships",
        "files",
        "add",
        &id_arg,
        notes.to_str().unwrap(),
    ]);
    assert_eq!(again[0]["already_attached"], true);
    assert_eq!(again[0]["facts"], json!([]));
    let text = onno.text(&[
        "relationships",
        "files",
        "add",
        &id_arg,
        notes.to_str().unwrap(),
    ]);
    assert!(
        text.starts_with(&format!("Already attached file {file_id}: notes.md")),
        "{text}"
    );

    let list = onno.json(&["relationships", "files", "list", &id_arg]);
    assert_eq!(list.as_array().unwrap().len(), 2);
    let table = onno.text(&["relationships", "files", "list", &id_arg]);
    assert!(table.starts_with("ID  NAME"), "{table}");
    assert!(table.contains("notes.md"), "{table}");

    let hits = onno.json(&["search", "세무"]);
    assert_eq!(hits["total"], 1);
    assert_eq!(hits["hits"][0]["kind"], "file");
    assert_eq!(hits["hits"][0]["id"], file_id);
    assert_eq!(hits["hits"][0]["file_name"], "notes.md");
    let text = onno.text(&["search", "세무"]);
    assert!(
        text.contains(&format!(
            "file {file_id} · notes.md · relationship {id} · Acme AI"
        )),
        "{text}"
    );

    let opened = onno.json(&["relationships", "files", "open", &id_arg, &file_arg]);
    let path = PathBuf::from(opened["path"].as_str().unwrap());
    assert!(path.starts_with(onno.data_dir()));
    assert_eq!(
        std::fs::read(&path).unwrap(),
        std::fs::read(&notes).unwrap()
    );

    // Another relationship's file is not this one's.
    let other = onno.json(&["relationships", "add", "Beta", "--type", "deal"])["id"]
        .as_i64()
        .unwrap()
        .to_string();
    onno.fails(&["relationships", "files", "open", &other, &file_arg], 3);
    onno.fails(
        &[
            "relationships",
            "files",
            "remove",
            &other,
            &file_arg,
            "--yes",
        ],
        3,
    );

    // Without a terminal, removing needs --yes.
    let refused = onno.fails(&["relationships", "files", "remove", &id_arg, &file_arg], 1);
    assert!(refused.contains("--yes"), "{refused}");
    let removed = onno.json(&[
        "relationships",
        "files",
        "remove",
        &id_arg,
        &file_arg,
        "--yes",
    ]);
    assert_eq!(
        removed,
        json!({ "deleted": "relationship_file", "id": file_id })
    );
    assert!(!path.exists());
    assert_eq!(onno.json(&["search", "세무"])["total"], 0);
    assert_eq!(
        onno.json(&["relationships", "files", "list", &id_arg])
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn unreadable_unsupported_and_missing_are_errors_that_store_nothing() {
    let onno = Onno::empty();
    let id = relationship(&onno).to_string();
    let broken = file(&onno, "deck.pdf", b"%PDF-1.7\nnot really a pdf");
    let err = onno.fails(
        &[
            "relationships",
            "files",
            "add",
            &id,
            broken.to_str().unwrap(),
        ],
        1,
    );
    assert!(err.contains("deck.pdf cannot be read"), "{err}");
    let exe = file(&onno, "tool.exe", b"MZ");
    let err = onno.fails(
        &["relationships", "files", "add", &id, exe.to_str().unwrap()],
        1,
    );
    assert!(err.contains("a .exe file is not attached"), "{err}");
    // The first is attached, the second refused: the message says so.
    let good = file(&onno, "a.txt", b"hello");
    let err = onno.fails(
        &[
            "relationships",
            "files",
            "add",
            &id,
            good.to_str().unwrap(),
            exe.to_str().unwrap(),
        ],
        1,
    );
    assert!(err.contains("1 file(s) before it were attached"), "{err}");
    assert_eq!(
        onno.json(&["relationships", "files", "list", &id])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    onno.fails(
        &[
            "relationships",
            "files",
            "add",
            "999",
            good.to_str().unwrap(),
        ],
        3,
    );
    onno.fails(&["relationships", "files", "list", "999"], 3);
    onno.fails(&["relationships", "files", "open", &id, "999", "--json"], 3);
}
