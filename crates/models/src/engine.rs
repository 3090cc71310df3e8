//! Loading a speech model by name or path into a whisper engine: the one way the app and
//! the command line do it, so they cannot differ in where the file comes from.

use onno_asr::{AsrError, EngineConfig, ModelConfig, WhisperEngine, WhisperModel};

use crate::{ModelError, ModelManager};

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
}
