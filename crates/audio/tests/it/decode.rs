//! Decoding: every WAV sample format, multichannel downmix, the compressed containers.

use onno_audio::{DecodeOptions, Decoder, ErrorKind};

use crate::util::{Fmt, data, decode_all, decode_file, sine, tone_purity, write_wav};

#[test]
fn every_wav_sample_format_decodes_to_the_same_signal() {
    let dir = tempfile::tempdir().unwrap();
    let input = sine(440.0, 16_000, 8_000, 0.5);
    for (fmt, tolerance) in [
        (Fmt::U8, 1.0 / 127.0),
        (Fmt::I16, 1.0 / 32_767.0),
        (Fmt::I24, 1e-6),
        (Fmt::I32, 1e-6),
        (Fmt::F32, 1e-7),
    ] {
        let path = dir.path().join(format!("{fmt:?}.wav"));
        write_wav(&path, &input, 16_000, 1, fmt);
        let stream = Decoder::open(&path).unwrap();
        assert_eq!(stream.info().sample_rate, 16_000);
        assert_eq!(stream.info().frames, Some(8_000));
        let out = decode_file(&path);
        assert_eq!(out.len(), input.len(), "{fmt:?}");
        let worst = out
            .iter()
            .zip(&input)
            .map(|(a, b)| (a - b).abs())
            .fold(0f32, f32::max);
        assert!(worst <= tolerance, "{fmt:?}: off by {worst}");
    }
}

#[test]
fn stereo_is_averaged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stereo.wav");
    // Left a tone, right its negative plus a constant: the average is the constant.
    let tone = sine(300.0, 16_000, 4_000, 0.4);
    let stereo: Vec<f32> = tone.iter().flat_map(|v| [*v, 0.5 - *v]).collect();
    write_wav(&path, &stereo, 16_000, 2, Fmt::F32);
    let out = decode_file(&path);
    assert_eq!(out.len(), 4_000);
    assert!(out.iter().all(|v| (v - 0.25).abs() < 1e-6));
}

#[test]
fn six_channels_are_averaged_at_any_rate() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("surround.wav");
    // Channel c holds the tone scaled by (c - 2.5) / 2.5 + 1: the average is the tone.
    let tone = sine(1_000.0, 48_000, 48_000, 0.3);
    let six: Vec<f32> = tone
        .iter()
        .flat_map(|v| (0..6).map(move |c| v * ((c as f32 - 2.5) / 2.5 + 1.0)))
        .collect();
    write_wav(&path, &six, 48_000, 6, Fmt::I24);
    let mut stream = Decoder::open(&path).unwrap();
    assert_eq!(stream.info().channels, 6);
    let out = decode_all(&mut stream);
    assert_eq!(out.len(), 16_000);
    let ideal = sine(1_000.0, 16_000, 16_000, 0.3);
    let snr = crate::util::snr_db(&out, &ideal, 800..15_200);
    assert!(snr > 80.0, "6-channel 48 kHz: SNR {snr:.1} dB");
}

#[test]
fn frames_have_the_asked_length_and_contiguous_indices() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.wav");
    write_wav(
        &path,
        &sine(440.0, 22_050, 22_050, 0.5),
        22_050,
        1,
        Fmt::I16,
    );
    let opts = DecodeOptions {
        frame_samples: 480,
        ..DecodeOptions::default()
    };
    let frames: Vec<_> = Decoder::open_with(&path, &opts)
        .unwrap()
        .map(|f| f.unwrap())
        .collect();
    assert_eq!(
        frames.iter().map(|f| f.samples.len()).sum::<usize>(),
        16_000
    );
    assert!(
        frames[..frames.len() - 1]
            .iter()
            .all(|f| f.samples.len() == 480)
    );
    assert!(frames.windows(2).all(|w| w[0].end() == w[1].start));
    assert_eq!(frames[0].start, 0);
}

#[test]
fn compressed_containers_decode_to_the_tone() {
    // 0.5 s of a 440 Hz tone, stereo 44.1 kHz, encoded by ffmpeg (see tests/data/README.md).
    for (file, codec) in [
        ("tone.flac", "flac"),
        ("tone.mp3", "mp3"),
        ("tone.ogg", "vorbis"),
        ("tone.m4a", "aac"),
    ] {
        let mut stream = Decoder::open(&data(file)).unwrap();
        assert_eq!(stream.info().sample_rate, 44_100, "{file}");
        assert_eq!(stream.info().channels, 2, "{file}");
        assert_eq!(stream.info().codec, codec, "{file}");
        let hint = stream.duration_hint();
        let out = decode_all(&mut stream);
        eprintln!(
            "{file}: {} samples at 16 kHz (0.5 s is 8000), hint {hint:?}",
            out.len()
        );
        // FLAC, MP3 (LAME's gapless header) and Vorbis come out sample-exact. AAC in MP4
        // keeps the encoder's priming (1024 frames) and padding: symphonia's MP4 reader
        // does not apply the edit list.
        if codec == "aac" {
            assert!(
                out.len().abs_diff(8_000) <= 1_600,
                "{file}: {} samples",
                out.len()
            );
        } else {
            assert_eq!(out.len(), 8_000, "{file}");
        }
        if let Some(hint) = hint {
            assert!((hint.as_secs_f64() - 0.5).abs() < 0.1, "{file}: {hint:?}");
        }
        let purity = tone_purity(&out[1_600..6_400], 440.0);
        assert!(purity > 0.95, "{file}: 440 Hz purity {purity:.3}");
        assert_eq!(stream.stats().bad_packets, 0, "{file}");
    }
}

#[test]
fn opus_is_refused_by_name() {
    let e = Decoder::open(&data("tone.opus")).err().unwrap();
    assert_eq!(e.kind(), ErrorKind::UnsupportedCodec);
    assert!(
        e.to_string().contains("tone.opus") && e.to_string().contains("Opus"),
        "{e}"
    );
}

#[test]
fn bytes_and_readers_decode_like_files() {
    let bytes = std::fs::read(data("tone.flac")).unwrap();
    let a = decode_file(&data("tone.flac"));
    let b = decode_all(
        &mut Decoder::from_bytes(bytes.clone(), "mem", &DecodeOptions::default()).unwrap(),
    );
    let c = decode_all(
        &mut Decoder::from_reader(
            std::io::Cursor::new(bytes),
            "pipe",
            &DecodeOptions::default(),
        )
        .unwrap(),
    );
    assert_eq!(a, b);
    assert_eq!(a, c);
}

#[test]
fn streams_and_resamplers_can_move_to_another_thread() {
    fn is_send<T: Send>() {}
    is_send::<onno_audio::AudioStream>();
    is_send::<onno_audio::Resampler16k>();
    is_send::<onno_audio::EnergyVad>();
}

#[test]
fn a_wav_with_no_samples_is_an_empty_stream() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("none.wav");
    write_wav(&path, &[], 44_100, 2, Fmt::I16);
    let mut stream = Decoder::open(&path).unwrap();
    assert!(stream.next_frame().is_none());
    assert!(stream.next_frame().is_none());
}
