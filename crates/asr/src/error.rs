use std::fmt;

/// What went wrong, for callers that branch on it (exit codes, UI messages, retries).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The model file could not be read (missing, a directory, permissions).
    Io,
    /// The file is not a usable whisper ggml model: wrong kind, bad header, truncated.
    InvalidModel,
    /// whisper.cpp refused a model that passed our checks, or could not allocate a state.
    ModelLoad,
    /// The language is unknown, or the model cannot transcribe it (English-only model).
    UnsupportedLanguage,
    /// The audio cannot be transcribed (non-finite samples, too long).
    InvalidAudio,
    /// A configuration or option value is out of range.
    InvalidConfig,
    /// whisper.cpp failed while transcribing.
    Inference,
    /// The call was stopped through its [`CancelHandle`](crate::CancelHandle).
    Cancelled,
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ErrorKind::Io => "i/o error",
            ErrorKind::InvalidModel => "invalid model",
            ErrorKind::ModelLoad => "model load failed",
            ErrorKind::UnsupportedLanguage => "unsupported language",
            ErrorKind::InvalidAudio => "invalid audio",
            ErrorKind::InvalidConfig => "invalid configuration",
            ErrorKind::Cancelled => "cancelled",
            ErrorKind::Inference => "transcription failed",
        })
    }
}

/// The one error type of this crate: a [`ErrorKind`] and a one-line message that says
/// what happened and, for model files, which file and what to do about it.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct AsrError {
    kind: ErrorKind,
    message: String,
    #[source]
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

impl AsrError {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        AsrError {
            kind,
            message: message.into(),
            source: None,
        }
    }

    pub(crate) fn with_source(
        kind: ErrorKind,
        message: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        AsrError {
            kind,
            message: message.into(),
            source: Some(Box::new(source)),
        }
    }

    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
}
