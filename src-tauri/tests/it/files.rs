//! A file the window cannot attach reaches it as an error kind with the file's name, for
//! a sentence in the user's language, and leaves nothing stored: real files, attached
//! the way `add_relationship_file` does (the command itself needs a running app).

use onno_app::{AppError, AppErrorKind};
use onno_store::{NewRelationship, NewRelationshipFile, RelationshipType, Store};

fn refused(store: &Store, id: i64, path: &std::path::Path) -> AppError {
    let input = NewRelationshipFile {
        category: onno_files::default_category(path),
        tags: vec![],
        description: String::new(),
        meeting_id: None,
        extracted_text: None,
    };
    onno_files::attach(store, id, path, &input)
        .expect_err("the file is refused")
        .into()
}

#[test]
fn a_refused_file_is_named_by_its_kind_and_nothing_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("data")).unwrap();
    let id = store
        .create_relationship(&NewRelationship::new("Acme", RelationshipType::Deal))
        .unwrap()
        .id;

    // Over the limit: a sparse file, refused before it is read.
    let big = dir.path().join("big.pdf");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(onno_files::MAX_FILE_BYTES + 1)
        .unwrap();
    let damaged = dir.path().join("broken.pdf");
    std::fs::write(&damaged, b"%PDF-1.4\nnot really a PDF\n").unwrap();
    let old = dir.path().join("memo.doc");
    std::fs::write(&old, b"old Word").unwrap();

    for (path, kind) in [
        (&big, AppErrorKind::FileTooLarge),
        (&damaged, AppErrorKind::FileDamaged),
        (&old, AppErrorKind::FileUnsupported),
    ] {
        let error = refused(&store, id, path);
        let name = path.file_name().unwrap().to_string_lossy();
        assert_eq!(error.kind, kind, "{error:?}");
        assert_eq!(error.subject.as_deref(), Some(name.as_ref()));
    }
    assert!(store.listed_relationship_files(id).unwrap().is_empty());
    let folder = dir
        .path()
        .join("data")
        .join(onno_store::DataDir::relationship_files(id));
    let stored = walk(&folder);
    assert!(stored.is_empty(), "no copy left behind: {stored:?}");

    // A relationship deleted meanwhile is the store's "not found".
    let fine = dir.path().join("notes.txt");
    std::fs::write(&fine, "notes").unwrap();
    let error = refused(&store, id + 1, &fine);
    assert_eq!(error.kind, AppErrorKind::NotFound);
    assert_eq!(error.subject.as_deref(), Some("relationship"));
}

/// Every file under `dir` (none when it does not exist).
fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return vec![];
    };
    entries
        .flatten()
        .flat_map(|e| {
            let path = e.path();
            if path.is_dir() {
                walk(&path)
            } else {
                vec![path]
            }
        })
        .collect()
}
