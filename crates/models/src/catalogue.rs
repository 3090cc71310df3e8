//! The catalogue a front end shows: every speech model with its state on disk, where
//! its file goes, and the advice for this machine, in one call.

use serde::Serialize;

use crate::advice::{Advice, AdviceLanguage, Machine, advise, recommended};
use crate::error::ModelError;
use crate::manager::ModelManager;
use crate::manifest::{Languages, ModelKind};

/// One speech model of the catalogue.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CatalogueEntry {
    pub name: String,
    /// The download's size in bytes.
    pub size: u64,
    pub languages: Languages,
    /// Whether its file is in the models folder.
    pub installed: bool,
    /// Bytes of an unfinished download waiting to be resumed.
    pub partial_bytes: Option<u64>,
    /// Where its file is, or goes: the path to save it at by hand.
    pub path: String,
    /// Where it is downloaded from (a mirror's URL when one is set).
    pub url: String,
    /// Whether a published checksum verifies it.
    pub has_checksum: bool,
    pub advice: Advice,
}

/// The speech models, the machine they were judged for and the pick per language.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Catalogue {
    pub models: Vec<CatalogueEntry>,
    pub machine: Machine,
    pub recommended_korean: Option<String>,
    pub recommended_english: Option<String>,
    /// The models folder, for a person who installs a file by hand.
    pub models_dir: String,
}

impl ModelManager {
    /// The whisper models of the manifest with their state and advice for `machine`
    /// (the voice detector model is left out: it is not a choice a person makes).
    pub fn catalogue(&self, machine: &Machine) -> Result<Catalogue, ModelError> {
        let advice = advise(self.manifest(), machine);
        let models = self
            .list()?
            .into_iter()
            .filter(|status| status.entry.kind == ModelKind::Whisper)
            .filter_map(|status| {
                let advice = advice.iter().find(|a| a.name == status.entry.name)?.clone();
                Some(CatalogueEntry {
                    url: self.url(&status.entry.name).ok()?,
                    name: status.entry.name.clone(),
                    size: status.entry.size,
                    languages: status.entry.languages,
                    installed: status.installed,
                    partial_bytes: status.partial_bytes,
                    path: status.path.display().to_string(),
                    has_checksum: status.entry.has_checksum(),
                    advice,
                })
            })
            .collect();
        Ok(Catalogue {
            models,
            machine: *machine,
            recommended_korean: recommended(self.manifest(), machine, AdviceLanguage::Korean),
            recommended_english: recommended(self.manifest(), machine, AdviceLanguage::English),
            models_dir: self.models_dir().display().to_string(),
        })
    }

    /// Deletes an unfinished download (a paused one the user cancels). Returns whether
    /// there was one.
    pub fn discard_partial(&self, name: &str) -> Result<bool, ModelError> {
        let partial = crate::manager::partial_path(&self.path(name)?);
        let existed = partial.exists();
        crate::download::remove_partial(&partial)?;
        Ok(existed)
    }
}
