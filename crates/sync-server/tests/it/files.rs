//! Recordings and attached files between devices: sealed blobs through the real server
//! on PostgreSQL, the sync client and real data folders. What the person cares about:
//! the recording made on the laptop plays on the desk machine, byte for byte; a device
//! set to fetch on demand fetches only what is asked for; the server holds none of it
//! readable; a file altered on the server is refused, not kept; a transfer killed
//! midway goes on.

use std::path::PathBuf;
use std::time::Duration;

use onno_secrets::Secrets;
use onno_store::{FileCategory, NewRelationshipFile, SegmentSource, Store};
use onno_sync::{Device, FETCH_FILES_SETTING, Fetch, FetchFiles, Transfer};

use crate::devices::{devices, keychain, killed_after, meeting_with_words, sync};
use crate::support::Fixture;

/// Words the recordings and the file carry, which the server must never hold.
const SPOKEN: &str = "The bridge round closes at forty million won per share";
const WRITTEN: &str = "Term sheet draft: liquidation preference 1x, 투자금 120억";

/// A recording's bytes: a WAV header and `len` bytes of a side's samples, with the
/// spoken words written into it every few kilobytes (what a file carrying speech
/// holds, as far as the server's view of it goes).
fn recording_bytes(len: usize, seed: u8) -> Vec<u8> {
    let mut bytes = b"RIFF\0\0\0\0WAVEfmt ".to_vec();
    let mut state = u32::from(seed) | 1;
    while bytes.len() < len {
        if bytes.len().is_multiple_of(4096) {
            bytes.extend_from_slice(SPOKEN.as_bytes());
        }
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        bytes.push(state as u8);
    }
    bytes.truncate(len);
    bytes
}

/// Ends meeting `meeting` on `store` with a recording of each side; returns them.
fn record(store: &Store, meeting: i64, sizes: [usize; 2]) -> Vec<(PathBuf, Vec<u8>)> {
    let folder = store.layout().meeting(meeting);
    std::fs::create_dir_all(folder.path()).expect("test set-up");
    let mut recorded = Vec::new();
    let mut relative = Vec::new();
    for (n, (side, size)) in [SegmentSource::Me, SegmentSource::Them]
        .into_iter()
        .zip(sizes)
        .enumerate()
    {
        let path = folder.recording(side).expect("test set-up");
        let bytes = recording_bytes(size, n as u8 + 7);
        std::fs::write(store.layout().absolute(&path), &bytes).expect("test set-up");
        recorded.push((PathBuf::from(&path), bytes));
        relative.push(path);
    }
    store
        .set_meeting_audio_paths(meeting, &relative)
        .expect("test set-up");
    store
        .end_meeting(meeting, "2026-12-01T11:00:00Z")
        .expect("test set-up");
    recorded
}

/// A file attached to the meeting's relationship, in the meeting.
fn attach(store: &Store, meeting: i64) -> (i64, Vec<u8>) {
    let relationship = store
        .meeting(meeting)
        .expect("test set-up")
        .relationship_id
        .expect("test set-up");
    let folder = tempfile::tempdir().expect("test set-up");
    let source = folder.path().join("term-sheet.txt");
    let bytes = format!("{WRITTEN}\n").repeat(200).into_bytes();
    std::fs::write(&source, &bytes).expect("test set-up");
    let new = NewRelationshipFile {
        category: FileCategory::Contract,
        tags: Vec::new(),
        description: String::new(),
        meeting_id: Some(meeting),
        extracted_text: None,
    };
    let file = store
        .add_relationship_file(relationship, &source, &new)
        .expect("test set-up");
    (file.id, bytes)
}

async fn transfer(store: &Store, secrets: &Secrets, fetch: Fetch) -> Transfer {
    let device = Device::open(store, secrets).await.expect("open the device");
    device
        .transfer_files(fetch, None, &mut |_| {})
        .await
        .expect("a transfer")
}

/// The meeting on `store` that `other`'s meeting `id` is (the ids are each device's own).
fn same_meeting(other: &Store, id: i64, store: &Store) -> i64 {
    let title = other.meeting(id).expect("test set-up").title;
    store
        .list_meetings(&Default::default(), Default::default())
        .expect("test set-up")
        .items
        .into_iter()
        .find(|m| m.title == title)
        .expect("the meeting arrived")
        .id
}

