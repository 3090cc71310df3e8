//! `onno models ...` against a temporary data folder and a loopback server.

use std::time::{Duration, Instant};

use onno_test_support::http_server::FileServer;
use onno_test_support::{ModelShape, test_model};
use sha2::{Digest as _, Sha256};

use crate::Onno;

/// A manifest with one model `m` of `data`, written into the data folder.
fn manifest_for(onno: &Onno, data: &[u8]) -> std::path::PathBuf {
    let text = format!(
        "[[model]]\nname = \"m\"\nfile = \"ggml-m.bin\"\n\
         url = \"https://models.invalid/ggml-m.bin\"\nsize = {}\nsha256 = \"{}\"\n\
         languages = \"en\"\nkind = \"whisper\"\n",
        data.len(),
        hex::encode(Sha256::digest(data))
    );
    let path = onno.data_dir().join("manifest.toml");
    std::fs::write(&path, text).expect("manifest");
    path
}

#[test]
fn list_shows_the_built_in_manifest() {
    let onno = Onno::empty();
    let models = onno.json(&["models", "list"]);
    let models = models.as_array().expect("an array");
    let names: Vec<&str> = models.iter().filter_map(|m| m["name"].as_str()).collect();
    for name in [
        "tiny",
        "base.en",
        "small",
        "medium",
        "large-v3-turbo",
        "silero-v5.1.2",
    ] {
        assert!(names.contains(&name), "{name} in {names:?}");
    }
    let base = models.iter().find(|m| m["name"] == "base").expect("base");
    assert_eq!(base["size"], 147_951_465);
    assert_eq!(base["installed"], false);
    assert_eq!(base["kind"], "whisper");
    assert_eq!(base["languages"], "multilingual");
    assert!(
        base["url"]
            .as_str()
            .is_some_and(|u| u.ends_with("/ggml-base.bin"))
    );

    // Advice for this machine: every speech model says how it suits each language.
    let fit = |name: &str, language: &str| {
        let model = models.iter().find(|m| m["name"] == name).expect(name);
        model["advice"][language].as_str().map(str::to_owned)
    };
    assert_eq!(fit("tiny", "korean").as_deref(), Some("weak"));
    assert_eq!(fit("base.en", "korean").as_deref(), Some("unsupported"));
    assert_eq!(
        fit("silero-v5.1.2", "korean"),
        None,
        "a detector is not a choice"
    );
    let picks = |language| {
        models
            .iter()
            .filter(|m| m["advice"][language] == "recommended")
            .count()
    };
    assert_eq!((picks("korean"), picks("english")), (1, 1));

    let text = onno.text(&["models", "list"]);
    assert!(text.starts_with("NAME"), "{text}");
    assert!(text.contains("For this machine ("), "{text}");
    assert!(text.contains("Models folder: "), "{text}");
}

#[test]
fn models_work_beside_a_damaged_database() {
    let onno = Onno::empty();
    std::fs::write(onno.data_dir().join("onno.db"), b"not a database").expect("write");
    onno.json(&["models", "list"]);
}

