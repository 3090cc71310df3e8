use onno_store::{AudioRetention, Page, SegmentSource};

use crate::{meeting, segment, test_store};

/// A finished meeting with one recording on disk.
fn recorded(s: &onno_store::Store, title: &str, started_at: &str) -> (i64, std::path::PathBuf) {
    let id = meeting(s, title, started_at);
    let relative = format!("meetings/{id}/mic.wav");
    let path = s.data_dir().join(&relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, b"RIFF").unwrap();
    s.set_meeting_audio_paths(id, &[relative]).unwrap();
    s.add_segment(&segment(id, SegmentSource::Me, 0, "kept words"))
        .unwrap();
    s.end_meeting(id, started_at).unwrap();
    (id, path)
}

#[test]
fn recordings_past_the_retention_go_and_transcripts_stay() {
    let s = test_store();
    let (old, old_file) = recorded(&s, "Old", "2026-08-01T10:00:00Z");
    let (recent, recent_file) = recorded(&s, "Recent", "2026-11-01T10:00:00Z");
    let now = "2026-11-21T10:00:00Z";

    // Keep is the default: nothing goes.
    assert_eq!(s.audio_retention().unwrap(), AudioRetention::Keep);
    assert_eq!(s.apply_audio_retention(now).unwrap(), 0);
    assert!(old_file.exists());

    s.set_audio_retention("30".parse().unwrap()).unwrap();
    assert_eq!(s.apply_audio_retention(now).unwrap(), 1);
    assert!(!old_file.exists() && recent_file.exists());
    assert!(s.meeting(old).unwrap().audio_paths.is_empty());
    assert_eq!(s.meeting(recent).unwrap().audio_paths.len(), 1);
    assert_eq!(s.segments(old, Page::new(10, 0)).unwrap().total, 1);
    // Applying again finds nothing more.
    assert_eq!(s.apply_audio_retention(now).unwrap(), 0);
    assert!("45".parse::<AudioRetention>().is_err());
}

#[test]
fn a_meeting_still_recording_keeps_its_audio() {
    let s = test_store();
    let id = meeting(&s, "Running", "2026-01-01T10:00:00Z");
    s.set_meeting_audio_paths(id, &[format!("meetings/{id}/mic.wav")])
        .unwrap();
    s.set_audio_retention(AudioRetention::Days30).unwrap();
    assert_eq!(s.apply_audio_retention("2026-11-21T10:00:00Z").unwrap(), 0);
    assert_eq!(s.meeting(id).unwrap().audio_paths.len(), 1);
}
