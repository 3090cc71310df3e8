use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use onno_asr::{EngineConfig, ModelConfig, WhisperEngine, WhisperModel};
use onno_live::{LiveConfig, LiveError, LiveEvent, LiveMeeting, StopReason, final_pass};
use onno_store::{MeetingStatus, MeetingType, Page, Segment, SegmentSource, Store};
use onno_test_support::audio::{Speech, espeak};
use onno_test_support::pulse::{self, MEET_SINK, MIC_FEED_SINK};
use onno_test_support::{ModelShape, test_model};
use onno_transcribe::FileOptions;

pub(crate) fn engine() -> Box<WhisperEngine> {
    let model = WhisperModel::load(&test_model(ModelShape::Tiny), &ModelConfig::default()).unwrap();
    Box::new(WhisperEngine::new(model, &EngineConfig::default()).unwrap())
}

pub(crate) fn config() -> LiveConfig {
    let mut c = LiveConfig::new("Standup", MeetingType::General);
    // Keep the random model's decoding short: it never emits end-of-text.
    c.asr.max_tokens_per_second = 4.0;
    c
}

/// Everything a meeting sent until it stopped.
fn drain(events: &Receiver<LiveEvent>) -> Vec<LiveEvent> {
    events.try_iter().collect()
}

pub(crate) fn segments(store: &Store, meeting_id: i64) -> Vec<Segment> {
    store
        .segments(meeting_id, Page::new(Page::MAX_LIMIT, 0))
        .unwrap()
        .items
}

/// Plays `speech` into `sink` and returns its onset in meeting milliseconds.
fn play_at(sink: &str, speech: &Speech, zero: Instant) -> i64 {
    let spawned = Instant::now();
    pulse::play_to_end(sink, &speech.path);
    spawned.duration_since(zero).as_millis() as i64 + speech.onset_ms() as i64
}

#[test]
fn both_sides_are_transcribed_labelled_in_order_and_committed_near_their_onsets() {
    let _server = pulse::exclusive();
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(dir.path()).unwrap());
    let them = espeak(
        "Our monthly revenue grew ten percent last quarter.",
        &dir.path().join("them.wav"),
    );
    let me = espeak(
        "What is your churn and how long is the runway?",
        &dir.path().join("me.wav"),
    );
    let (tx, events) = mpsc::channel();
    let live = LiveMeeting::start(store.clone(), engine(), config(), tx).unwrap();
    let zero = live.started_at();
    std::thread::sleep(Duration::from_millis(300));
    let them_onset = play_at(MEET_SINK, &them, zero);
    std::thread::sleep(Duration::from_millis(800));
    let me_onset = play_at(MIC_FEED_SINK, &me, zero);
    std::thread::sleep(Duration::from_millis(1_500));
    let finished = live.stop().unwrap();
    let shown = drain(&events);

    assert_eq!(finished.reason, StopReason::Requested);
    assert_eq!(finished.meeting.status, MeetingStatus::Completed);
    assert!(finished.meeting.ended_at.is_some());
    let rows = segments(&store, finished.meeting.id);
    let first = |source| {
        rows.iter()
            .find(|s| s.source == source)
            .unwrap_or_else(|| panic!("no {source:?} segment in {rows:?}"))
    };
    let (t, m) = (first(SegmentSource::Them), first(SegmentSource::Me));
    // Where each side's speech is in its recording (which starts at meeting time 0).
    // The player's start-up delay varies with the machine's load, so the recording,
    // not the moment the player was started, says when the words were heard; that it
    // lines up with the player is checked loosely.
    let recording = |source: &str| {
        finished
            .audio_files
            .iter()
            .find(|f| f.ends_with(format!("{source}.wav")))
            .unwrap()
            .clone()
    };
    let heard_at = |source: &str| speech_onset_ms(&recording(source));
    let (them_heard, me_heard) = (heard_at("system"), heard_at("mic"));
    for (heard, played) in [(them_heard, them_onset), (me_heard, me_onset)] {
        assert!(
            heard + 100 >= played && heard <= played + 1_500,
            "heard at {heard} ms in the recording, played from {played} ms"
        );
    }
    assert!(
        t.start_ms.abs_diff(them_heard) <= 300,
        "them at {} ms, heard at {them_heard} ms",
        t.start_ms
    );
    assert!(
        m.start_ms.abs_diff(me_heard) <= 300,
        "me at {} ms, heard at {me_heard} ms",
        m.start_ms
    );
    // Each side's lines reach where its speech was heard to end: how much was said is
    // read from their spans.
    for (source, file) in [(SegmentSource::Them, "system"), (SegmentSource::Me, "mic")] {
        let ends = rows.iter().filter(|s| s.source == source).map(|s| s.end_ms);
        let (last, silent) = (ends.max().unwrap(), speech_end_ms(&recording(file)));
        assert!(
            last + 300 >= silent,
            "{source:?} lines end at {last} ms, its speech at {silent} ms"
        );
    }
    assert!(
        rows.windows(2).all(|w| w[0].start_ms <= w[1].start_ms),
        "{rows:?}"
    );
    // Live text, until a final pass replaces it.
    assert!(rows.iter().all(|s| !s.is_final && !s.text.is_empty()));
    // Every segment shown was the committed row, and every row was shown.
    let shown_ids: Vec<i64> = shown
        .iter()
        .filter_map(|e| match e {
            LiveEvent::Segment { segment, .. } => Some(segment.id),
            _ => None,
        })
        .collect();
    let mut row_ids: Vec<i64> = rows.iter().map(|s| s.id).collect();
    let mut sorted_shown = shown_ids.clone();
    sorted_shown.sort();
    row_ids.sort();
    assert_eq!(sorted_shown, row_ids);
    // Both recordings hold the meeting, from meeting time 0.
    assert_eq!(finished.audio_files.len(), 2);
    let length = finished.meeting.duration_ms.unwrap() as f64 / 1000.0;
    for file in &finished.audio_files {
        let seconds = wav_seconds(file);
        assert!(
            seconds > (me_onset as f64 / 1000.0),
            "{} holds {seconds} s",
            file.display()
        );
        assert!(
            (seconds - length).abs() < 1.5,
            "{seconds} s of audio for a {length} s meeting"
        );
    }

    // The final pass replaces the live text with text from the whole recordings.
    let mut engine = engine();
    let mut heard = Vec::new();
    let pass = final_pass(
        &store,
        finished.meeting.id,
        engine.as_mut(),
        &FileOptions::default(),
        &mut |source, _| heard.push(source),
    )
    .unwrap();
    let after = segments(&store, finished.meeting.id);
    assert!(after.iter().all(|s| s.is_final), "{after:?}");
    assert_eq!(pass.files.len(), 2);
    assert!(heard.contains(&SegmentSource::Me) && heard.contains(&SegmentSource::Them));
    assert_eq!(after.len(), pass.added + pass.kept);
    assert!(pass.added > 0 && pass.replaced > 0, "{pass:?}");
    for source in [SegmentSource::Me, SegmentSource::Them] {
        assert!(
            after.iter().any(|s| s.source == source),
            "{source:?} lost in {after:?}"
        );
    }
}