fn recordings_of(store: &Store, meeting: i64) -> Vec<Vec<u8>> {
    store
        .meeting(meeting)
        .expect("test set-up")
        .audio_paths
        .iter()
        .map(|p| std::fs::read(store.layout().absolute(p)).expect("a recording listed is there"))
        .collect()
}

#[tokio::test]
async fn recordings_and_files_reach_the_other_devices_whole_and_the_server_holds_them_sealed() {
    let fx = Fixture::start(&[]).await;
    let secrets = keychain();
    let stores = devices(&fx.server.base, "hana@example.com", &secrets, 3).await;
    let (laptop, desk, phone) = (&stores[0].store, &stores[1].store, &stores[2].store);
    let meeting = meeting_with_words(laptop);
    // Three chunks and one: the last chunk short, a chunk boundary crossed.
    let recorded = record(laptop, meeting, [9_000_000, 120_000]);
    let (file_id, file_bytes) = attach(laptop, meeting);
    let file_name = laptop.relationship_file(file_id).unwrap().name;

    sync(laptop, &secrets).await;
    let sent = transfer(laptop, &secrets, Fetch::None).await;
    assert_eq!((sent.sent, sent.unsendable), (3, 0), "{sent:?}");
    let again = transfer(laptop, &secrets, Fetch::None).await;
    assert_eq!(again.sent, 0, "what the server holds is not sent twice");

    // The desk machine fetches everything as soon as it is there (the default).
    sync(desk, &secrets).await;
    assert_eq!(FetchFiles::load(desk).unwrap(), FetchFiles::Always);
    let desk_meeting = same_meeting(laptop, meeting, desk);
    assert_eq!(desk.blob_counts().unwrap().to_fetch, 3);
    let fetched = transfer(desk, &secrets, Fetch::All).await;
    assert_eq!((fetched.fetched, fetched.refused), (3, 0), "{fetched:?}");
    let played: Vec<Vec<u8>> = recordings_of(desk, desk_meeting);
    let made: Vec<Vec<u8>> = recorded.iter().map(|(_, b)| b.clone()).collect();
    assert_eq!(
        played, made,
        "both sides' recordings play on the desk, byte for byte"
    );
    let desk_relationship = desk.meeting(desk_meeting).unwrap().relationship_id.unwrap();
    let desk_file = desk
        .relationship_files(desk_relationship)
        .unwrap()
        .into_iter()
        .find(|f| f.name == file_name)
        .expect("the file's row arrived");
    assert_eq!(
        std::fs::read(desk.relationship_file_path(&desk_file)).unwrap(),
        file_bytes,
        "the attached file opens on the desk"
    );
    assert_eq!(desk.blob_counts().unwrap().to_fetch, 0);
    let nothing = transfer(desk, &secrets, Fetch::All).await;
    assert_eq!((nothing.sent, nothing.fetched), (0, 0), "{nothing:?}");
    // Fetching is no edit: the desk has no change of its own to send for it.
    assert_eq!(desk.pending_change_count().unwrap(), 0);

    // The phone fetches on demand: nothing until the meeting is opened.
    phone
        .set_setting(FETCH_FILES_SETTING, &FetchFiles::OnDemand)
        .unwrap();
    sync(phone, &secrets).await;
    let phone_meeting = same_meeting(laptop, meeting, phone);
    let counts = phone.blob_counts().unwrap();
    assert_eq!(
        (counts.to_fetch, counts.fetch_bytes),
        (3, 9_120_000 + file_bytes.len() as u64)
    );
    assert!(phone.meeting(phone_meeting).unwrap().audio_paths.is_empty());
    let asked = transfer(phone, &secrets, Fetch::Meeting(phone_meeting)).await;
    assert_eq!(
        asked.fetched, 3,
        "the meeting's recordings and its file: {asked:?}"
    );
    assert_eq!(recordings_of(phone, phone_meeting), made);

    // The server holds the files only sealed: no word of them, in text or as bytes.
    let dump = fx.db.dump().await;
    for text in [SPOKEN, WRITTEN] {
        assert!(!dump.contains(text), "the server holds {text:?}");
        assert!(
            !dump.contains(&hex::encode(text)),
            "the server holds {text:?} as bytes"
        );
    }
    let sealed: i64 = sqlx::query_scalar("SELECT sum(length(data))::bigint FROM blob_chunks")
        .fetch_one(&fx.db.pool)
        .await
        .unwrap();
    let plain = 9_120_000 + file_bytes.len() as i64;
    assert!(
        (plain..plain + 1_000).contains(&sealed),
        "the server holds each file once, sealed: {sealed} bytes for {plain}"
    );
}

