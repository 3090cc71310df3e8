//! The keychain for real: on Linux these run against the Secret Service that
//! `scripts/with-secret-service.sh` starts (gnome-keyring under dbus-run-session).
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use onno_secrets::{LLM_API_KEY, Secrets};

/// A service name no other test (or real install) uses.
fn secrets(test: &str) -> Secrets {
    Secrets::new(&format!("onno-test-{test}-{}", std::process::id()))
}

#[test]
fn a_secret_is_stored_read_replaced_and_deleted() {
    let s = secrets("roundtrip");
    assert_eq!(s.get(LLM_API_KEY).unwrap(), None);
    s.set(LLM_API_KEY, "sk-first").unwrap();
    assert_eq!(s.get(LLM_API_KEY).unwrap().as_deref(), Some("sk-first"));
    s.set(LLM_API_KEY, "sk-second 키").unwrap();
    assert_eq!(s.get(LLM_API_KEY).unwrap().as_deref(), Some("sk-second 키"));
    assert!(s.delete(LLM_API_KEY).unwrap());
    assert!(!s.delete(LLM_API_KEY).unwrap());
    assert_eq!(s.get(LLM_API_KEY).unwrap(), None);
}

#[test]
fn services_do_not_see_each_other() {
    let (a, b) = (secrets("a"), secrets("b"));
    a.set(LLM_API_KEY, "sk-a").unwrap();
    assert_eq!(b.get(LLM_API_KEY).unwrap(), None);
    a.delete(LLM_API_KEY).unwrap();
}

#[test]
fn an_empty_secret_is_refused() {
    let err = secrets("empty").set(LLM_API_KEY, "").unwrap_err();
    assert_eq!(err.kind(), onno_secrets::SecretErrorKind::Invalid);
}