#[test]
fn a_generated_model_placed_by_hand_is_found_and_checked() {
    let onno = Onno::empty();
    let target = onno.data_dir().join("models").join("ggml-tiny.bin");
    let shown = target.display().to_string();
    let stderr = onno.fails(&["models", "path", "tiny"], 3);
    assert!(stderr.contains(&shown), "{stderr}");

    std::fs::create_dir_all(target.parent().expect("parent")).expect("dir");
    std::fs::copy(test_model(ModelShape::Tiny), &target).expect("copy");
    assert_eq!(onno.text(&["models", "path", "tiny"]).trim(), shown);
    assert_eq!(
        onno.json(&["models", "path", "tiny"])["path"],
        shown.as_str()
    );
    assert!(onno.text(&["models", "list"]).contains("installed"));

    // Random weights are not the published tiny model: verification says so.
    let stderr = onno.fails(&["models", "verify", "tiny"], 1);
    assert!(stderr.contains("77691713 bytes"), "{stderr}");
    let out = onno.run(&["models", "verify"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("tiny: FAILED"));

    // By path it is any model file, and its header is what gets checked.
    let text = onno.text(&["models", "verify", &shown]);
    assert!(text.contains("header only"), "{text}");
    let v = onno.json(&["models", "verify", &shown]);
    assert_eq!(v["method"], "header_only");
}

#[test]
fn download_verify_and_remove_through_a_mirror() {
    let onno = Onno::empty();
    let data: Vec<u8> = (0..300_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let manifest = manifest_for(&onno, &data);
    let server = FileServer::start(vec![("/ggml-m.bin".into(), data.clone())]);
    let with_env = |args: &[&str]| {
        onno.command(args)
            .env("ONNO_MODELS_MANIFEST", &manifest)
            .env("ONNO_MODELS_BASE_URL", server.url())
            .output()
            .expect("run onno")
    };

    let out = with_env(&["models", "download", "m", "--json"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("m: downloading"),
        "plain progress lines: {stderr}"
    );
    let done: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let target = onno.data_dir().join("models").join("ggml-m.bin");
    assert_eq!(done["path"], target.display().to_string().as_str());
    assert_eq!(done["verified_by"], "checksum");
    assert_eq!(std::fs::read(&target).expect("read"), data);

    let out = with_env(&["models", "verify", "m", "--json"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["method"], "checksum");
    assert_eq!(v["checksums"], serde_json::json!(["sha256"]));

    let out = with_env(&["models", "remove", "m"]);
    assert!(out.status.success());
    assert!(!target.exists());
    let out = with_env(&["models", "remove", "m"]);
    assert_eq!(out.status.code(), Some(3));
}

#[test]
fn offline_downloads_fail_fast_and_say_where_to_put_the_file() {
    let onno = Onno::empty();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let started = Instant::now();
    let out = onno
        .command(&["models", "download", "base"])
        .env("ONNO_MODELS_BASE_URL", format!("http://127.0.0.1:{port}"))
        .output()
        .expect("run onno");
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let target = onno.data_dir().join("models").join("ggml-base.bin");
    assert!(stderr.contains(&target.display().to_string()), "{stderr}");
    assert!(stderr.contains("save it as"), "{stderr}");
}

#[test]
fn unknown_models_exit_with_not_found() {
    let onno = Onno::empty();
    let stderr = onno.fails(&["models", "download", "nonesuch"], 3);
    assert!(stderr.contains("onno models list"), "{stderr}");
    onno.fails(&["models", "verify", "nonesuch"], 3);
    onno.fails(&["models", "remove", "nonesuch"], 3);
}

#[test]
fn the_default_model_is_chosen_once_and_used_when_no_model_is_given() {
    let onno = Onno::empty();
    let shown = onno.json(&["models", "default"]);
    assert_eq!(shown["default"], serde_json::Value::Null);
    assert_eq!(shown["fallback"], "base");
    // Only a model that can be loaded becomes the default.
    onno.fails(&["models", "default", "nonesuch"], 3);
    onno.fails(&["models", "default", "small"], 3);

    let model = test_model(ModelShape::Tiny).display().to_string();
    let set = onno.json(&["models", "default", &model]);
    assert_eq!(set["default"], model.as_str());
    assert_eq!(onno.text(&["models", "default"]).trim(), model);

    // `onno transcribe` without --model loads it: the base model is not installed, so
    // only the default can have transcribed this.
    let wav = onno.data_dir().join("speech.wav");
    let mut audio = onno_test_support::audio::silence(0.5);
    audio.extend(onno_test_support::audio::speech_like(2.0, 3));
    audio.extend(onno_test_support::audio::silence(0.5));
    onno_test_support::audio::write_wav(&wav, &audio, 16_000).expect("write the WAV");
    let out = onno.json(&["transcribe", &wav.display().to_string()]);
    assert_eq!(out[0]["ok"], true, "{out}");
}
