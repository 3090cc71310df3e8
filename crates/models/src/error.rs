use std::fmt;

/// What went wrong, for callers that branch on it (exit codes, UI messages, retries).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The name is not in the manifest (and, for `resolve`, is not a file either).
    UnknownModel,
    /// The model is in the manifest but its file is not in the models folder.
    NotInstalled,
    /// The manifest text is not valid.
    InvalidManifest,
    /// The download server cannot be reached (no network, DNS failure, refused, timeout).
    /// The message says where to put the file by hand.
    Offline,
    /// The server answered with an error status or broke the protocol.
    Http,
    /// The connection dropped mid-body. The partial file is kept; downloading again
    /// resumes it.
    Interrupted,
    /// The file's size is not the manifest's.
    SizeMismatch,
    /// The file's checksum is not the manifest's.
    ChecksumMismatch,
    /// The file is not a model of the expected kind (bad header, truncated tensors).
    InvalidModel,
    /// Another download of the same model is running.
    Busy,
    /// The download was paused ([`crate::Stop::pause`]); the partial file is kept and
    /// the next download resumes it.
    Paused,
    /// The download was cancelled ([`crate::Stop::cancel`]); the partial file is deleted.
    Cancelled,
    /// Reading or writing a local file failed.
    Io,
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ErrorKind::UnknownModel => "unknown model",
            ErrorKind::NotInstalled => "model not installed",
            ErrorKind::InvalidManifest => "invalid manifest",
            ErrorKind::Offline => "offline",
            ErrorKind::Http => "http error",
            ErrorKind::Interrupted => "download interrupted",
            ErrorKind::SizeMismatch => "size mismatch",
            ErrorKind::ChecksumMismatch => "checksum mismatch",
            ErrorKind::InvalidModel => "invalid model",
            ErrorKind::Busy => "busy",
            ErrorKind::Paused => "paused",
            ErrorKind::Cancelled => "cancelled",
            ErrorKind::Io => "i/o error",
        })
    }
}

/// The one error type of this crate: an [`ErrorKind`] and a one-line message that names
/// the model or file, includes the underlying cause (an OS or HTTP error), and, where
/// there is one, says what to do next. The message is complete on its own, so the error
/// has no `source()` for a reporter to print a second time.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct ModelError {
    kind: ErrorKind,
    message: String,
}

impl ModelError {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        ModelError {
            kind,
            message: message.into(),
        }
    }

    /// An [`ErrorKind::Io`] error; `message` already names the file and the OS error.
    pub(crate) fn io(message: impl Into<String>, _cause: std::io::Error) -> Self {
        ModelError::new(ErrorKind::Io, message)
    }

    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
}
