//! What the app's first-run setup has done, and the speech model chosen as the default,
//! both small settings.
//!
//! The setup is a few steps a person can leave and come back to; where they were and
//! whether they finished or skipped it is kept here, so it resumes where it stopped.

use serde::{Deserialize, Serialize};

use crate::validate::required_text;
use crate::{Result, Store};

/// The setting that holds the [`Setup`].
pub const SETUP_SETTING: &str = "setup";
/// The setting that holds the default speech model's name (or a model file's path).
pub const DEFAULT_MODEL_SETTING: &str = "speech.default_model";

/// The steps of the first-run setup, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum SetupStep {
    #[default]
    Language,
    Consent,
    Devices,
    SpeechModel,
    LanguageModel,
}

/// Where the first-run setup stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Setup {
    /// The step to show when the setup is opened again.
    pub step: SetupStep,
    /// Finished: the setup is no longer shown at start.
    pub completed: bool,
    /// Left for later: not shown at start; Settings opens it again.
    pub skipped: bool,
    /// Remind the user on the Record page to ask for consent before each meeting.
    pub consent_reminder: bool,
}

impl Default for Setup {
    fn default() -> Self {
        Setup {
            step: SetupStep::default(),
            completed: false,
            skipped: false,
            consent_reminder: true,
        }
    }
}

impl Store {
    /// The setup's progress (not started, unless saved).
    pub fn setup(&self) -> Result<Setup> {
        Ok(self.setting(SETUP_SETTING)?.unwrap_or_default())
    }

    pub fn set_setup(&self, setup: &Setup) -> Result<()> {
        self.set_setting(SETUP_SETTING, setup)
    }

    /// Whether to open the setup at start: neither finished nor skipped, and no meeting
    /// in the database yet (someone with meetings has been using Onno already).
    pub fn setup_pending(&self) -> Result<bool> {
        let setup = self.setup()?;
        if setup.completed || setup.skipped {
            return Ok(false);
        }
        let meetings: i64 = self
            .reader()
            .query_row("SELECT COUNT(*) FROM meetings", [], |r| r.get(0))?;
        Ok(meetings == 0)
    }

    /// The default speech model for recording, file transcription and the final pass:
    /// a model name or a model file's path, `None` until one is chosen.
    pub fn default_model(&self) -> Result<Option<String>> {
        self.setting(DEFAULT_MODEL_SETTING)
    }

    /// Sets the default speech model; the caller checks that it names a usable model.
    pub fn set_default_model(&self, name_or_path: &str) -> Result<()> {
        let value = required_text("default model", name_or_path, 4096)?;
        self.set_setting(DEFAULT_MODEL_SETTING, &value)
    }

    /// The speech model to use when `named` is asked for: `named` itself unless it is
    /// blank, else the default chosen, else `fallback` (the CLI's `base`); `None` when
    /// none of these is there (the app then asks the user to choose one).
    pub fn model_to_use(&self, named: &str, fallback: Option<&str>) -> Result<Option<String>> {
        Ok(match named.trim() {
            "" => self
                .default_model()?
                .or_else(|| fallback.map(str::to_owned)),
            named => Some(named.to_owned()),
        })
    }

    /// Makes `name` (a model just installed) the default unless the default chosen now
    /// is still `usable` (installed, or a file that exists), so that a first download,
    /// or one after the default was removed, is what records. Returns whether it did.
    pub fn adopt_default_model(&self, name: &str, usable: impl Fn(&str) -> bool) -> Result<bool> {
        if self
            .default_model()?
            .is_some_and(|current| usable(&current))
        {
            return Ok(false);
        }
        self.set_default_model(name)?;
        Ok(true)
    }
}
