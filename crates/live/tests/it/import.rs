//! Recordings made elsewhere, imported as meetings: linked as asked, or nothing stored.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use onno_live::{LiveError, import_audio};
use onno_store::{
    MeetingFilter, MeetingStatus, MeetingType, NewMeeting, NewRelationship, Page, RelationshipType,
    SegmentSource, Store,
};
use onno_test_support::audio::espeak;
use onno_transcribe::{FileOptions, TranscribeError};

use crate::meeting::engine;

fn meetings(store: &Store) -> u64 {
    store
        .list_meetings(&MeetingFilter::default(), Page::new(10, 0))
        .unwrap()
        .total
}

fn options() -> FileOptions {
    let mut options = FileOptions::default();
    // Keep the random model's decoding short: it never emits end-of-text.
    options.asr.max_tokens_per_second = 4.0;
    options
}

#[test]
fn an_audio_file_becomes_a_meeting_of_the_relationship_and_type_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let acme = store
        .create_relationship(&NewRelationship::new("Acme AI", RelationshipType::Deal))
        .unwrap();
    let speech = espeak(
        "Our monthly revenue grew ten percent last quarter.",
        &dir.path().join("call.wav"),
    );
    let mut new = NewMeeting::new("Acme call", MeetingType::Sales, "2026-11-02T10:00:00Z");
    new.relationship_id = Some(acme.id);
    let mut updates = 0;
    let meeting = import_audio(
        &store,
        &speech.path,
        &new,
        engine().as_mut(),
        &options(),
        &mut |_| updates += 1,
    )
    .unwrap();
    assert!(updates > 0, "progress was reported");
    assert_eq!(meeting.relationship_id, Some(acme.id));
    assert_eq!(meeting.kind, MeetingType::Sales);
    assert_eq!(meeting.status, MeetingStatus::Completed);
    let transcript = store.transcript(meeting.id).unwrap();
    assert!(!transcript.is_empty());
    assert!(
        transcript
            .iter()
            .all(|s| s.source == SegmentSource::File && s.is_final)
    );
    let filter = MeetingFilter {
        relationship_id: Some(acme.id),
        ..MeetingFilter::default()
    };
    let listed = store.list_meetings(&filter, Page::new(10, 0)).unwrap();
    assert_eq!(listed.items[0].id, meeting.id);
}

#[test]
fn a_broken_or_cancelled_import_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let new = NewMeeting::new("Call", MeetingType::General, "2026-11-02T10:00:00Z");
    let broken = dir.path().join("broken.mp3");
    std::fs::write(&broken, b"ID3 this is not audio at all").unwrap();
    let err = import_audio(
        &store,
        &broken,
        &new,
        engine().as_mut(),
        &options(),
        &mut |_| {},
    )
    .unwrap_err();
    assert!(
        matches!(err, LiveError::Transcribe(TranscribeError::Audio(_))),
        "{err:?}"
    );

    let speech = espeak("Pricing comes next week.", &dir.path().join("call.wav"));
    let cancel = Arc::new(AtomicBool::new(false));
    let mut cancelling = options();
    cancelling.cancel = Some(cancel.clone());
    let err = import_audio(
        &store,
        &speech.path,
        &new,
        engine().as_mut(),
        &cancelling,
        &mut |_| cancel.store(true, Ordering::Relaxed),
    )
    .unwrap_err();
    assert!(
        matches!(err, LiveError::Transcribe(TranscribeError::Cancelled)),
        "{err:?}"
    );
    assert_eq!(meetings(&store), 0, "nothing half-imported");
}
