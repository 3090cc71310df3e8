//! The language model key: kept in the OS keychain, and every change of it written to
//! the audit log (that it was stored or forgotten, never the key). The app and the
//! command line both change it here, so neither can skip the log.

use onno_secrets::{LLM_API_KEY, Secrets};
use onno_store::Store;

use crate::error::Result;

/// The audit log's resource for the key.
pub const LLM_KEY_RESOURCE: &str = "llm_api_key";

/// Stores `key` (trimmed) in the keychain and notes the change.
pub fn store_llm_key(store: &Store, secrets: &Secrets, key: &str) -> Result<()> {
    secrets.set(LLM_API_KEY, key.trim())?;
    record(store, "stored")
}

/// Removes the stored key, if there was one, and notes the change; whether one was
/// removed.
pub fn forget_llm_key(store: &Store, secrets: &Secrets) -> Result<bool> {
    let removed = secrets.delete(LLM_API_KEY)?;
    if removed {
        record(store, "removed")?;
    }
    Ok(removed)
}

fn record(store: &Store, change: &str) -> Result<()> {
    store.record_audit(
        "key_change",
        LLM_KEY_RESOURCE,
        &serde_json::json!({ "change": change }),
    )?;
    Ok(())
}
