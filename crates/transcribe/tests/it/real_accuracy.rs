//! Recognition quality on real speech with the real multilingual base model: the shared
//! recordings of real people (`crates/asr/tests/data/speech/`, with `references.tsv`)
//! and espeak-ng sentences, each transcribed as a user's imported file is (Silero finds
//! the speech). With "auto", the language detected must be the one spoken; the error
//! rate per set (English and German words, Korean characters) must stay under its
//! ceiling, set from what was measured with a margin for a near-tie that flips.
//!
//! Measured when the ceilings were set (base, greedy): recordings English 5.3 % WER,
//! German 17.5 % WER, Korean 21.1 % CER; espeak-ng English 4.0 % WER and Korean 61 % CER
//! with the language given. The base model is weak on Korean, and on espeak-ng's
//! synthetic Korean voice worst of all (the model advice steers Korean users to larger
//! models). Each espeak-ng sentence is also transcribed with "auto" among Korean and
//! English, the user's languages by default, and must come out in its own language:
//! whisper's detection alone takes the synthetic Korean voice for Thai. Measured: all
//! four in their own language, Korean at 78.9 % and 36.4 % CER (68.4 % and 54.5 % with
//! the language given: the first window is padded until the language is known).

use std::path::Path;

use onno_asr::accuracy::{ErrorCount, Unit, error_count};
use onno_asr::{
    EngineConfig, Language, ModelConfig, TranscribeOptions, WhisperEngine, WhisperModel,
};
use onno_test_support::speech_models::speech_models;
use onno_transcribe::{FileOptions, transcribe_file};

use super::speech_set::{espeak_clips, recordings, references, speech_dir};

/// The most each set may be off: (set, ceiling).
const CEILINGS: &[(&str, f64)] = &[
    ("recordings en", 0.08),
    ("recordings de", 0.22),
    ("recordings ko", 0.30),
    ("espeak en", 0.12),
    ("espeak ko", 0.70),
];

/// Transcribes `path` as an imported file is; the text and the languages detected.
fn transcribe(
    engine: &mut WhisperEngine,
    path: &Path,
    language: Language,
    silero: &Path,
) -> (String, Vec<String>) {
    transcribe_among(engine, path, language, &[], silero)
}

/// [`transcribe`], "auto" choosing among `spoken` (any language when empty).
fn transcribe_among(
    engine: &mut WhisperEngine,
    path: &Path,
    language: Language,
    spoken: &[&str],
    silero: &Path,
) -> (String, Vec<String>) {
    let options = FileOptions {
        asr: TranscribeOptions {
            language,
            spoken_languages: spoken.iter().map(|s| s.to_string()).collect(),
            ..TranscribeOptions::default()
        },
        vad_model: Some(silero.to_path_buf()),
        ..FileOptions::default()
    };
    let transcript = transcribe_file(path, engine, &options, &mut |_| {}).unwrap();
    let text: Vec<&str> = transcript.segments.iter().map(|s| s.text.trim()).collect();
    let mut languages: Vec<String> = transcript
        .segments
        .iter()
        .map(|s| s.language.clone())
        .collect();
    languages.dedup();
    (text.join(" "), languages)
}

