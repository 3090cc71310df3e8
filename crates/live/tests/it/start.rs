//! A meeting that fails to start leaves nothing behind: no meeting row, no folder, no
//! files, whichever step failed. Each failure is a real one: a device that does not
//! exist, a relationship that does not exist, a file where a folder must go, a
//! database that refuses a write.

use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc;

use onno_live::{LiveConfig, LiveError, LiveMeeting};
use onno_store::{DATABASE_FILE_NAME, Page, Store};
use onno_test_support::pulse;

use crate::meeting::{config, engine};

/// A fresh store's first meeting gets this id, so its folder can be got in the way of.
const FIRST_ID: i64 = 1;

fn start(store: &Arc<Store>, config: LiveConfig) -> LiveError {
    let (tx, _events) = mpsc::channel();
    LiveMeeting::start(store.clone(), engine(), config, tx)
        .err()
        .expect("the start must fail")
}

/// No meeting in the store and no `meetings/<id>/` folder in the data folder.
fn assert_nothing_left(store: &Store, dir: &Path) {
    let meetings = store
        .list_meetings(&Default::default(), Page::new(10, 0))
        .unwrap();
    assert_eq!(
        meetings.total, 0,
        "a meeting was left: {:?}",
        meetings.items
    );
    let folder = dir.join("meetings").join(FIRST_ID.to_string());
    assert!(!folder.exists(), "{} was left", folder.display());
}

/// Makes the database itself refuse one kind of write, as a full disk or a damaged
/// file would: `trigger` is the body of a SQLite trigger that raises an error.
fn store_refusing(dir: &Path, trigger: &str) -> Arc<Store> {
    drop(Store::open(dir).unwrap());
    let conn = rusqlite::Connection::open(dir.join(DATABASE_FILE_NAME)).unwrap();
    conn.execute_batch(trigger).unwrap();
    drop(conn);
    Arc::new(Store::open(dir).unwrap())
}

/// The regression: the row existed when storing the recordings' paths failed, and the
/// meeting stayed, active, with its folder, files and lock.
#[test]
fn a_failure_to_store_the_recordings_paths_leaves_no_meeting() {
    let _server = pulse::exclusive();
    let dir = tempfile::tempdir().unwrap();
    let store = store_refusing(
        dir.path(),
        "CREATE TRIGGER no_audio_paths BEFORE UPDATE OF audio_paths ON meetings
         BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;",
    );
    let err = start(&store, config());
    assert!(matches!(err, LiveError::Store(_)), "{err:?}");
    assert!(err.to_string().contains("disk is full"), "{err}");
    assert_nothing_left(&store, dir.path());
}

#[test]
fn a_meeting_with_a_relationship_that_does_not_exist_is_not_created() {
    let _server = pulse::exclusive();
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(dir.path()).unwrap());
    let mut c = config();
    c.relationship_id = Some(4_242);
    let err = start(&store, c);
    assert!(matches!(err, LiveError::Store(_)), "{err:?}");
    assert_nothing_left(&store, dir.path());
    assert!(!dir.path().join("meetings").exists());
}

#[test]
fn a_file_where_the_meetings_folder_goes_is_an_error_and_leaves_no_meeting() {
    let _server = pulse::exclusive();
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(dir.path()).unwrap());
    let in_the_way = dir.path().join("meetings");
    std::fs::write(&in_the_way, b"not a folder").unwrap();
    let err = start(&store, config());
    assert!(matches!(err, LiveError::Folder(_)), "{err:?}");
    assert_nothing_left(&store, dir.path());
    assert_eq!(
        std::fs::read(&in_the_way).unwrap(),
        b"not a folder",
        "what was there before is not the meeting's to remove"
    );
}

#[test]
fn a_recording_that_cannot_be_created_leaves_no_meeting_folder_or_files() {
    let _server = pulse::exclusive();
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(dir.path()).unwrap());
    // The microphone's recording is created first; the system audio's cannot be,
    // since a folder is where its file goes.
    let folder = dir.path().join("meetings").join(FIRST_ID.to_string());
    std::fs::create_dir_all(folder.join("system.wav")).unwrap();
    let err = start(&store, config());
    assert!(matches!(err, LiveError::Folder(_)), "{err:?}");
    assert_nothing_left(&store, dir.path());
}

#[test]
fn after_a_failed_start_the_next_one_records() {
    let _server = pulse::exclusive();
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(dir.path()).unwrap());
    std::fs::create_dir_all(dir.path().join("meetings/1/mic.wav")).unwrap();
    start(&store, config());
    std::fs::remove_dir_all(dir.path().join("meetings")).ok();

    let (tx, _events) = mpsc::channel();
    let live = LiveMeeting::start(store.clone(), engine(), config(), tx).unwrap();
    let finished = live.stop().unwrap();
    assert_eq!(finished.audio_files.len(), 2);
    assert!(finished.audio_files.iter().all(|f| f.is_file()));
    let meetings = store
        .list_meetings(&Default::default(), Page::new(10, 0))
        .unwrap();
    assert_eq!(meetings.total, 1);
}

/// A voice detector model that is not one (a damaged download, a whisper model in its
/// place) stops the start before anything exists, and says which file it was.
#[test]
fn a_voice_detector_model_that_does_not_load_leaves_no_meeting() {
    let _server = pulse::exclusive();
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(dir.path()).unwrap());
    let broken = dir.path().join("ggml-silero-broken.bin");
    std::fs::write(&broken, b"ggml and then nothing").unwrap();
    let mut c = config();
    c.vad_model = Some(broken);
    let err = start(&store, c);
    assert!(matches!(err, LiveError::Request(_)), "{err:?}");
    assert!(err.to_string().contains("ggml-silero-broken.bin"), "{err}");
    assert_nothing_left(&store, dir.path());
}