#[test]
fn the_call_heard_through_the_microphone_is_not_transcribed_as_me() {
    let _server = pulse::exclusive();
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(dir.path()).unwrap());
    let them = espeak(
        "We closed three new enterprise customers and the pipeline doubled since spring.",
        &dir.path().join("them.wav"),
    );
    // The room: the mic hears the speakers 12 dB down, 40 ms late.
    let bleed = them.echo(40, -12.0, &dir.path().join("bleed.wav")).unwrap();
    let (tx, events) = mpsc::channel();
    let live = LiveMeeting::start(store.clone(), engine(), config(), tx).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let speakers = pulse::play(MEET_SINK, &them.path);
    pulse::play_to_end(MIC_FEED_SINK, &bleed.path);
    let _ = { speakers }.wait();
    std::thread::sleep(Duration::from_millis(1_500));
    let finished = live.stop().unwrap();
    let shown = drain(&events);
    let rows = segments(&store, finished.meeting.id);
    assert!(
        rows.iter().any(|s| s.source == SegmentSource::Them),
        "{rows:?}"
    );
    assert!(
        rows.iter().all(|s| s.source != SegmentSource::Me),
        "the echo became 'me' lines: {rows:?}"
    );
    assert!(
        shown
            .iter()
            .any(|e| matches!(e, LiveEvent::EchoSuppressed { .. }))
    );

    // The final pass hears the echo in mic.wav too, and drops it the same way.
    let mut engine = engine();
    let options = FileOptions::default();
    let pass = final_pass(
        &store,
        finished.meeting.id,
        engine.as_mut(),
        &options,
        &mut |_, _| {},
    );
    let after = segments(&store, finished.meeting.id);
    assert!(
        after.iter().all(|s| s.source != SegmentSource::Me),
        "{after:?} ({pass:?})"
    );
}

