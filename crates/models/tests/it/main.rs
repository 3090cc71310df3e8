//! Integration tests: the model manager against a real HTTP server on loopback.

mod download;
mod manager;

use std::path::Path;

use onno_models::{Languages, Manifest, ModelEntry, ModelKind, ModelManager};
use onno_test_support::http_server::FileServer;
use sha1::Sha1;
use sha2::{Digest as _, Sha256};
use tempfile::TempDir;

/// Deterministic bytes that are not a repeating pattern.
pub fn content(len: usize) -> Vec<u8> {
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x.to_le_bytes()[0]
        })
        .collect()
}

/// A manifest entry for `data` served as `/<file>`, with both checksums.
pub fn entry(name: &str, file: &str, data: &[u8]) -> ModelEntry {
    ModelEntry {
        name: name.into(),
        file: file.into(),
        url: format!("https://models.invalid/{file}"),
        size: data.len() as u64,
        sha1: Some(hex::encode(Sha1::digest(data))),
        sha256: Some(hex::encode(Sha256::digest(data))),
        languages: Languages::Multilingual,
        kind: ModelKind::Whisper,
    }
}

/// A loopback server holding the given files, a temporary models folder, and a
/// manager of that folder whose downloads go to the server.
pub struct Fixture {
    pub server: FileServer,
    pub dir: TempDir,
    pub manager: ModelManager,
}

impl Fixture {
    pub fn new(models: Vec<(ModelEntry, Vec<u8>)>) -> Fixture {
        let files = models
            .iter()
            .map(|(e, data)| (format!("/{}", e.file), data.clone()))
            .collect();
        let server = FileServer::start(files);
        let manifest =
            Manifest::from_entries(models.into_iter().map(|(e, _)| e).collect()).expect("manifest");
        let dir = tempfile::tempdir().expect("temp dir");
        let manager = ModelManager::new(dir.path().join("models"), manifest)
            .with_base_url(Some(server.url()));
        Fixture {
            server,
            dir,
            manager,
        }
    }

    /// One model `m` of `len` bytes at `/m.bin`.
    pub fn one(len: usize) -> (Fixture, Vec<u8>) {
        let data = content(len);
        (
            Fixture::new(vec![(entry("m", "m.bin", &data), data.clone())]),
            data,
        )
    }

    pub fn models_dir(&self) -> &Path {
        self.manager.models_dir()
    }
}
