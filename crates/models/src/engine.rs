//! Loading a speech model by name or path into a whisper engine: the one way the app and
//! the command line do it, so they cannot differ in where the file comes from.

use std::path::PathBuf;

use onno_asr::{AsrError, EngineConfig, ModelConfig, WhisperEngine, WhisperModel};

use crate::{ModelError, ModelKind, ModelManager, Stop};

/// Why a speech model could not be loaded: the manager found no usable file, or whisper
/// could not load the one it found.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(transparent)]
    Model(#[from] ModelError),
    #[error(transparent)]
    Asr(#[from] AsrError),
}

impl ModelManager {
    /// A whisper engine for `name_or_path` (an installed model's name or a model file's
    /// path) with `config`'s threads.
    pub fn load_engine(
        &self,
        name_or_path: &str,
        config: &EngineConfig,
    ) -> Result<WhisperEngine, LoadError> {
        let path = self.resolve(name_or_path)?;
        let model = WhisperModel::load(&path, &ModelConfig::default())?;
        Ok(WhisperEngine::new(model, config)?)
    }

    /// The Silero voice detector to find speech with, when one is installed: it tells
    /// speech from noise far better than the built-in energy detector, which stays the
    /// fallback. `None` when no detector model is in the models folder.
    pub fn voice_detector(&self) -> Option<PathBuf> {
        self.manifest()
            .entries()
            .iter()
            .filter(|entry| entry.kind == ModelKind::Vad)
            .map(|entry| self.models_dir().join(&entry.file))
            .find(|path| path.is_file())
    }

    /// Downloads the manifest's voice detector model unless one is installed, and
    /// returns the installed one. It is small (under 1 MB) and is fetched beside the
    /// first speech model so that a person never has to know it exists. `Ok(None)` when
    /// the manifest has none.
    pub fn ensure_voice_detector(&self, stop: &Stop) -> Result<Option<PathBuf>, ModelError> {
        if let Some(installed) = self.voice_detector() {
            return Ok(Some(installed));
        }
        let Some(entry) = self
            .manifest()
            .entries()
            .iter()
            .find(|e| e.kind == ModelKind::Vad)
        else {
            return Ok(None);
        };
        self.download_until(&entry.name, stop, &mut |_| {})
            .map(Some)
    }
}
