use std::fs;

use onno_app::{AppErrorKind, AppState, Startup};
use onno_store::{DATABASE_FILE_NAME, DataDir, LATEST_SCHEMA_VERSION};

#[test]
fn a_fresh_folder_opens_ready() {
    let dir = tempfile::tempdir().unwrap();
    let state = AppState::open(Ok(DataDir::new(dir.path().join("nested"))));
    assert!(matches!(state.startup(), Startup::Ready { .. }));
    state.store().unwrap().profile().unwrap();
}

#[test]
fn a_damaged_file_is_reported_then_moved_aside_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(DATABASE_FILE_NAME);
    let garbage = "this is not a database, but it is somebody's file ".repeat(200);
    fs::write(&db, &garbage).unwrap();

    let state = AppState::open(Ok(DataDir::new(dir.path())));
    match state.startup() {
        Startup::Corrupt { db_path, .. } => assert_eq!(db_path, db.display().to_string()),
        other => panic!("expected a corrupt start-up, got {other:?}"),
    }
    assert_eq!(state.store().err().unwrap().kind, AppErrorKind::NotOpen);

    let fresh = state.start_fresh().unwrap();
    assert!(matches!(fresh.startup, Startup::Ready { .. }));
    assert_eq!(
        fs::read_to_string(&fresh.moved_to).unwrap(),
        garbage,
        "the old file is kept"
    );
    state.store().unwrap().profile().unwrap();

    let again = state.start_fresh().unwrap_err();
    assert_eq!(
        again.kind,
        AppErrorKind::Invalid,
        "a healthy database is never moved"
    );
}

#[test]
fn a_newer_database_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(DATABASE_FILE_NAME);
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.pragma_update(None, "user_version", LATEST_SCHEMA_VERSION + 1)
            .unwrap();
    }
    let before = fs::read(&db).unwrap();

    let state = AppState::open(Ok(DataDir::new(dir.path())));
    match state.startup() {
        Startup::NewerVersion {
            found, supported, ..
        } => {
            assert_eq!(found, LATEST_SCHEMA_VERSION + 1);
            assert_eq!(supported, LATEST_SCHEMA_VERSION);
        }
        other => panic!("expected a newer-version refusal, got {other:?}"),
    }
    assert_eq!(state.start_fresh().unwrap_err().kind, AppErrorKind::Invalid);
    assert_eq!(fs::read(&db).unwrap(), before);
}

#[test]
fn no_data_folder_is_a_readable_failure() {
    let state = AppState::open(Err("no home folder".to_owned()));
    match state.startup() {
        Startup::Failed { message } => assert_eq!(message, "no home folder"),
        other => panic!("expected a failure, got {other:?}"),
    }
}
