//! The language model client as a person set it up: the endpoint from the store's
//! settings, the key from `ONNO_LLM_API_KEY` or the OS keychain. The app and the
//! command line both start here, so they cannot differ in where the key comes from.

use std::time::Duration;

use onno_llm::{ApiKey, LlmClient, LlmConfig, LlmSettings};
use onno_secrets::{SecretError, Secrets};

use crate::error::Result;

/// How long one request to a local (keyless) endpoint may take.
pub const LOCAL_TIMEOUT: Duration = Duration::from_secs(180);

/// A client, and why it calls without a key when the keychain could not be read.
pub struct KeyedClient {
    pub client: LlmClient,
    /// The keychain's failure: the client then calls without a key (local servers need
    /// none; a remote one answers with a clear 401). Show or log it.
    pub keychain_problem: Option<SecretError>,
}

/// A client for `settings`. A keyless endpoint never asks the keychain, so it works
/// where none runs.
pub fn client_for(settings: LlmSettings, secrets: &Secrets) -> Result<KeyedClient> {
    let found = (!settings.keyless).then(|| onno_secrets::llm_api_key(secrets));
    let (key, keychain_problem) = match found {
        None => (None, None),
        Some(Ok(found)) => (found.and_then(|(key, _)| ApiKey::new(&key)), None),
        Some(Err(e)) => (None, Some(e)),
    };
    let mut config = LlmConfig::new(settings, key);
    // A whole-meeting analysis makes more calls than the per-minute limit allows; it
    // waits for the next minute rather than fail.
    config.max_wait = Duration::from_secs(65);
    // A server that needs no key runs on the person's own machine, where a small
    // model on a laptop's cores can take minutes over a long answer; a remote API that
    // takes that long is broken, so the shorter default stays for those.
    if config.settings.keyless {
        config.timeout = LOCAL_TIMEOUT;
    }
    Ok(KeyedClient {
        client: LlmClient::new(config)?,
        keychain_problem,
    })
}
