//! The real speech the accuracy test and benchmark run on: the shared recordings of real
//! people (`crates/asr/tests/data/speech/`, with `references.tsv`) and espeak-ng
//! sentences, each as a 16 kHz mono WAV file of its own with what was said.
//!
//! The accuracy benchmark includes this file too (`#[path]`), so both measure the same set.

use std::path::{Path, PathBuf};

use onno_audio::Decoder;
use onno_test_support::audio::{espeak, write_wav};

/// (language, what espeak-ng says, how it is written): a transcript writes "$50,000"
/// for "fifty thousand dollars", as a person would.
pub(crate) const ESPEAK: &[(&str, &str, &str)] = &[
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

pub(crate) fn speech_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../asr/tests/data/speech")
}

/// A clip of the set, ready to transcribe.
pub(crate) struct Clip {
    /// The recording's name, or `espeak N`.
    pub name: String,
    pub language: String,
    /// A 16 kHz mono WAV file.
    pub path: PathBuf,
    /// What was said, as a transcript writes it.
    pub said: String,
}

/// The shared recordings, each written into `dir`.
pub(crate) fn recordings(dir: &Path) -> Vec<Clip> {
    references()
        .iter()
        .enumerate()
        .map(|(n, r)| Clip {
            name: r.clip.clone(),
            language: r.language.clone(),
            path: clip_file(r, dir, n),
            said: r.text.clone(),
        })
        .collect()
}

/// The espeak-ng sentences, spoken in their own voice into `dir` at 16 kHz.
pub(crate) fn espeak_clips(dir: &Path) -> Vec<Clip> {
    ESPEAK
        .iter()
        .enumerate()
        .map(|(n, (language, says, written))| {
            let spoken = dir.join(format!("espeak-{n}-spoken.wav"));
            espeak_in(language, says, &spoken);
            let path = dir.join(format!("espeak-{n}.wav"));
            write_wav(&path, &decoded(&spoken), 16_000).unwrap();
            Clip {
                name: format!("espeak {n}"),
                language: (*language).to_owned(),
                path,
                said: (*written).to_owned(),
            }
        })
        .collect()
}

/// One line of `references.tsv`.
pub(crate) struct Reference {
    /// "file" or "file#left" / "file#right".
    pub clip: String,
    pub language: String,
    pub start_s: f64,
    pub end_s: f64,
    pub text: String,
}

pub(crate) fn references() -> Vec<Reference> {
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
pub(crate) fn clip_file(r: &Reference, dir: &Path, n: usize) -> PathBuf {
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

/// espeak-ng in the sentence's own voice.
pub(crate) fn espeak_in(language: &str, text: &str, path: &Path) {
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
