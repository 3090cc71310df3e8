//! Onno's secrets live in the OS keychain and nowhere else: the macOS Keychain, the
//! Windows Credential Manager, or on Linux the Secret Service (GNOME Keyring, KWallet)
//! spoken to over D-Bus by a pure-Rust client.
//!
//! A [`Secrets`] names the keychain service ("Onno" for the app); each secret is an
//! entry under it ([`LLM_API_KEY`], later the sync credentials). There is no cache and
//! no copy: every `get` asks the keychain. When no keychain is running (a headless
//! Linux session without a Secret Service), every call fails with
//! [`SecretErrorKind::NoKeychain`] and a message that says what to start.
//!
//! For scripts, [`llm_api_key`] lets the `ONNO_LLM_API_KEY` environment variable
//! override the stored key; that value is used as is and never written anywhere.
//!
//! ```no_run
//! use onno_secrets::{Secrets, LLM_API_KEY};
//!
//! let secrets = Secrets::new("Onno");
//! secrets.set(LLM_API_KEY, "sk-...")?;
//! assert_eq!(secrets.get(LLM_API_KEY)?.as_deref(), Some("sk-..."));
//! secrets.delete(LLM_API_KEY)?;
//! # Ok::<(), onno_secrets::SecretError>(())
//! ```

use keyring::Entry;

/// The keychain service name the app and the command line share.
pub const SERVICE: &str = "Onno";

/// The entry holding the language model's API key.
pub const LLM_API_KEY: &str = "llm-api-key";

/// Overrides the stored language model key for scripts; never stored.
pub const LLM_API_KEY_ENV: &str = "ONNO_LLM_API_KEY";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretErrorKind {
    /// No keychain is available (on Linux: no Secret Service on the session bus).
    NoKeychain,
    /// The keychain is there but refused or failed the operation (locked, denied).
    Keychain,
    /// The name or value cannot be stored (empty, too long, not text).
    Invalid,
}

/// A keychain failure. Messages never contain the secret.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct SecretError {
    kind: SecretErrorKind,
    message: String,
}

impl SecretError {
    pub fn kind(&self) -> SecretErrorKind {
        self.kind
    }

    fn new(kind: SecretErrorKind, message: String) -> SecretError {
        SecretError { kind, message }
    }
}

pub type Result<T, E = SecretError> = std::result::Result<T, E>;

/// The secrets of one keychain service.
#[derive(Debug, Clone)]
pub struct Secrets {
    service: String,
}

impl Secrets {
    pub fn new(service: &str) -> Secrets {
        Secrets {
            service: service.to_owned(),
        }
    }

    /// The app's own service, [`SERVICE`].
    pub fn onno() -> Secrets {
        Secrets::new(SERVICE)
    }

    /// The secret `name`, or `None` when none is stored.
    pub fn get(&self, name: &str) -> Result<Option<String>> {
        match self.entry(name)?.get_password() {
            Ok(value) => Ok(Some(value)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(self.failure("read", name, e)),
        }
    }

    /// Stores `value` as secret `name`, replacing an earlier one.
    pub fn set(&self, name: &str, value: &str) -> Result<()> {
        if value.is_empty() {
            return Err(SecretError::new(
                SecretErrorKind::Invalid,
                format!("the secret {name} must not be empty"),
            ));
        }
        self.entry(name)?
            .set_password(value)
            .map_err(|e| self.failure("store", name, e))
    }

    /// Removes secret `name`; `false` when there was none.
    pub fn delete(&self, name: &str) -> Result<bool> {
        match self.entry(name)?.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(e) => Err(self.failure("remove", name, e)),
        }
    }

    fn entry(&self, name: &str) -> Result<Entry> {
        Entry::new(&self.service, name).map_err(|e| self.failure("open", name, e))
    }

    fn failure(&self, doing: &str, name: &str, e: keyring::Error) -> SecretError {
        let (kind, hint) = match &e {
            keyring::Error::NoDefaultStore | keyring::Error::NoStorageAccess(_) => {
                (SecretErrorKind::NoKeychain, NO_KEYCHAIN_HINT)
            }
            keyring::Error::BadEncoding(_)
            | keyring::Error::TooLong(_, _)
            | keyring::Error::Invalid(_, _) => (SecretErrorKind::Invalid, ""),
            _ => (SecretErrorKind::Keychain, ""),
        };
        SecretError::new(
            kind,
            format!(
                "cannot {doing} {name} in the keychain ({}): {e}{hint}",
                self.service
            ),
        )
    }
}

#[cfg(target_os = "linux")]
const NO_KEYCHAIN_HINT: &str = ". No Secret Service is running on the session bus: start \
    GNOME Keyring or KWallet (or set ONNO_LLM_API_KEY for scripts)";
#[cfg(not(target_os = "linux"))]
const NO_KEYCHAIN_HINT: &str = "";

/// Where the language model key came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeySource {
    /// `ONNO_LLM_API_KEY`, which wins over the keychain.
    Environment,
    Keychain,
}

/// The language model key: `ONNO_LLM_API_KEY` when it is set and not empty, else the
/// keychain's entry, else `None`. The keychain is not asked when the variable is set,
/// so a script works on a machine without one.
pub fn llm_api_key(secrets: &Secrets) -> Result<Option<(String, KeySource)>> {
    if let Some(key) = std::env::var(LLM_API_KEY_ENV)
        .ok()
        .filter(|k| !k.trim().is_empty())
    {
        return Ok(Some((key.trim().to_owned(), KeySource::Environment)));
    }
    Ok(secrets
        .get(LLM_API_KEY)?
        .map(|key| (key, KeySource::Keychain)))
}
