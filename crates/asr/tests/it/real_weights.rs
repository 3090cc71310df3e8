//! Real weights on real speech: the models `scripts/speech-models.sh` converts (Whisper
//! base and tiny.en from CTranslate2, Silero VAD 6.2.3 from safetensors) must behave as
//! the originals do in their reference implementations (faster-whisper, onnxruntime).
//!
//! Whisper: Onno's engine decodes each clip greedily, as it always does, and its tokens
//! (timestamps included) must equal faster-whisper's one for one. The two differ in
//! arithmetic (whisper.cpp computes in f16 and f32 with its own mel front end,
//! CTranslate2 in f32), so where the reference's two best candidates are nearly tied a
//! different choice is no error: a divergence is allowed only at a step where Onno took
//! the reference's runner-up and the two were less than [`NEAR_TIE`] apart. Everything
//! after such a step is a different, equally valid decoding and is not compared.
//!
//! Silero: whisper.cpp's probabilities against onnxruntime's on the same clips, within
//! [`SILERO_TOLERANCE`].

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use onno_asr::accuracy::{Unit, error_count};
use onno_asr::{
    EngineConfig, Language, ModelConfig, SPEECH_THRESHOLD, SileroVad, TranscribeOptions,
    Transcriber, WhisperEngine, WhisperModel, inspect_vad_model,
};
use onno_audio::{Decoder, VadConfig};
use onno_test_support::speech_models::{SpeechModels, WhisperReference, speech_models};

/// Two candidates closer than this (in nats of log-probability: 0.25 is a probability
/// ratio of 1.28) are a near-tie that arithmetic differences may flip. Far below the
/// gaps of confident tokens (several nats).
const NEAR_TIE: f32 = 0.25;

/// The largest difference allowed between whisper.cpp's and onnxruntime's speech
/// probability for any 32 ms window, both framed as whisper.cpp frames them. What is
/// left is whisper.cpp's f16 arithmetic in the STFT and the convolutions (weights and
/// inputs rounded to 11 bits); measured: 0.004 on jfk.wav, 0.0005 on ko_sentence.wav.
/// (whisper.cpp pads each window by reflecting its own first 64 samples where Silero's
/// code feeds the 64 samples before it; against that framing, at most one window in 50
/// may get the other verdict.)
const SILERO_TOLERANCE: f32 = 0.01;

fn clip(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/speech")
        .join(name)
}

/// The clip's samples as Onno decodes them (16 kHz mono).
pub fn samples(name: &str) -> Vec<f32> {
    let mut stream = Decoder::open(&clip(name)).unwrap();
    let mut out = Vec::new();
    while let Some(frame) = stream.next_frame() {
        out.extend(frame.unwrap().samples);
    }
    out
}

/// The three language settings users choose among.
pub fn languages() -> [Language; 3] {
    [
        Language::Auto,
        Language::Code("ko".into()),
        Language::Code("en".into()),
    ]
}

/// One real-weight test at a time: each decodes for seconds on every core.
pub fn one_at_a_time() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|p| p.into_inner())
}

pub fn engine(path: &Path) -> WhisperEngine {
    let model = WhisperModel::load(path, &ModelConfig::default()).unwrap();
    WhisperEngine::new(model, &EngineConfig::default()).unwrap()
}

/// How two decodings' text tokens compare.
#[derive(Debug)]
struct Agreement {
    /// Text tokens of the reference.
    tokens: usize,
    /// Tokens substituted, inserted or deleted, each at a near-tie of the reference.
    edits: usize,
}

/// Compares the text tokens (timestamps set aside: whisper.cpp's segments keep one of
/// each pair) of Onno's decoding with the reference's. They are aligned by least edits;
/// every edit must sit at a reference step whose two best candidates were less than
/// [`NEAR_TIE`] apart, and there may be at most one per ten tokens. Panics with both
/// sequences otherwise. `eot` is the model's end-of-text token (text tokens are below).
fn agree(onno: &[i32], reference: &WhisperReference, eot: i32) -> Agreement {
    let ours: Vec<i32> = onno.iter().copied().filter(|&t| t < eot).collect();
    // Each reference text token with the decoding step that chose it.
    let theirs: Vec<(i32, usize)> = reference
        .tokens
        .iter()
        .enumerate()
        .filter(|(_, t)| **t < eot)
        .map(|(step, t)| (*t, step))
        .collect();
    // The step deciding what comes at reference text position `i` (or after the last).
    let step_at = |i: usize| match theirs.get(i) {
        Some(&(_, step)) => step,
        None => theirs.last().map_or(0, |&(_, step)| step + 1),
    };
    let edits = edit_positions(&theirs.iter().map(|t| t.0).collect::<Vec<_>>(), &ours);
    let show = || {
        format!(
            "{} on {} ({}):\n onno:      {ours:?}\n reference: {:?}",
            reference.model,
            reference.clip,
            reference.language,
            theirs.iter().map(|t| t.0).collect::<Vec<_>>()
        )
    };
    for &i in &edits {
        let step = reference.steps[step_at(i).min(reference.steps.len() - 1)];
        assert!(
            step.gap < NEAR_TIE,
            "the decodings differ at reference text token {i}, where faster-whisper was sure \
             ({} nats between {} and {}): {}",
            step.gap,
            step.best,
            step.second,
            show()
        );
    }
    assert!(
        edits.len() <= (theirs.len() / 10).max(1),
        "{} edits in {} tokens: {}",
        edits.len(),
        theirs.len(),
        show()
    );
    Agreement {
        tokens: theirs.len(),
        edits: edits.len(),
    }
}

