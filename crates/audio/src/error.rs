//! The crate's one error type.

use std::fmt;

/// What went wrong, for callers that branch on it (exit codes, retry, skip).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The path does not exist.
    NotFound,
    /// The path exists but is not a regular file (a directory, for instance).
    NotAFile,
    /// The file has no bytes at all.
    Empty,
    /// Reading failed for a reason other than the ones above.
    Io,
    /// The bytes are not a container this crate can read (garbage, or a format not built in).
    UnknownFormat,
    /// The container is readable but its audio codec is not (Opus, for instance).
    UnsupportedCodec,
    /// The container holds no audio track.
    NoAudioTrack,
    /// The sample rate or channel count is outside what this crate accepts.
    UnsupportedParameters,
    /// The stream is damaged: a truncated header, or packets that do not decode.
    Malformed,
}

/// An error from decoding or resampling, naming the file (or stream) it came from.
#[derive(Debug, thiserror::Error)]
pub struct AudioError {
    name: String,
    kind: ErrorKind,
    message: String,
    #[source]
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

impl AudioError {
    pub(crate) fn new(name: &str, kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            name: name.to_owned(),
            kind,
            message: message.into(),
            source: None,
        }
    }

    pub(crate) fn with_source(
        mut self,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        self.source = Some(Box::new(source));
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The file path (or stream name) the error is about.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The message without the name.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for AudioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.name, self.message)
    }
}
