//! Checking a model file: size and published checksums when the manifest has them,
//! otherwise size and the file's ggml header.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use serde::Serialize;
use sha1::Sha1;
use sha2::{Digest as _, Sha256};

use crate::error::{ErrorKind, ModelError};
use crate::manifest::{ModelEntry, ModelKind};

/// How a file was checked.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Size and every published checksum matched: it is the published file.
    Checksum,
    /// No checksum is published for it: the size matched and the header is a valid
    /// model of the right kind, which catches truncation and wrong files, not tampering.
    SizeAndHeader,
    /// A file given by path, not from the manifest: only the header was checked.
    HeaderOnly,
}

/// A file that passed [`crate::ModelManager::verify`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verification {
    /// The manifest name, when the file is a manifest model.
    pub name: Option<String>,
    pub path: PathBuf,
    pub size: u64,
    pub method: Method,
    /// The checksums that were computed and matched: `"sha1"`, `"sha256"`.
    pub checksums: Vec<&'static str>,
}

impl Verification {
    /// One line for people: what was checked.
    pub fn summary(&self) -> String {
        match self.method {
            Method::Checksum => format!("ok ({} and size match)", self.checksums.join(", ")),
            Method::SizeAndHeader => {
                "ok (no published checksum: verified by size and ggml header only)".to_string()
            }
            Method::HeaderOnly => {
                "ok (not a manifest model: verified by ggml header only)".to_string()
            }
        }
    }
}

/// Checks `path` against `entry`: size first, then checksums, or the header when the
/// manifest has no checksum for it.
pub(crate) fn verify_entry(entry: &ModelEntry, path: &Path) -> Result<Verification, ModelError> {
    let size = file_len(path)?;
    if size != entry.size {
        return Err(ModelError::new(
            ErrorKind::SizeMismatch,
            format!(
                "'{}' is {size} bytes, but model {} is {} bytes",
                path.display(),
                entry.name,
                entry.size
            ),
        ));
    }
    let (method, checksums) = if entry.has_checksum() {
        (Method::Checksum, check_checksums(entry, path)?)
    } else {
        check_header(entry.kind, path)?;
        (Method::SizeAndHeader, Vec::new())
    };
    Ok(Verification {
        name: Some(entry.name.clone()),
        path: path.to_path_buf(),
        size,
        method,
        checksums,
    })
}

/// Checks a file that is not from the manifest by its header alone.
pub(crate) fn verify_file(kind: ModelKind, path: &Path) -> Result<Verification, ModelError> {
    let size = file_len(path)?;
    check_header(kind, path)?;
    Ok(Verification {
        name: None,
        path: path.to_path_buf(),
        size,
        method: Method::HeaderOnly,
        checksums: Vec::new(),
    })
}

fn file_len(path: &Path) -> Result<u64, ModelError> {
    let meta = std::fs::metadata(path)
        .map_err(|e| ModelError::io(format!("cannot read '{}': {e}", path.display()), e))?;
    if !meta.is_file() {
        return Err(ModelError::new(
            ErrorKind::Io,
            format!("'{}' is not a file", path.display()),
        ));
    }
    Ok(meta.len())
}

/// Hashes the file once with every algorithm the entry names and compares.
fn check_checksums(entry: &ModelEntry, path: &Path) -> Result<Vec<&'static str>, ModelError> {
    let (sha1, sha256) = hash_file(path, entry.sha1.is_some(), entry.sha256.is_some())
        .map_err(|e| ModelError::io(format!("cannot read '{}': {e}", path.display()), e))?;
    let mut matched = Vec::new();
    for (algo, expected, actual) in [
        ("sha1", &entry.sha1, sha1),
        ("sha256", &entry.sha256, sha256),
    ] {
        let (Some(expected), Some(actual)) = (expected, actual) else {
            continue;
        };
        if *expected != actual {
            return Err(ModelError::new(
                ErrorKind::ChecksumMismatch,
                format!(
                    "'{}' has {algo} {actual}, but model {} has {algo} {expected}",
                    path.display(),
                    entry.name
                ),
            ));
        }
        matched.push(algo);
    }
    Ok(matched)
}

/// Lowercase hex SHA-1 and SHA-256 of a file, each only when asked for.
fn hash_file(
    path: &Path,
    sha1: bool,
    sha256: bool,
) -> io::Result<(Option<String>, Option<String>)> {
    let mut file = File::open(path)?;
    let mut h1 = sha1.then(Sha1::new);
    let mut h256 = sha256.then(Sha256::new);
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if let Some(h) = h1.as_mut() {
            h.update(&buf[..n]);
        }
        if let Some(h) = h256.as_mut() {
            h.update(&buf[..n]);
        }
    }
    Ok((
        h1.map(|h| hex::encode(h.finalize())),
        h256.map(|h| hex::encode(h.finalize())),
    ))
}

/// The ggml magic, as whisper.cpp writes it: the `u32` 0x67676d6c, little-endian.
const GGML_MAGIC: [u8; 4] = 0x6767_6d6cu32.to_le_bytes();
/// The model type string of whisper.cpp's Silero VAD files.
const SILERO_TYPE: &[u8] = b"silero-16k";

fn check_header(kind: ModelKind, path: &Path) -> Result<(), ModelError> {
    match kind {
        ModelKind::Whisper => onno_asr::inspect_model(path).map(drop).map_err(|e| {
            let k = match e.kind() {
                onno_asr::ErrorKind::Io => ErrorKind::Io,
                _ => ErrorKind::InvalidModel,
            };
            ModelError::new(k, e.to_string())
        }),
        ModelKind::Vad => check_vad_header(path),
    }
}

/// A whisper.cpp VAD file starts with the ggml magic, then the length-prefixed model
/// type `silero-16k` (`models/convert-silero-vad-to-ggml.py`).
fn check_vad_header(path: &Path) -> Result<(), ModelError> {
    let mut head = [0u8; 8 + SILERO_TYPE.len()];
    let read = File::open(path).and_then(|mut f| f.read_exact(&mut head));
    let shown = path.display();
    match read {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => {
            return Err(ModelError::new(
                ErrorKind::InvalidModel,
                format!("'{shown}' is not a Silero VAD model: the file is too short"),
            ));
        }
        Err(e) => return Err(ModelError::io(format!("cannot read '{shown}': {e}"), e)),
    }
    let type_len = u32::from_le_bytes([head[4], head[5], head[6], head[7]]);
    let valid = head[..4] == GGML_MAGIC
        && usize::try_from(type_len).is_ok_and(|n| n == SILERO_TYPE.len())
        && &head[8..] == SILERO_TYPE;
    if valid {
        Ok(())
    } else {
        Err(ModelError::new(
            ErrorKind::InvalidModel,
            format!("'{shown}' is not a Silero VAD model: its header is not ggml silero-16k"),
        ))
    }
}
