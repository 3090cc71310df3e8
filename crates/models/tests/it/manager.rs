//! Listing, finding, checking and removing installed models.

use onno_models::{ErrorKind, Manifest, Method, ModelKind, ModelManager};
use onno_test_support::{ModelShape, test_model};

use crate::Fixture;

#[test]
fn list_shows_installed_and_partial_files() {
    let (fx, data) = Fixture::one(2000);
    let dir = fx.models_dir();
    let listed = fx.manager.list().expect("list");
    assert_eq!(listed.len(), 1);
    assert!(!listed[0].installed);
    assert_eq!(listed[0].size_on_disk, None);

    std::fs::create_dir_all(dir).expect("dir");
    std::fs::write(dir.join("m.bin.partial"), &data[..10]).expect("partial");
    let listed = fx.manager.list().expect("list");
    assert_eq!(listed[0].partial_bytes, Some(10));

    std::fs::write(dir.join("m.bin"), &data).expect("model");
    let listed = fx.manager.list().expect("list");
    assert!(listed[0].installed);
    assert_eq!(listed[0].size_on_disk, Some(2000));
    assert_eq!(listed[0].path, dir.join("m.bin"));
}

#[test]
fn resolve_takes_a_name_or_a_path() {
    let (fx, data) = Fixture::one(100);
    let err = fx.manager.resolve("m").expect_err("not installed");
    assert_eq!(err.kind(), ErrorKind::NotInstalled);
    let target = fx.models_dir().join("m.bin");
    assert!(
        err.to_string().contains(&target.display().to_string()),
        "{err}"
    );

    std::fs::create_dir_all(fx.models_dir()).expect("dir");
    std::fs::write(&target, &data).expect("model");
    assert_eq!(fx.manager.resolve("m").expect("by name"), target);

    let elsewhere = fx.dir.path().join("my-model.bin");
    std::fs::write(&elsewhere, b"x").expect("file");
    let shown = elsewhere.display().to_string();
    assert_eq!(fx.manager.resolve(&shown).expect("by path"), elsewhere);

    let err = fx.manager.resolve("nonesuch").expect_err("unknown");
    assert_eq!(err.kind(), ErrorKind::UnknownModel);
    let err = fx
        .manager
        .resolve(&fx.dir.path().display().to_string())
        .expect_err("dir");
    assert_eq!(err.kind(), ErrorKind::UnknownModel);
}

#[test]
fn remove_deletes_the_model_and_its_partial() {
    let (fx, data) = Fixture::one(100);
    let dir = fx.models_dir();
    assert_eq!(
        fx.manager.remove("m").expect_err("none").kind(),
        ErrorKind::NotInstalled
    );
    std::fs::create_dir_all(dir).expect("dir");
    std::fs::write(dir.join("m.bin"), &data).expect("model");
    std::fs::write(dir.join("m.bin.partial"), &data).expect("partial");
    let removed = fx.manager.remove("m").expect("remove");
    assert_eq!(removed.len(), 2);
    assert!(!dir.join("m.bin").exists() && !dir.join("m.bin.partial").exists());
    assert_eq!(
        fx.manager.remove("x").expect_err("unknown").kind(),
        ErrorKind::UnknownModel
    );
}

#[test]
fn a_generated_tiny_model_placed_by_hand_is_found_and_checked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let manager = ModelManager::new(dir.path(), Manifest::builtin());
    let path = manager.path("tiny").expect("path");
    assert_eq!(path, dir.path().join("ggml-tiny.bin"));
    std::fs::copy(test_model(ModelShape::Tiny), &path).expect("copy");
    assert_eq!(manager.resolve("tiny").expect("resolve"), path);

    // It is not the published file, and the manager says so.
    let err = manager.verify("tiny").expect_err("not the published tiny");
    assert_eq!(err.kind(), ErrorKind::SizeMismatch, "{err}");

    // By path, its header is checked instead.
    let v = manager
        .verify_file(&path, ModelKind::Whisper)
        .expect("valid header");
    assert_eq!(v.method, Method::HeaderOnly);
    let err = manager
        .verify_file(&path, ModelKind::Vad)
        .expect_err("not a VAD model");
    assert_eq!(err.kind(), ErrorKind::InvalidModel);
}

#[test]
fn the_catalogue_says_where_each_model_goes_and_what_suits_this_machine() {
    let manager = ModelManager::new("/data/models", Manifest::builtin())
        .with_base_url(Some("http://mirror.example/models/".into()));
    let machine = onno_models::Machine {
        memory_bytes: Some(8 << 30),
        cores: 4,
    };
    let catalogue = manager.catalogue(&machine).expect("catalogue");
    assert!(catalogue.models.iter().all(|m| m.name != "silero-v5.1.2"));
    let small = catalogue
        .models
        .iter()
        .find(|m| m.name == "small")
        .expect("small");
    assert_eq!(small.url, "http://mirror.example/models/ggml-small.bin");
    assert!(small.path.ends_with("ggml-small.bin"), "{}", small.path);
    assert!(!small.installed);
    assert_eq!(catalogue.recommended_korean.as_deref(), Some("small"));
    assert_eq!(catalogue.recommended_english.as_deref(), Some("base.en"));
    assert_eq!(small.advice.korean, onno_models::Fit::Recommended);
}

#[test]
fn a_paused_download_can_be_discarded() {
    let (fx, data) = Fixture::one(2000);
    std::fs::create_dir_all(fx.models_dir()).expect("dir");
    std::fs::write(fx.models_dir().join("m.bin.partial"), &data[..10]).expect("partial");
    assert!(fx.manager.discard_partial("m").expect("discard"));
    assert_eq!(fx.manager.list().expect("list")[0].partial_bytes, None);
    assert!(!fx.manager.discard_partial("m").expect("nothing left"));
}