/// The positions in `a` where a least-edit alignment of `b` to `a` substitutes, deletes,
/// or inserts before (position `a.len()`: after the end).
fn edit_positions(a: &[i32], b: &[i32]) -> Vec<usize> {
    let (n, m) = (a.len(), b.len());
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    d[0] = (0..=m).collect();
    for i in 1..=n {
        for j in 1..=m {
            let keep = d[i - 1][j - 1] + usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = keep.min(d[i - 1][j] + 1).min(d[i][j - 1] + 1);
        }
    }
    let (mut i, mut j, mut out) = (n, m, Vec::new());
    while i > 0 || j > 0 {
        if i > 0 && j > 0 && d[i][j] == d[i - 1][j - 1] + usize::from(a[i - 1] != b[j - 1]) {
            if a[i - 1] != b[j - 1] {
                out.push(i - 1);
            }
            i -= 1;
            j -= 1;
        } else if i > 0 && d[i][j] == d[i - 1][j] + 1 {
            out.push(i - 1);
            i -= 1;
        } else {
            out.push(i);
            j -= 1;
        }
    }
    out.reverse();
    out
}

#[test]
fn edit_positions_name_where_the_sequences_differ() {
    assert_eq!(edit_positions(&[1, 2, 3], &[1, 2, 3]), Vec::<usize>::new());
    assert_eq!(edit_positions(&[1, 2, 3], &[1, 9, 3]), vec![1]);
    assert_eq!(edit_positions(&[1, 2, 3], &[1, 3]), vec![1]);
    assert_eq!(edit_positions(&[1, 2, 3], &[1, 2, 9, 3]), vec![2]);
    assert_eq!(edit_positions(&[1, 2, 3], &[1, 2, 3, 9]), vec![3]);
}

fn decode(engine: &mut WhisperEngine, clip_name: &str, language: &str) -> Vec<i32> {
    let opts = TranscribeOptions {
        language: Language::Code(language.into()),
        ..TranscribeOptions::default()
    };
    engine.transcribe(&samples(clip_name), 0, &opts).unwrap();
    engine.last_run().decoded.clone()
}

fn check_clip(
    models: &SpeechModels,
    engine: &mut WhisperEngine,
    (model, clip, lang): (&str, &str, &str),
    eot: i32,
) {
    // The reference suppressed whisper's non-speech tokens exactly when Onno does.
    let suppress = TranscribeOptions::default().suppress_non_speech_tokens;
    let reference = models.whisper_reference(model, clip, lang, suppress);
    let onno = decode(engine, clip, lang);
    let agreement = agree(&onno, &reference, eot);
    let nsp = engine.last_run().no_speech_prob.unwrap();
    eprintln!(
        "{model} {clip} {lang}: {} of {} text tokens differ, at near-ties; no-speech \
         probability {nsp:.4} (faster-whisper {:.4})",
        agreement.edits, agreement.tokens, reference.no_speech_prob
    );
    // Speech must never look like silence to the no-speech layer. (CTranslate2 takes
    // the probability after the whole prompt, Onno after <|startoftranscript|> as
    // OpenAI's code does, so the two differ; both are far below the threshold.)
    assert!(
        nsp < TranscribeOptions::default().no_speech_threshold / 2.0,
        "{model} on {clip}: no-speech probability {nsp} on speech"
    );
}

#[test]
fn converted_whisper_base_decodes_like_faster_whisper() {
    let Some(models) = speech_models() else {
        return;
    };
    let _serial = one_at_a_time();
    let mut engine = engine(&models.whisper_base());
    assert!(engine.model().info().is_multilingual());
    check_clip(&models, &mut engine, ("base", "jfk.wav", "en"), 50_257);
    check_clip(
        &models,
        &mut engine,
        ("base", "ko_sentence.wav", "ko"),
        50_257,
    );
}

