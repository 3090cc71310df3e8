/// What went wrong, for the caller to word for the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CryptoErrorKind {
    /// The password or recovery key does not open the workspace key.
    WrongSecret,
    /// A sealed change does not open under its stated workspace, row, column and clock:
    /// it was altered, moved or replayed.
    Tampered,
    /// Input that is not what it claims to be: a recovery key with wrong characters or
    /// length, key derivation settings out of range.
    Malformed,
    /// The operating system gave no random bytes.
    Random,
}

#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct CryptoError {
    kind: CryptoErrorKind,
    message: String,
}

impl CryptoError {
    pub(crate) fn new(kind: CryptoErrorKind, message: impl Into<String>) -> Self {
        CryptoError {
            kind,
            message: message.into(),
        }
    }

    pub fn kind(&self) -> CryptoErrorKind {
        self.kind
    }
}

/// `N` bytes from the operating system's generator.
pub(crate) fn random<const N: usize>() -> Result<[u8; N], CryptoError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| {
        CryptoError::new(
            CryptoErrorKind::Random,
            format!("the system gave no random bytes: {e}"),
        )
    })?;
    Ok(bytes)
}
