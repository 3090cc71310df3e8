use onno_test_support::audio::{silence, speech_like, write_wav};
use onno_test_support::{ModelShape, test_model};
use serde_json::Value;

use crate::Onno;

/// Speech from 1 s to 4 s and 9 s to 11 s of a 13 s WAV.
fn call(onno: &Onno, name: &str) -> String {
    let mut audio = silence(1.0);
    audio.extend(speech_like(3.0, 7));
    audio.extend(silence(5.0));
    audio.extend(speech_like(2.0, 8));
    audio.extend(silence(2.0));
    let path = onno.data_dir().join(name);
    write_wav(&path, &audio, 16_000).expect("write the WAV");
    path.display().to_string()
}

fn model() -> String {
    test_model(ModelShape::Tiny).display().to_string()
}

#[test]
fn a_transcript_is_written_in_the_asked_format_with_times_inside_the_audio() {
    let onno = Onno::empty();
    let wav = call(&onno, "call.wav");
    let out = onno.data_dir().join("call.json");
    let model = model();
    let args = [
        "transcribe",
        wav.as_str(),
        "--model",
        model.as_str(),
        "--format",
        "json",
        "--out",
    ];
    let mut args = args.to_vec();
    let out_text = out.display().to_string();
    args.push(&out_text);
    let summary = onno.json(&args);
    assert_eq!(summary[0]["ok"], true);
    assert_eq!(summary[0]["audio_ms"], 13_000);

    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(doc["header"]["title"], "call");
    let segments = doc["segments"].as_array().unwrap();
    assert_eq!(summary[0]["segments"].as_u64(), Some(segments.len() as u64));
    let mut previous = 0;
    for s in segments {
        let (start, end) = (
            s["start_ms"].as_i64().unwrap(),
            s["end_ms"].as_i64().unwrap(),
        );
        assert!(start >= previous && end >= start && end <= 13_000, "{s}");
        assert_eq!(s["source"], "file");
        previous = end;
    }
}

#[test]
fn saved_transcripts_become_searchable_meetings() {
    let onno = Onno::empty();
    let wav = call(&onno, "Acme intro.wav");
    let model = model();
    let summary = onno.json(&["transcribe", &wav, "--model", &model, "--save"]);
    let id = summary[0]["meeting_id"].as_i64().expect("a meeting id");
    // Without --out the transcript comes back in the JSON summary.
    let lines = summary[0]["transcript"].as_array().unwrap().clone();

    let shown = onno.json(&["meetings", "show", &id.to_string()]);
    assert_eq!(shown["meeting"]["title"], "Acme intro");
    assert_eq!(shown["meeting"]["status"], "completed");
    assert_eq!(shown["meeting"]["duration_ms"], 13_000);
    let segments = shown["segments"].as_array().unwrap();
    assert_eq!(segments.len(), lines.len());
    assert!(segments.iter().all(|s| s["source"] == "file"));

    // The title is searchable, and so is what was said.
    let hits = onno.json(&["search", "Acme"]);
    assert_eq!(hits["hits"][0]["meeting_id"], id);
    if let Some(word) = segments
        .iter()
        .flat_map(|s| s["text"].as_str().unwrap_or("").split_whitespace())
        .find(|w| w.chars().count() >= 3 && w.chars().all(char::is_alphanumeric))
    {
        let hits = onno.json(&["search", word]);
        assert!(hits["total"].as_u64().unwrap() >= 1, "{word}: {hits}");
    }
}

#[test]
fn in_a_batch_a_broken_file_is_reported_and_the_others_complete() {
    let onno = Onno::empty();
    let good = call(&onno, "good.wav");
    let broken = onno.data_dir().join("broken.mp3");
    std::fs::write(
        &broken,
        b"ID3\x04\0\0\0\0\0\x10garbage that is not mpeg audio",
    )
    .unwrap();
    let out = onno.data_dir().join("transcripts");
    let model = model();
    let output = onno.run(&[
        "transcribe",
        &good,
        &broken.display().to_string(),
        "--model",
        &model,
        "--format",
        "srt",
        "--out",
        &out.display().to_string(),
        "--json",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("1 of 2 files"), "{stderr}");
    let summary: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(summary[0]["ok"], true);
    assert_eq!(summary[1]["ok"], false);
    assert!(
        summary[1]["error"].as_str().unwrap().contains("broken.mp3"),
        "{summary}"
    );
    assert!(out.join("good.srt").is_file());
    assert!(!out.join("broken.srt").exists());
}

#[test]
fn a_missing_model_or_language_is_a_clear_error() {
    let onno = Onno::empty();
    let wav = call(&onno, "call.wav");
    let stderr = onno.fails(&["transcribe", &wav, "--model", "base"], 3);
    assert!(stderr.contains("onno models download base"), "{stderr}");
    let model = model();
    let stderr = onno.fails(
        &[
            "transcribe",
            &wav,
            "--model",
            &model,
            "--language",
            "klingon",
        ],
        1,
    );
    assert!(stderr.contains("klingon"), "{stderr}");
}

#[test]
fn the_languages_auto_chooses_among_are_shown_and_set() {
    let onno = Onno::empty();
    let shown = onno.json(&["config", "languages"]);
    assert_eq!(shown["spoken_languages"], serde_json::json!(["ko", "en"]));
    let set = onno.json(&["config", "languages", "English", "ja", "en"]);
    assert_eq!(set["spoken_languages"], serde_json::json!(["en", "ja"]));
    assert!(onno.text(&["config", "languages"]).contains("en, ja"));
    let stderr = onno.fails(&["config", "languages", "ko", "klingon"], 1);
    assert!(stderr.contains("klingon"), "{stderr}");
    let shown = onno.json(&["config", "languages"]);
    assert_eq!(
        shown["spoken_languages"],
        serde_json::json!(["en", "ja"]),
        "a refusal changes nothing"
    );
}
