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

use std::path::{Path, PathBuf};

use onno_asr::accuracy::{ErrorCount, Unit, error_count};
use onno_asr::{
    EngineConfig, Language, ModelConfig, TranscribeOptions, WhisperEngine, WhisperModel,
};
use onno_audio::Decoder;
use onno_test_support::audio::{espeak, write_wav};
use onno_test_support::speech_models::speech_models;
use onno_transcribe::{FileOptions, transcribe_file};

/// The most each set may be off: (set, ceiling).
const CEILINGS: &[(&str, f64)] = &[
    ("recordings en", 0.08),
    ("recordings de", 0.22),
    ("recordings ko", 0.30),
    ("espeak en", 0.12),
    ("espeak ko", 0.70),
];

/// (language, what espeak-ng says, how it is written): a transcript writes "$50,000"
/// for "fifty thousand dollars", as a person would.
const ESPEAK: &[(&str, &str, &str)] = &[
    (
        "en",
        "Our monthly recurring revenue is fifty thousand dollars and growing every month.",
        "Our monthly recurring revenue is $50,000 and growing every month.",
    ),
    (
        "en",
        "We plan to hire two engineers next quarter and open an office in London.",
        "We plan to hire two engineers next quarter and open an office in London.",
    ),
    (
        "ko",
        "저희 회사는 작년에 매출이 두 배로 늘었습니다.",
        "저희 회사는 작년에 매출이 두 배로 늘었습니다.",
    ),
    (
        "ko",
        "다음 주 금요일까지 투자 제안서를 보내 드리겠습니다.",
        "다음 주 금요일까지 투자 제안서를 보내 드리겠습니다.",
    ),
];

fn speech_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../asr/tests/data/speech")
}

/// One line of `references.tsv`.
struct Reference {
    /// "file" or "file#left" / "file#right".
    clip: String,
    language: String,
    start_s: f64,
    end_s: f64,
    text: String,
}

fn references() -> Vec<Reference> {
    let tsv = std::fs::read_to_string(speech_dir().join("references.tsv")).unwrap();
    tsv.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            Reference {
                clip: f[0].into(),
                language: f[1].into(),
                start_s: f[2].parse().unwrap(),
                end_s: f[3].parse().unwrap(),
                text: f[4].into(),
            }
        })
        .collect()
}

/// The reference's audio as a 16 kHz mono WAV of its own: one channel of a stereo
/// file, or the stretch of a longer file it covers.
fn clip_file(r: &Reference, dir: &Path, n: usize) -> PathBuf {
    let (file, channel) = match r.clip.split_once('#') {
        Some((file, side)) => (file, Some(usize::from(side == "right"))),
        None => (r.clip.as_str(), None),
    };
    let samples = match channel {
        Some(ch) => stereo_channel(&speech_dir().join(file), ch),
        None => decoded(&speech_dir().join(file)),
    };
    let from = ((r.start_s * 16_000.0) as usize).min(samples.len());
    let to = ((r.end_s * 16_000.0) as usize).clamp(from, samples.len());
    let path = dir.join(format!("clip-{n}.wav"));
    write_wav(&path, &samples[from..to], 16_000).unwrap();
    path
}

fn decoded(path: &Path) -> Vec<f32> {
    let mut stream = Decoder::open(path).unwrap();
    let mut out = Vec::new();
    while let Some(frame) = stream.next_frame() {
        out.extend(frame.unwrap().samples);
    }
    out
}

/// One channel of a 16 kHz, 16-bit stereo WAV (the decoder mixes channels down).
fn stereo_channel(path: &Path, channel: usize) -> Vec<f32> {
    let bytes = std::fs::read(path).unwrap();
    let data = bytes
        .windows(4)
        .position(|w| w == b"data")
        .expect("a data chunk")
        + 8;
    bytes[data..]
        .chunks_exact(4)
        .map(|frame| {
            let at = channel * 2;
            f32::from(i16::from_le_bytes([frame[at], frame[at + 1]])) / 32_768.0
        })
        .collect()
}

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

    for (n, r) in references().iter().enumerate() {
        let path = clip_file(r, dir.path(), n);
        let (text, languages) = transcribe(&mut engine, &path, Language::Auto, &silero);
        let count = error_count(&r.text, &text, Unit::for_language(&r.language));
        eprintln!(
            "{} [{}]: {:.1} %, detected {languages:?}\n  said:  {}\n  heard: {text}",
            r.clip,
            r.language,
            count.rate() * 100.0,
            r.text
        );
        if languages != [r.language.clone()] {
            wrong_language.push(format!("{}: {languages:?} for {}", r.clip, r.language));
        }
        add(format!("recordings {}", r.language), count);
    }
    for (n, (language, said, written)) in ESPEAK.iter().enumerate() {
        let path = dir.path().join(format!("espeak-{n}.wav"));
        espeak_in(language, said, &path);
        let (text, _) = transcribe(
            &mut engine,
            &path,
            Language::Code((*language).into()),
            &silero,
        );
        let count = error_count(written, &text, Unit::for_language(language));
        eprintln!(
            "espeak [{language}]: {:.1} %\n  said:  {written}\n  heard: {text}",
            count.rate() * 100.0
        );
        add(format!("espeak {language}"), count);

        let spoken = ["ko", "en"];
        let (text, languages) =
            transcribe_among(&mut engine, &path, Language::Auto, &spoken, &silero);
        let count = error_count(written, &text, Unit::for_language(language));
        eprintln!(
            "espeak [{language}], auto among {spoken:?}: {:.1} %, detected {languages:?}\n  heard: {text}",
            count.rate() * 100.0
        );
        if languages != [language.to_string()] {
            wrong_language.push(format!("espeak {n}: {languages:?} for {language}"));
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

/// espeak-ng in the sentence's own voice.
fn espeak_in(language: &str, text: &str, path: &Path) {
    if language == "en" {
        espeak(text, path);
        return;
    }
    let status = std::process::Command::new("espeak-ng")
        .args(["-v", language, "-w"])
        .arg(path)
        .arg(text)
        .status()
        .unwrap();
    assert!(status.success(), "espeak-ng -v {language}");
}
