//! Bad input: each case is one clear error naming the file, never a panic.

use std::path::Path;

use onno_audio::{Decoder, ErrorKind};

use crate::util::{Fmt, data, decode_all, sine, write_wav};

#[track_caller]
fn check(path: &Path, kind: ErrorKind, words: &str) {
    let e = Decoder::open(path)
        .err()
        .unwrap_or_else(|| panic!("{} opened", path.display()));
    assert_eq!(e.kind(), kind, "{e}");
    let text = e.to_string();
    eprintln!("{:?}: {text}", e.kind());
    assert!(text.starts_with(&path.display().to_string()), "{text}");
    assert!(text.contains(words), "{text}");
    assert!(!text.contains('\n'), "one line: {text}");
}

#[test]
fn missing_directory_empty_garbage_truncated_and_unsupported_files() {
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n);

    check(&p("nope.wav"), ErrorKind::NotFound, "no such file");
    check(dir.path(), ErrorKind::NotAFile, "directory");

    std::fs::write(p("empty.wav"), b"").unwrap();
    check(&p("empty.wav"), ErrorKind::Empty, "empty");

    let mut seed = 0x1234_5678_9abc_def0u64;
    let garbage: Vec<u8> = (0..4096)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed as u8
        })
        .collect();
    std::fs::write(p("garbage.mp3"), &garbage).unwrap();
    check(
        &p("garbage.mp3"),
        ErrorKind::UnknownFormat,
        "not a recognised audio file",
    );

    write_wav(
        &p("whole.wav"),
        &sine(440.0, 16_000, 1_600, 0.5),
        16_000,
        1,
        Fmt::I16,
    );
    let whole = std::fs::read(p("whole.wav")).unwrap();
    std::fs::write(p("header.wav"), &whole[..30]).unwrap();
    let e = Decoder::open(&p("header.wav")).err().unwrap();
    eprintln!("{:?}: {e}", e.kind());
    assert!(
        matches!(e.kind(), ErrorKind::Malformed | ErrorKind::UnknownFormat),
        "{e}"
    );
    assert!(
        e.to_string()
            .starts_with(&p("header.wav").display().to_string()),
        "{e}"
    );

    // A WAV whose format tag is a codec not built in (0x0055, MP3 inside WAV).
    let mut mp3_in_wav = whole.clone();
    mp3_in_wav[20..22].copy_from_slice(&0x55u16.to_le_bytes());
    std::fs::write(p("mp3.wav"), &mp3_in_wav).unwrap();
    check(&p("mp3.wav"), ErrorKind::UnsupportedCodec, "not supported");

    check(&data("tone.opus"), ErrorKind::UnsupportedCodec, "Opus");
}

#[test]
fn a_file_cut_mid_data_decodes_up_to_the_cut() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cut.wav");
    write_wav(
        &path,
        &sine(440.0, 16_000, 16_000, 0.5),
        16_000,
        1,
        Fmt::I16,
    );
    let bytes = std::fs::read(&path).unwrap();
    // Keep the header (44 bytes) and 0.25 s of samples, plus half a sample.
    std::fs::write(&path, &bytes[..44 + 8_000 + 1]).unwrap();
    let mut stream = Decoder::open(&path).unwrap();
    let out = decode_all(&mut stream);
    assert!(out.len().abs_diff(4_000) <= 1, "{}", out.len());
}

#[test]
fn sample_rates_outside_8_to_192_khz_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for rate in [4_000, 384_000] {
        let path = dir.path().join(format!("r{rate}.wav"));
        write_wav(&path, &[0.0; 100], rate, 1, Fmt::I16);
        check(&path, ErrorKind::UnsupportedParameters, "sample rate");
    }
}
