//! What the live view's meters and health line are made of: per-source levels a few
//! times a second, and how far the text lags behind the speech.

use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use onno_audio::Level;
use onno_live::{LEVELS_PER_SECOND, LiveEvent, LiveMeeting, SourceLevel};
use onno_store::{SegmentSource, Store};
use onno_test_support::audio::espeak;
use onno_test_support::pulse::{self, MEET_SINK};

use crate::meeting::{config, engine};

/// Each `Levels` event with when it arrived.
fn levels_of(events: &[(Instant, LiveEvent)]) -> Vec<(Instant, &[SourceLevel])> {
    events
        .iter()
        .filter_map(|(at, e)| match e {
            LiveEvent::Levels { levels } => Some((*at, levels.as_slice())),
            _ => None,
        })
        .collect()
}

fn loudest(levels: &[(Instant, &[SourceLevel])], source: SegmentSource) -> f32 {
    levels
        .iter()
        .flat_map(|(_, l)| l.iter())
        .filter(|l| l.source == source)
        .map(|l| l.level.rms_db)
        .fold(Level::FLOOR, f32::max)
}

#[test]
fn meters_move_with_speech_at_a_bounded_rate_and_every_line_says_its_lag() {
    let _server = pulse::exclusive();
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(dir.path()).unwrap());
    let them = espeak(
        "The new plan costs twelve thousand dollars a month.",
        &dir.path().join("them.wav"),
    );
    let (tx, rx) = mpsc::channel();
    let live = LiveMeeting::start(store, engine(), config(), tx).unwrap();
    // The window's side: each event stamped as it arrives.
    let collector = std::thread::spawn(move || {
        let mut seen = Vec::new();
        while let Ok(event) = rx.recv() {
            seen.push((Instant::now(), event));
        }
        seen
    });
    std::thread::sleep(Duration::from_millis(1_200));
    let quiet_until = Instant::now();
    pulse::play_to_end(MEET_SINK, &them.path);
    std::thread::sleep(Duration::from_millis(1_500));
    live.stop().unwrap();
    let events = collector.join().unwrap();
    let levels = levels_of(&events);

    // Before the speech, the call's meter rests low; while it plays, it moves up.
    let before: Vec<_> = levels
        .iter()
        .filter(|(at, _)| *at < quiet_until)
        .copied()
        .collect();
    let quiet = loudest(&before, SegmentSource::Them);
    let speaking = loudest(&levels, SegmentSource::Them);
    assert!(!before.is_empty(), "no levels before the speech");
    assert!(quiet < -60.0, "the silent call reads {quiet} dB");
    assert!(
        speaking > -35.0,
        "the call's speech reads only {speaking} dB"
    );
    assert!(
        speaking - quiet > 30.0,
        "{quiet} dB silent, {speaking} dB speaking"
    );
    // Both sources have a meter.
    assert!(
        levels
            .iter()
            .any(|(_, l)| l.iter().any(|l| l.source == SegmentSource::Me)),
        "no microphone levels"
    );
    // Never more than the rate the window is promised (a little slack for the
    // channel delivering two in a burst after a stall), and the meters keep moving
    // (the floor is low: a loaded machine starves the router, and a meter may slow).
    let span = levels.last().unwrap().0 - levels[0].0;
    let most = (span.as_secs_f64() * f64::from(LEVELS_PER_SECOND)).ceil() as usize + 2;
    assert!(
        levels.len() <= most && levels.len() >= most / 10,
        "{} levels events in {span:?}",
        levels.len()
    );

    // Every committed line and every tentative text says how far behind speech it is:
    // more than nothing, and no more than the time since the speech began to play (a
    // lag measured from the wrong moment, such as the meeting's start, would be more).
    let lags: Vec<(Instant, u32)> = events
        .iter()
        .filter_map(|(at, e)| match e {
            LiveEvent::Segment { lag_ms, .. } => Some((*at, lag_ms.unwrap())),
            LiveEvent::Tentative { lag_ms, .. } => Some((*at, *lag_ms)),
            _ => None,
        })
        .collect();
    assert!(!lags.is_empty(), "no text at all");
    for (at, lag) in &lags {
        let since_speech = at.duration_since(quiet_until).as_millis() as u32;
        assert!(
            *lag > 0 && *lag <= since_speech + 50,
            "a lag of {lag} ms shown {since_speech} ms after the speech began"
        );
    }
}