#[tokio::test]
async fn a_file_altered_on_the_server_is_refused_and_the_others_still_arrive() {
    let fx = Fixture::start(&[]).await;
    let secrets = keychain();
    let stores = devices(&fx.server.base, "jun@example.com", &secrets, 2).await;
    let (laptop, desk) = (&stores[0].store, &stores[1].store);
    let meeting = meeting_with_words(laptop);
    record(laptop, meeting, [50_000, 60_000]);
    sync(laptop, &secrets).await;
    transfer(laptop, &secrets, Fetch::None).await;

    // One bit of the smaller recording's only chunk flipped, as a server could.
    let altered = sqlx::query(
        "UPDATE blob_chunks SET data = set_byte(data, 100, get_byte(data, 100) # 1)
         WHERE length(data) < 55000",
    )
    .execute(&fx.db.pool)
    .await
    .unwrap()
    .rows_affected();
    assert_eq!(altered, 1);

    sync(desk, &secrets).await;
    let desk_meeting = same_meeting(laptop, meeting, desk);
    let fetched = transfer(desk, &secrets, Fetch::All).await;
    assert_eq!((fetched.fetched, fetched.refused), (1, 1), "{fetched:?}");
    let kept = desk.meeting(desk_meeting).unwrap().audio_paths;
    assert_eq!(
        kept,
        vec![
            desk.layout()
                .meeting(desk_meeting)
                .recording(SegmentSource::Them)
                .unwrap()
        ]
    );
    let mic = desk.layout().absolute(
        desk.layout()
            .meeting(desk_meeting)
            .recording(SegmentSource::Me)
            .unwrap(),
    );
    assert!(!mic.exists(), "the altered recording is not kept");
    assert!(
        std::fs::read_dir(mic.parent().unwrap()).unwrap().all(|e| !e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with(".partial")),
        "nothing half-written is left"
    );
    // The status tells the user, as it does for altered changes.
    let device = Device::open(desk, &secrets).await.unwrap();
    let carried = device.transfer_files(Fetch::All, None, &mut |_| {}).await;
    onno_sync::record_files(desk, &carried).unwrap();
    let outcome: onno_sync::Outcome = desk
        .setting(onno_sync::OUTCOME_SETTING)
        .unwrap()
        .expect("the status is kept");
    assert_eq!(outcome.refused, 1, "{outcome:?}");
}

#[tokio::test]
async fn transfers_killed_midway_go_on_and_end_with_the_same_bytes() {
    let fx = Fixture::start(&[]).await;
    // The command line keeps its keys under the app's own keychain service.
    let secrets = Secrets::onno();
    let stores = devices(&fx.server.base, "min@example.com", &secrets, 2).await;
    let (laptop, desk) = (&stores[0], &stores[1]);
    let meeting = meeting_with_words(laptop);
    // Ten chunks each way: long enough that a kill lands mid-transfer.
    let recorded = record(laptop, meeting, [40_000_000, 1_000]);
    sync(laptop, &secrets).await;

    let mut cut = 0;
    for attempt in 0..4u64 {
        let after = Duration::from_millis(400 + attempt * 300);
        if !killed_after(laptop._dir.path(), &["sync", "now"], after) {
            cut += 1;
        }
    }
    sync(desk, &secrets).await;
    let desk_meeting = same_meeting(laptop, meeting, desk);
    for attempt in 0..4u64 {
        let after = Duration::from_millis(400 + attempt * 300);
        if !killed_after(desk._dir.path(), &["sync", "fetch"], after) {
            cut += 1;
        }
    }
    assert!(cut >= 2, "the transfers were cut midway only {cut} times");
    // Whatever was left half-done finishes.
    let sent = transfer(laptop, &secrets, Fetch::None).await;
    assert_eq!(sent.unsendable, 0, "{sent:?}");
    let fetched = transfer(desk, &secrets, Fetch::All).await;
    assert_eq!(fetched.refused, 0, "{fetched:?}");
    let made: Vec<Vec<u8>> = recorded.into_iter().map(|(_, b)| b).collect();
    assert_eq!(recordings_of(desk, desk_meeting), made);
    assert_eq!(desk.blob_counts().unwrap().to_fetch, 0);
}
