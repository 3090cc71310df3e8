//! Small named preferences, stored as JSON. Secrets never go here: they live in the OS
//! keychain.

use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::clock::now_timestamp;
use crate::validate::{required_text, to_json};
use crate::{Result, Store, StoreError};

impl Store {
    /// The setting `key`, or `None` when it was never set.
    pub fn setting<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>> {
        let text: Option<String> = self
            .reader()
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?;
        text.map(|t| {
            serde_json::from_str(&t).map_err(|e| {
                StoreError::invalid("setting", format!("{key} holds an unexpected value: {e}"))
            })
        })
        .transpose()
    }

    pub fn set_setting<T: Serialize>(&self, key: &str, value: &T) -> Result<()> {
        let key = required_text("setting key", key, 100)?;
        let value = to_json(value);
        self.write(|tx| {
            tx.execute(
                "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value,
                                                 updated_at = excluded.updated_at",
                params![key, value, now_timestamp()],
            )?;
            Ok(())
        })
    }

    /// Removes the setting `key`; `false` when it was not set.
    pub fn delete_setting(&self, key: &str) -> Result<bool> {
        self.write(|tx| Ok(tx.execute("DELETE FROM settings WHERE key = ?1", [key])? > 0))
    }
}

/// The setting that holds the languages the user speaks in meetings.
pub const SPOKEN_LANGUAGES_SETTING: &str = "spoken_languages";

/// The languages "auto" chooses among until the user says otherwise: Onno's users speak
/// Korean and English.
pub const DEFAULT_SPOKEN_LANGUAGES: [&str; 2] = ["ko", "en"];

/// The most spoken languages kept: more would bring back detection among everything.
pub const MAX_SPOKEN_LANGUAGES: usize = 10;

impl Store {
    /// The languages the user speaks in meetings, as language codes, the most used
    /// first: Korean and English unless set.
    pub fn spoken_languages(&self) -> Result<Vec<String>> {
        let stored: Option<Vec<String>> = self.setting(SPOKEN_LANGUAGES_SETTING)?;
        Ok(stored
            .filter(|codes| !codes.is_empty())
            .unwrap_or_else(|| DEFAULT_SPOKEN_LANGUAGES.map(str::to_owned).to_vec()))
    }

    /// Sets the languages the user speaks: one to [`MAX_SPOKEN_LANGUAGES`] codes such as
    /// `ko`, without repeats. Whether speech recognition knows them is the caller's to
    /// check (the store knows no language list).
    pub fn set_spoken_languages(&self, codes: &[String]) -> Result<()> {
        if codes.is_empty() || codes.len() > MAX_SPOKEN_LANGUAGES {
            return Err(StoreError::invalid(
                "spoken languages",
                format!("1 to {MAX_SPOKEN_LANGUAGES} languages, got {}", codes.len()),
            ));
        }
        for (i, code) in codes.iter().enumerate() {
            let letters = (2..=3).contains(&code.len());
            if !letters || !code.chars().all(|c| c.is_ascii_lowercase()) {
                return Err(StoreError::invalid(
                    "spoken languages",
                    format!("{code:?} is not a language code like ko"),
                ));
            }
            if codes[..i].contains(code) {
                return Err(StoreError::invalid(
                    "spoken languages",
                    format!("{code} is listed twice"),
                ));
            }
        }
        self.set_setting(SPOKEN_LANGUAGES_SETTING, &codes)
    }
}
