//! Key changes against the real keychain (the Secret Service that
//! `scripts/with-secret-service.sh` starts) and the real audit log.

use onno_assist::{LLM_KEY_RESOURCE, forget_llm_key, store_llm_key};
use onno_secrets::{LLM_API_KEY, Secrets};
use onno_store::Page;

use crate::test_store;

#[test]
fn storing_and_forgetting_the_key_is_audited_without_the_key() {
    let store = test_store();
    let secrets = Secrets::new(&format!("onno-test-key-audit-{}", std::process::id()));
    store_llm_key(&store, &secrets, " sk-secret-4711 ").unwrap();
    assert_eq!(
        secrets.get(LLM_API_KEY).unwrap().as_deref(),
        Some("sk-secret-4711")
    );
    assert!(forget_llm_key(&store, &secrets).unwrap());
    assert!(
        !forget_llm_key(&store, &secrets).unwrap(),
        "nothing left to remove"
    );

    let log = store.audit_log(Page::default()).unwrap();
    let changes: Vec<_> = log
        .items
        .iter()
        .map(|e| {
            (
                e.action.as_str(),
                e.resource.as_str(),
                e.details["change"].clone(),
            )
        })
        .collect();
    assert_eq!(
        changes,
        [
            ("key_change", LLM_KEY_RESOURCE, "removed".into()),
            ("key_change", LLM_KEY_RESOURCE, "stored".into()),
        ]
    );
    let logged = serde_json::to_string(&log.items).unwrap();
    assert!(!logged.contains("sk-secret"), "{logged}");
}
