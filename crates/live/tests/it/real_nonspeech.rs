//! Live meetings in each language setting (auto, ko, en) on the real multilingual base
//! model with the real Silero model installed, all three listening to the same call at
//! once: noise and music played into the call's PulseAudio device at a level the energy
//! detector takes for speech (it never ends an utterance in the brown noise, the typing
//! or the music) give no line and cost whisper next to no decoding, because Silero finds
//! the speech and judges each piece before whisper sees it; speech after them (a real
//! person's Korean sentence, then a real person's English) still becomes lines. The
//! final pass, finding the speech in the recording with Silero, keeps it that way.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use onno_asr::{EngineConfig, Language, ModelConfig, WhisperEngine, WhisperModel};
use onno_live::{LiveConfig, LiveEvent, LiveMeeting, final_pass, final_pass_options};
use onno_store::{MeetingType, Store};
use onno_test_support::audio::write_wav;
use onno_test_support::noise::{Noise, noise};
use onno_test_support::pulse::{self, MEET_SINK};
use onno_test_support::speech_models::{SpeechModels, speech_models};

use super::real_language::hangul;

/// Each sound's length, and its level: a loud room, 20 dB over what the detector
/// calls silence.
const SECONDS: f32 = 4.0;
const DBFS: f32 = -30.0;

/// The language settings a user can pick, each a meeting of its own.
const SETTINGS: [&str; 3] = ["auto", "ko", "en"];

/// One meeting listening to the call, with what it needs to be judged.
struct Listener {
    setting: &'static str,
    live: LiveMeeting,
    store: Arc<Store>,
    events: Receiver<LiveEvent>,
    _dir: tempfile::TempDir,
}

fn speech_clip(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../asr/tests/data/speech/{name}"))
}

fn listen(models: &SpeechModels, setting: &'static str) -> Listener {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(dir.path()).unwrap());
    let mut config = LiveConfig::new("Noisy call", MeetingType::InvestmentScreening);
    config.mic = None;
    config.asr.language = setting.parse::<Language>().unwrap();
    config.vad_model = Some(models.silero());
    let model = WhisperModel::load(&models.whisper_base(), &ModelConfig::default()).unwrap();
    let engine = Box::new(WhisperEngine::new(model, &EngineConfig::default()).unwrap());
    let (tx, events) = mpsc::channel();
    let live = LiveMeeting::start(store.clone(), engine, config, tx).unwrap();
    Listener {
        setting,
        live,
        store,
        events,
        _dir: dir,
    }
}

#[test]
fn noise_and_music_in_a_live_meeting_give_no_lines_and_speech_after_them_does() {
    let Some(models) = speech_models() else {
        return;
    };
    let _pulse = pulse::exclusive();
    let dir = tempfile::tempdir().unwrap();
    let sounds: Vec<f32> = Noise::ALL
        .iter()
        .enumerate()
        .flat_map(|(seed, kind)| noise(*kind, SECONDS, DBFS, seed as u64 + 7))
        .collect();
    let sounds_wav = dir.path().join("sounds.wav");
    write_wav(&sounds_wav, &sounds, 16_000).unwrap();

    let listeners: Vec<Listener> = SETTINGS.iter().map(|s| listen(&models, s)).collect();
    std::thread::sleep(Duration::from_millis(300));
    pulse::play_to_end(MEET_SINK, &sounds_wav);
    let sounds_end = Instant::now();
    // A real person's Korean ("그는 이리저리 피하면서 길 한 옆으로 걸어갔다."), a pause,
    // and a real person's English ("... ask not what your country can do for you ...").
    pulse::play_to_end(MEET_SINK, &speech_clip("ko_sentence.wav"));
    std::thread::sleep(Duration::from_millis(1_500));
    let english_from = Instant::now();
    pulse::play_to_end(MEET_SINK, &speech_clip("jfk.wav"));

    // Until every meeting has a line of the English, or long enough for two slow cores
    // running three meetings to catch up.
    let deadline = Instant::now() + Duration::from_secs(300);
    let mut problems = Vec::new();
    for l in &listeners {
        let english_ms = english_from.duration_since(l.live.started_at()).as_millis() as i64;
        while Instant::now() < deadline
            && !l
                .store
                .transcript(l.live.meeting_id())
                .unwrap()
                .iter()
                .any(|s| s.end_ms > english_ms)
        {
            std::thread::sleep(Duration::from_millis(500));
        }
    }
    for l in listeners {
        problems.extend(l.events.try_iter().filter_map(|e| match e {
            LiveEvent::Problem { problem } => Some(format!("{}: {problem}", l.setting)),
            _ => None,
        }));
        let sounds_end_ms = sounds_end.duration_since(l.live.started_at()).as_millis() as i64;
        let id = l.live.meeting_id();
        let not_speech = l.live.latencies().not_speech.load(Ordering::Relaxed);
        let calls = l.live.latencies().calls.load(Ordering::Relaxed);
        l.live.stop().unwrap();
        let pass = format!("live, {}", l.setting);
        eprintln!("{pass}: {not_speech} pieces not speech, {calls} decodings");
        heard_only_the_speech(&pass, l.setting, &l.store, id, sounds_end_ms);
        // Measured: 3 decodings per sentence (its tentative and final ones) and one
        // piece of the music turned away by the gate; decoding the noise would take
        // dozens.
        assert!(
            calls <= 10,
            "{pass}: whisper decoded the noise: {calls} decodings ({not_speech} turned away)"
        );

        // The final pass finds the speech in the recording with Silero.
        let model = WhisperModel::load(&models.whisper_base(), &ModelConfig::default()).unwrap();
        let mut engine = WhisperEngine::new(model, &EngineConfig::default()).unwrap();
        let options = final_pass_options(l.setting, Some(models.silero())).unwrap();
        final_pass(&l.store, id, &mut engine, &options, &mut |_, _| {}).unwrap();
        // The final pass packs both sentences into one window, on which whisper writes
        // the Korean and ends the window; decoded again sentence by sentence, neither
        // is lost.
        let pass = format!("final pass, {}", l.setting);
        heard_only_the_speech(&pass, l.setting, &l.store, id, sounds_end_ms);
    }
    assert!(problems.is_empty(), "{problems:?}");
}

/// The meeting's lines are the speech's: none lies within the sounds, and what
/// reaches past them holds what the `setting` promises: Korean for "ko", the English
/// sentence's words for "en", both for "auto". (A line's start
/// may reach back into the music: Silero, run 4 s at a time on the recording, took the
/// music's last second for the start of the speech once in a few runs; whisper wrote
/// nothing of it.)
fn heard_only_the_speech(pass: &str, setting: &str, store: &Store, id: i64, sounds_end_ms: i64) {
    let transcript = store.transcript(id).unwrap();
    let lines: Vec<(i64, i64, &str)> = transcript
        .iter()
        .map(|s| (s.start_ms, s.end_ms, s.text.as_str()))
        .collect();
    eprintln!("{pass}: {lines:?}");
    let from_noise: Vec<_> = lines
        .iter()
        .filter(|(_, end, _)| *end <= sounds_end_ms)
        .collect();
    assert!(
        from_noise.is_empty(),
        "{pass}: lines from noise: {from_noise:?}"
    );
    let text: String = lines.iter().map(|l| l.2).collect();
    if setting != "en" {
        assert!(
            hangul(&text) >= 5,
            "{pass}: the Korean after the noise is heard: {lines:?}"
        );
    }
    if setting != "ko" {
        assert!(
            text.to_lowercase().contains("country"),
            "{pass}: the English after the noise is heard: {lines:?}"
        );
    }
}
