use onno_store::{Setup, SetupStep};

use crate::{meeting, test_store};

#[test]
fn the_setup_resumes_where_it_was_left_and_ends_when_finished_or_skipped() {
    let s = test_store();
    assert_eq!(s.setup().unwrap(), Setup::default());
    assert!(
        s.setup().unwrap().consent_reminder,
        "the reminder is on by default"
    );
    assert!(s.setup_pending().unwrap(), "a new database opens the setup");

    let mut setup = Setup {
        step: SetupStep::Devices,
        ..Setup::default()
    };
    s.set_setup(&setup).unwrap();
    assert_eq!(s.setup().unwrap().step, SetupStep::Devices);
    assert!(s.setup_pending().unwrap());

    setup.skipped = true;
    s.set_setup(&setup).unwrap();
    assert!(!s.setup_pending().unwrap(), "skipped: not shown at start");

    setup.skipped = false;
    setup.completed = true;
    s.set_setup(&setup).unwrap();
    assert!(!s.setup_pending().unwrap());
}

#[test]
fn a_database_with_meetings_does_not_open_the_setup() {
    let s = test_store();
    meeting(&s, "Imported", "2026-11-01T10:00:00Z");
    assert!(!s.setup_pending().unwrap());
}

#[test]
fn the_default_model_is_kept_and_a_blank_one_refused() {
    let s = test_store();
    assert_eq!(s.default_model().unwrap(), None);
    s.set_default_model(" small ").unwrap();
    assert_eq!(s.default_model().unwrap().as_deref(), Some("small"));
    let err = s.set_default_model("  ").unwrap_err();
    assert_eq!(err.kind(), onno_store::ErrorKind::Invalid);
    assert_eq!(s.default_model().unwrap().as_deref(), Some("small"));
}

#[test]
fn a_downloaded_model_becomes_the_default_only_when_none_usable_is_chosen() {
    let s = test_store();
    // None chosen: the download is adopted.
    assert!(s.adopt_default_model("base", |_| true).unwrap());
    assert_eq!(s.default_model().unwrap().as_deref(), Some("base"));
    // A usable default stays.
    assert!(!s.adopt_default_model("small", |m| m == "base").unwrap());
    assert_eq!(s.default_model().unwrap().as_deref(), Some("base"));
    // A default that can no longer be loaded (removed) gives way.
    assert!(s.adopt_default_model("small", |_| false).unwrap());
    assert_eq!(s.default_model().unwrap().as_deref(), Some("small"));
}

#[test]
fn the_spoken_languages_are_korean_and_english_until_set() {
    let s = test_store();
    assert_eq!(s.spoken_languages().unwrap(), ["ko", "en"]);
    let codes = |c: &[&str]| c.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    s.set_spoken_languages(&codes(&["en", "ja", "ko"])).unwrap();
    assert_eq!(s.spoken_languages().unwrap(), ["en", "ja", "ko"]);
    s.set_spoken_languages(&codes(&["ko"])).unwrap();
    assert_eq!(s.spoken_languages().unwrap(), ["ko"]);
    for bad in [
        codes(&[]),
        codes(&["ko", "ko"]),
        codes(&["Korean"]),
        codes(&["k"]),
        codes(&["ko\0"]),
        vec!["en".to_owned(); 11],
    ] {
        assert!(s.set_spoken_languages(&bad).is_err(), "{bad:?}");
    }
    assert_eq!(
        s.spoken_languages().unwrap(),
        ["ko"],
        "a refusal changes nothing"
    );
}

#[test]
fn a_meeting_settles_on_a_language() {
    let s = test_store();
    let id = meeting(&s, "Call", "2026-03-02T10:00:00Z");
    assert_eq!(s.meeting(id).unwrap().language, None);
    s.set_meeting_language(id, "ko").unwrap();
    let after = s.meeting(id).unwrap();
    assert_eq!(after.language.as_deref(), Some("ko"));
    assert_eq!(after.title, "Call");
    assert!(s.set_meeting_language(id, "Korean!").is_err());
    assert!(s.set_meeting_language(id + 100, "ko").is_err());
}