#[test]
fn the_audio_server_restarting_mid_meeting_leaves_a_marked_gap_and_capture_resumes() {
    let _server = pulse::exclusive();
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(dir.path()).unwrap());
    let them = espeak("First part of the call.", &dir.path().join("a.wav"));
    let later = espeak("And this is after the restart.", &dir.path().join("b.wav"));
    let (tx, events) = mpsc::channel();
    let live = LiveMeeting::start(store.clone(), engine(), config(), tx).unwrap();
    let zero = live.started_at();
    pulse::play_to_end(MEET_SINK, &them.path);
    pulse::restart_server();
    // Reconnection within a few seconds, then speech again.
    let deadline = Instant::now() + Duration::from_secs(8);
    let mut seen = Vec::new();
    while Instant::now() < deadline {
        if let Ok(e) = events.recv_timeout(Duration::from_millis(200)) {
            seen.push(e);
        }
        let reopened = seen
            .iter()
            .filter(|e| matches!(e, LiveEvent::DeviceOpened { .. }))
            .count();
        if reopened >= 4 {
            break;
        }
    }
    let after_onset = play_at(MEET_SINK, &later, zero);
    std::thread::sleep(Duration::from_millis(1_500));
    let finished = live.stop().unwrap();
    seen.extend(drain(&events));
    let lost = seen
        .iter()
        .filter(|e| matches!(e, LiveEvent::DeviceLost { .. }))
        .count();
    let gaps = seen
        .iter()
        .filter(|e| matches!(e, LiveEvent::Gap { .. }))
        .count();
    assert!(lost >= 2, "both sources should notice: {seen:?}");
    assert!(gaps >= 1, "the gap is marked: {seen:?}");
    let rows = segments(&store, finished.meeting.id);
    assert!(
        rows.iter()
            .any(|s| s.source == SegmentSource::Them && s.start_ms >= after_onset - 300),
        "speech after the restart is transcribed: {rows:?} (spoken at {after_onset} ms)"
    );
    assert_eq!(finished.meeting.status, MeetingStatus::Completed);
}

#[test]
fn silence_on_both_sides_ends_the_meeting_by_itself() {
    let _server = pulse::exclusive();
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(dir.path()).unwrap());
    let mut c = config();
    c.silence_stop = Some(Duration::from_secs(2));
    let (tx, events) = mpsc::channel();
    let live = LiveMeeting::start(store.clone(), engine(), c, tx).unwrap();
    let stopped = events
        .iter()
        .find_map(|e| match e {
            LiveEvent::Stopped { reason } => Some(reason),
            _ => None,
        })
        .unwrap();
    assert_eq!(stopped, StopReason::Silence);
    let finished = live.stop().unwrap();
    assert_eq!(finished.reason, StopReason::Silence);
    assert_eq!(finished.meeting.status, MeetingStatus::Completed);
    let seconds = finished.meeting.duration_ms.unwrap() / 1000;
    assert!((2..=4).contains(&seconds), "{seconds} s");
}

#[test]
fn a_device_that_does_not_exist_is_a_clear_error_and_leaves_no_meeting() {
    let _server = pulse::exclusive();
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(dir.path()).unwrap());
    let mut c = config();
    if let Some(mic) = c.mic.as_mut() {
        mic.device = Some("Headset that is not plugged in".into());
    }
    let (tx, _events) = mpsc::channel();
    let err = LiveMeeting::start(store.clone(), engine(), c, tx)
        .err()
        .unwrap();
    assert!(matches!(err, LiveError::Capture(_)), "{err:?}");
    assert!(
        err.to_string().contains("Headset that is not plugged in"),
        "{err}"
    );
    let meetings = store
        .list_meetings(&Default::default(), Page::new(10, 0))
        .unwrap();
    assert_eq!(meetings.total, 0);
}

/// Where speech starts in a recording: its first sample over -34 dBFS, in ms.
fn speech_onset_ms(path: &Path) -> i64 {
    let mut stream = onno_audio::Decoder::open(path).unwrap();
    let mut index = 0usize;
    while let Some(frame) = stream.next_frame() {
        let samples = frame.unwrap().samples;
        if let Some(i) = samples.iter().position(|v| v.abs() > 0.02) {
            return ((index + i) / 16) as i64;
        }
        index += samples.len();
    }
    panic!("no speech in {}", path.display());
}

/// Where the last loud sample of a recording is, in milliseconds.
fn speech_end_ms(path: &Path) -> i64 {
    let mut stream = onno_audio::Decoder::open(path).unwrap();
    let (mut index, mut last) = (0usize, None);
    while let Some(frame) = stream.next_frame() {
        let samples = frame.unwrap().samples;
        if let Some(i) = samples.iter().rposition(|v| v.abs() > 0.02) {
            last = Some(index + i);
        }
        index += samples.len();
    }
    (last.unwrap_or_else(|| panic!("no speech in {}", path.display())) / 16) as i64
}

/// The audio length a WAV file's header states.
fn wav_seconds(path: &Path) -> f64 {
    let bytes = std::fs::read(path).unwrap();
    let data = u32::from_le_bytes([bytes[40], bytes[41], bytes[42], bytes[43]]);
    f64::from(data) / 2.0 / 16_000.0
}
