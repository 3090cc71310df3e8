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
}