#[test]
fn real_speech_is_recognised_within_the_error_ceilings_in_the_right_language() {
    let Some(models) = speech_models() else {
        return;
    };
    let model = WhisperModel::load(&models.whisper_base(), &ModelConfig::default()).unwrap();
    let mut engine = WhisperEngine::new(model, &EngineConfig::default()).unwrap();
    let silero = models.silero();
    let dir = tempfile::tempdir().unwrap();
    let mut sets: Vec<(String, ErrorCount)> = Vec::new();
    let mut wrong_language = Vec::new();
    let mut add = |set: String, count: ErrorCount| match sets.iter_mut().find(|(s, _)| *s == set) {
        Some((_, total)) => *total = *total + count,
        None => sets.push((set, count)),
    };

    for clip in recordings(dir.path()) {
        let (text, languages) = transcribe(&mut engine, &clip.path, Language::Auto, &silero);
        let count = error_count(&clip.said, &text, Unit::for_language(&clip.language));
        eprintln!(
            "{} [{}]: {:.1} %, detected {languages:?}\n  said:  {}\n  heard: {text}",
            clip.name,
            clip.language,
            count.rate() * 100.0,
            clip.said
        );
        if languages != [clip.language.clone()] {
            wrong_language.push(format!(
                "{}: {languages:?} for {}",
                clip.name, clip.language
            ));
        }
        add(format!("recordings {}", clip.language), count);
    }
    for clip in espeak_clips(dir.path()) {
        let language = clip.language.as_str();
        let (text, _) = transcribe(
            &mut engine,
            &clip.path,
            Language::Code(language.into()),
            &silero,
        );
        let count = error_count(&clip.said, &text, Unit::for_language(language));
        eprintln!(
            "{} [{language}]: {:.1} %\n  said:  {}\n  heard: {text}",
            clip.name,
            count.rate() * 100.0,
            clip.said
        );
        add(format!("espeak {language}"), count);

        let spoken = ["ko", "en"];
        let (text, languages) =
            transcribe_among(&mut engine, &clip.path, Language::Auto, &spoken, &silero);
        let count = error_count(&clip.said, &text, Unit::for_language(language));
        eprintln!(
            "{} [{language}], auto among {spoken:?}: {:.1} %, detected {languages:?}\n  heard: {text}",
            clip.name,
            count.rate() * 100.0
        );
        if languages != [language.to_string()] {
            wrong_language.push(format!("{}: {languages:?} for {language}", clip.name));
        }
    }

    let mut over = Vec::new();
    for (set, count) in &sets {
        let ceiling = CEILINGS
            .iter()
            .find(|(s, _)| s == set)
            .map(|(_, c)| *c)
            .unwrap();
        eprintln!(
            "{set}: {:.1} % (ceiling {:.0} %)",
            count.rate() * 100.0,
            ceiling * 100.0
        );
        if count.rate() > ceiling {
            over.push(format!("{set}: {:.3} > {ceiling}", count.rate()));
        }
    }
    assert_eq!(
        sets.len(),
        CEILINGS.len(),
        "every set measured: {:?}",
        sets.iter().map(|s| &s.0).collect::<Vec<_>>()
    );
    assert!(wrong_language.is_empty(), "{wrong_language:#?}");
    assert!(over.is_empty(), "{over:#?}");
}

/// A recording in which the language changes (the same licence read in English for
/// 30 s, then in German), imported in "auto" among English and German: each part comes
/// out in its own language, the German neither translated into English nor lost.
/// (Before each window was checked against the language heard last, the file kept the
/// first window's language and the German came out as English.)
#[test]
fn a_recording_whose_language_changes_keeps_each_part_in_its_own() {
    let Some(models) = speech_models() else {
        return;
    };
    let model = WhisperModel::load(&models.whisper_base(), &ModelConfig::default()).unwrap();
    let mut engine = WhisperEngine::new(model, &EngineConfig::default()).unwrap();
    let options = FileOptions {
        asr: TranscribeOptions {
            language: Language::Auto,
            spoken_languages: vec!["en".into(), "de".into()],
            ..TranscribeOptions::default()
        },
        vad_model: Some(models.silero()),
        ..FileOptions::default()
    };
    let path = speech_dir().join("multilingual.mp3");
    let transcript = transcribe_file(&path, &mut engine, &options, &mut |_| {}).unwrap();
    let lines: Vec<(i64, &str, &str)> = transcript
        .segments
        .iter()
        .map(|s| (s.start_ms, s.language.as_str(), s.text.trim()))
        .collect();
    eprintln!(
        "{lines:#?}\n{} windows, {} decoded again piece by piece",
        transcript.stats.windows, transcript.stats.windows_split
    );
    // The German starts at 30 s.
    let (english, german): (Vec<&(i64, &str, &str)>, Vec<_>) =
        lines.iter().partition(|l| l.0 < 30_000);
    assert!(!english.is_empty() && !german.is_empty(), "{lines:#?}");
    assert!(english.iter().all(|l| l.1 == "en"), "{english:#?}");
    assert!(german.iter().all(|l| l.1 == "de"), "{german:#?}");

    let said = references()
        .into_iter()
        .find(|r| r.clip == "multilingual.mp3" && r.language == "de")
        .unwrap()
        .text;
    let heard: Vec<&str> = german.iter().map(|l| l.2).collect();
    let count = error_count(&said, &heard.join(" "), Unit::for_language("de"));
    eprintln!("German part: {:.1} % WER", count.rate() * 100.0);
    // As the German recording alone: 17.5 % measured, the ceiling of its set.
    assert!(count.rate() <= 0.22, "{:.3}: {heard:?}", count.rate());
}
