//! The language model client as a person set it up: the endpoint from the store's
//! settings, the key from `ONNO_LLM_API_KEY` or the OS keychain. The app and the
//! command line both start here, so they cannot differ in where the key comes from.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use onno_llm::{ApiKey, LlmClient, LlmConfig, LlmSettings};
use onno_secrets::{SecretError, Secrets};
use onno_store::Store;

use crate::SkipReason;
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

/// The one client of a long-running process, so the endpoint's per-minute limit holds
/// across its meetings and analyses; made again when the settings change.
#[derive(Default)]
pub struct SharedClient(Mutex<Option<(LlmSettings, Arc<LlmClient>)>>);

impl SharedClient {
    /// The client for the stored settings, or why there is none (no model configured,
    /// or switched off). A keychain that cannot be read is logged and leaves the calls
    /// without a key (see [`KeyedClient::keychain_problem`]).
    pub fn client(
        &self,
        store: &Store,
        secrets: &Secrets,
    ) -> Result<std::result::Result<Arc<LlmClient>, SkipReason>> {
        let Some(settings) = LlmSettings::load(store)? else {
            return Ok(Err(SkipReason::NotConfigured));
        };
        if !settings.enabled {
            return Ok(Err(SkipReason::OffInSettings));
        }
        let mut cached = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((known, client)) = cached.as_ref()
            && *known == settings
        {
            return Ok(Ok(client.clone()));
        }
        let keyed = client_for(settings.clone(), secrets)?;
        if let Some(e) = keyed.keychain_problem {
            tracing::warn!(error = %e, "the keychain could not be read; calling without a key");
        }
        let client = Arc::new(keyed.client);
        *cached = Some((settings, client.clone()));
        Ok(Ok(client))
    }

    /// Forgets the client (the settings or the key changed).
    pub fn forget(&self) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }
}