#[test]
fn converted_whisper_tiny_en_decodes_like_faster_whisper() {
    let Some(models) = speech_models() else {
        return;
    };
    let _serial = one_at_a_time();
    let mut engine = engine(&models.whisper_tiny_en());
    assert!(!engine.model().info().is_multilingual());
    check_clip(&models, &mut engine, ("tiny.en", "jfk.wav", "en"), 50_256);
}

/// Word error rate of `hyp` against `reference`.
fn word_error_rate(reference: &str, hyp: &str) -> f64 {
    error_count(reference, hyp, Unit::Words).rate()
}

#[test]
fn base_model_transcribes_jfk_as_well_as_faster_whisper() {
    let Some(models) = speech_models() else {
        return;
    };
    let _serial = one_at_a_time();
    const SAID: &str = "And so my fellow Americans, ask not what your country can do for you, \
                        ask what you can do for your country.";
    let mut engine = engine(&models.whisper_base());
    let opts = TranscribeOptions {
        language: Language::Code("en".into()),
        ..TranscribeOptions::default()
    };
    let segments = engine.transcribe(&samples("jfk.wav"), 0, &opts).unwrap();
    let text: Vec<&str> = segments.iter().map(|s| s.text.as_str()).collect();
    let ours = word_error_rate(SAID, &text.join(" "));
    let reference =
        models.whisper_reference("base", "jfk.wav", "en", opts.suppress_non_speech_tokens);
    let theirs = word_error_rate(SAID, &reference.text);
    eprintln!("jfk.wav, base: WER Onno {ours:.3}, faster-whisper {theirs:.3}");
    assert!(
        ours <= theirs + 0.005,
        "Onno {ours:.3} against faster-whisper {theirs:.3}: {text:?}"
    );
    assert!(segments.iter().all(|s| s.language == "en"));
}

#[test]
fn converted_silero_matches_onnxruntime() {
    let Some(models) = speech_models() else {
        return;
    };
    let info = inspect_vad_model(&models.silero()).unwrap();
    assert_eq!(info.version, "6.2.3");
    let _serial = one_at_a_time();
    let mut vad = SileroVad::new(&models.silero(), &VadConfig::default()).unwrap();
    for name in ["jfk.wav", "ko_sentence.wav"] {
        let reference = models.silero_reference(name);
        let ours = vad.speech_probabilities(&samples(name)).unwrap();
        let (max, mean) = differences(&ours, &reference.probabilities_whisper_cpp_framing);
        let (framed_max, framed_mean) = differences(&ours, &reference.probabilities);
        let flips = verdict_flips(&ours, &reference.probabilities);
        eprintln!(
            "{name}: Silero, {} windows: max abs diff {max:.4} (mean {mean:.5}) framed alike; \
             {framed_max:.4} (mean {framed_mean:.5}) and {flips} verdicts flipped against \
             Silero's own framing",
            ours.len()
        );
        assert!(
            max <= SILERO_TOLERANCE,
            "{name}: max difference {max} (mean {mean})"
        );
        assert!(
            flips * 50 <= ours.len(),
            "{name}: {flips} of {} speech verdicts differ from Silero's own",
            ours.len()
        );
        // Real speech: most windows of these clips are speech, some are pauses.
        let speech = ours.iter().filter(|&&p| p >= 0.5).count();
        assert!(
            speech * 2 > ours.len() && speech < ours.len(),
            "{name}: {speech} of {} windows are speech",
            ours.len()
        );
    }
}

/// The largest and the mean absolute difference, after checking the lengths agree.
fn differences(ours: &[f32], theirs: &[f32]) -> (f32, f32) {
    assert_eq!(ours.len(), theirs.len(), "one probability per window each");
    let diffs: Vec<f32> = ours
        .iter()
        .zip(theirs)
        .map(|(a, b)| (a - b).abs())
        .collect();
    let max = diffs.iter().copied().fold(0.0, f32::max);
    (max, diffs.iter().sum::<f32>() / diffs.len().max(1) as f32)
}

/// Windows on which the two disagree about speech at the detector's threshold.
fn verdict_flips(ours: &[f32], theirs: &[f32]) -> usize {
    let speech = |p: f32| p >= SPEECH_THRESHOLD;
    ours.iter()
        .zip(theirs)
        .filter(|(a, b)| speech(**a) != speech(**b))
        .count()
}
