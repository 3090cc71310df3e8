//! [`ModelManager`]: the models folder and what the manifest says belongs in it.

use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::PARTIAL_SUFFIX;
use crate::download::{self, Job, Phase, Progress, Stop, Timeouts};
use crate::error::{ErrorKind, ModelError};
use crate::manifest::{Manifest, ModelEntry, ModelKind};
use crate::verify::{self, Verification};

/// Names a manifest file to use instead of the built-in one.
pub const MANIFEST_ENV: &str = "ONNO_MODELS_MANIFEST";
/// A base URL to download every model from instead of its manifest URL.
pub const BASE_URL_ENV: &str = "ONNO_MODELS_BASE_URL";

/// A manifest model and its state in the models folder.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ModelStatus {
    #[serde(flatten)]
    pub entry: ModelEntry,
    /// Where the model's file is, or goes.
    pub path: PathBuf,
    /// Whether a file is at `path` (not whether it verifies: see `verify`).
    pub installed: bool,
    /// The length of the file at `path`, when there is one.
    pub size_on_disk: Option<u64>,
    /// Bytes of an unfinished download waiting to be resumed.
    pub partial_bytes: Option<u64>,
}

/// Downloads, checks and finds model files in one folder.
///
/// ```no_run
/// use onno_models::{Manifest, ModelManager};
///
/// # fn main() -> Result<(), onno_models::ModelError> {
/// let manager = ModelManager::new("/path/to/data/models", Manifest::builtin());
/// let path = manager.download("base", &mut |p| eprintln!("{} / {}", p.downloaded, p.total))?;
/// assert_eq!(manager.resolve("base")?, path);
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct ModelManager {
    dir: PathBuf,
    manifest: Manifest,
    base_url: Option<String>,
    timeouts: Timeouts,
}

impl ModelManager {
    /// A manager of the models in `models_dir` (created on the first download).
    pub fn new(models_dir: impl Into<PathBuf>, manifest: Manifest) -> ModelManager {
        ModelManager {
            dir: models_dir.into(),
            manifest,
            base_url: None,
            timeouts: Timeouts::default(),
        }
    }

    /// The manager Onno's front ends use: the built-in manifest, or the manifest file
    /// named by [`MANIFEST_ENV`] (a mirror's own list), and every download from the base
    /// URL in [`BASE_URL_ENV`] when it is set.
    pub fn configured(models_dir: impl Into<PathBuf>) -> Result<ModelManager, ModelError> {
        let manifest = match std::env::var_os(MANIFEST_ENV).filter(|v| !v.is_empty()) {
            Some(path) => {
                let path = PathBuf::from(path);
                let text = std::fs::read_to_string(&path).map_err(|e| {
                    ModelError::new(
                        ErrorKind::InvalidManifest,
                        format!(
                            "cannot read the model manifest '{}' ({MANIFEST_ENV}): {e}",
                            path.display()
                        ),
                    )
                })?;
                Manifest::parse(&text).map_err(|e| {
                    ModelError::new(
                        ErrorKind::InvalidManifest,
                        format!("{e} (in '{}', {MANIFEST_ENV})", path.display()),
                    )
                })?
            }
            None => Manifest::builtin(),
        };
        let base_url = std::env::var(BASE_URL_ENV).ok();
        Ok(ModelManager::new(models_dir, manifest).with_base_url(base_url))
    }

    /// Downloads every model from `base_url` + `/` + its file name instead of its
    /// manifest URL: a mirror, or a local server in tests. Blank means no override.
    pub fn with_base_url(mut self, base_url: Option<String>) -> ModelManager {
        self.base_url = base_url
            .map(|u| u.trim().trim_end_matches('/').to_string())
            .filter(|u| !u.is_empty());
        self
    }

    pub fn with_timeouts(mut self, timeouts: Timeouts) -> ModelManager {
        self.timeouts = timeouts;
        self
    }

    pub fn models_dir(&self) -> &Path {
        &self.dir
    }

    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The URL a model is downloaded from (the base URL override applied).
    pub fn url(&self, name: &str) -> Result<String, ModelError> {
        let entry = self.entry(name)?;
        Ok(self.url_of(entry))
    }

    /// Every manifest model with its state on disk, in manifest order.
    pub fn list(&self) -> Result<Vec<ModelStatus>, ModelError> {
        self.manifest
            .entries()
            .iter()
            .map(|entry| {
                let path = self.dir.join(&entry.file);
                let size_on_disk = file_len(&path)?;
                let partial_bytes = file_len(&partial_path(&path))?;
                Ok(ModelStatus {
                    entry: entry.clone(),
                    installed: size_on_disk.is_some(),
                    path,
                    size_on_disk,
                    partial_bytes,
                })
            })
            .collect()
    }

    /// Where the model's file is or will be, installed or not.
    pub fn path(&self, name: &str) -> Result<PathBuf, ModelError> {
        Ok(self.dir.join(&self.entry(name)?.file))
    }

    /// The model file to load for `name_or_path`: an installed manifest model by name,
    /// or any existing file by path.
    pub fn resolve(&self, name_or_path: &str) -> Result<PathBuf, ModelError> {
        if let Some(entry) = self.manifest.get(name_or_path) {
            let path = self.dir.join(&entry.file);
            if path.is_file() {
                return Ok(path);
            }
            return Err(self.not_installed(entry, &path));
        }
        let path = Path::new(name_or_path);
        if path.is_file() {
            return Ok(path.to_path_buf());
        }
        let why = if path.exists() {
            format!("'{name_or_path}' is not a file")
        } else {
            format!(
                "no model is named '{name_or_path}' and there is no file at that path; \
                 `onno models list` shows the names"
            )
        };
        Err(ModelError::new(ErrorKind::UnknownModel, why))
    }

    /// Checks an installed model: size and published checksums, or size and header
    /// where the manifest has no checksum (the result's `method` says which).
    pub fn verify(&self, name: &str) -> Result<Verification, ModelError> {
        let entry = self.entry(name)?;
        let path = self.dir.join(&entry.file);
        if !path.exists() {
            return Err(self.not_installed(entry, &path));
        }
        verify::verify_entry(entry, &path)
    }

    /// Checks any model file by its header (whisper or VAD), for files not from the
    /// manifest.
    pub fn verify_file(&self, path: &Path, kind: ModelKind) -> Result<Verification, ModelError> {
        verify::verify_file(kind, path)
    }

    /// Deletes an installed model and any unfinished download of it. Returns the paths
    /// deleted; a model with neither is [`ErrorKind::NotInstalled`].
    pub fn remove(&self, name: &str) -> Result<Vec<PathBuf>, ModelError> {
        let entry = self.entry(name)?;
        let path = self.dir.join(&entry.file);
        let mut removed = Vec::new();
        for p in [partial_path(&path), path.clone()] {
            match std::fs::remove_file(&p) {
                Ok(()) => removed.push(p),
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(ModelError::io(
                        format!("cannot delete '{}': {e}", p.display()),
                        e,
                    ));
                }
            }
        }
        if removed.is_empty() {
            return Err(ModelError::new(
                ErrorKind::NotInstalled,
                format!(
                    "model {name} is not installed (no file at '{}')",
                    path.display()
                ),
            ));
        }
        Ok(removed)
    }

    /// Downloads a model into the models folder and returns its path.
    ///
    /// An unfinished download (`<file>.partial`) is resumed. The finished file is
    /// checked (size, and checksums where published, else the header) and moved into
    /// place by an atomic rename, so the final path only ever holds a verified file. A
    /// file that fails the check is deleted and the error says so. A model already in
    /// place is verified and returned without a download.
    pub fn download(
        &self,
        name: &str,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<PathBuf, ModelError> {
        self.download_until(name, &Stop::new(), progress)
    }

    /// [`ModelManager::download`] that another thread can pause or cancel through
    /// `stop` (the app's buttons): it then ends with [`ErrorKind::Paused`], the partial
    /// file kept for the next download to resume, or [`ErrorKind::Cancelled`], the
    /// partial file deleted.
    pub fn download_until(
        &self,
        name: &str,
        stop: &Stop,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<PathBuf, ModelError> {
        let entry = self.entry(name)?;
        let target = self.dir.join(&entry.file);
        if target.exists() {
            return match verify::verify_entry(entry, &target) {
                Ok(_) => {
                    progress(Progress {
                        phase: Phase::Done,
                        downloaded: entry.size,
                        total: entry.size,
                    });
                    Ok(target)
                }
                Err(e) => Err(ModelError::new(
                    e.kind(),
                    format!(
                        "{e}. The file was left in place; remove it (`onno models remove {name}`) \
                         and download again"
                    ),
                )),
            };
        }
        std::fs::create_dir_all(&self.dir).map_err(|e| {
            ModelError::io(format!("cannot create '{}': {e}", self.dir.display()), e)
        })?;
        let _lock = lock(&self.dir, entry)?;
        let partial = partial_path(&target);
        let url = self.url_of(entry);
        let job = Job {
            name,
            url: &url,
            size: entry.size,
            partial: &partial,
            target: &target,
            stop,
        };
        download::fetch(&download::agent(&self.timeouts), &job, progress)?;
        progress(Progress {
            phase: Phase::Verifying,
            downloaded: entry.size,
            total: entry.size,
        });
        if let Err(e) = verify::verify_entry(entry, &partial) {
            download::remove_partial(&partial)?;
            return Err(ModelError::new(
                e.kind(),
                format!("the download of {name} is not the published file, so it was deleted: {e}"),
            ));
        }
        std::fs::rename(&partial, &target).map_err(|e| {
            ModelError::io(
                format!(
                    "cannot move '{}' to '{}': {e}",
                    partial.display(),
                    target.display()
                ),
                e,
            )
        })?;
        progress(Progress {
            phase: Phase::Done,
            downloaded: entry.size,
            total: entry.size,
        });
        Ok(target)
    }

    fn entry(&self, name: &str) -> Result<&ModelEntry, ModelError> {
        self.manifest.get(name).ok_or_else(|| {
            ModelError::new(
                ErrorKind::UnknownModel,
                format!("no model is named '{name}'; `onno models list` shows the names"),
            )
        })
    }

    fn url_of(&self, entry: &ModelEntry) -> String {
        match &self.base_url {
            Some(base) => format!("{base}/{}", entry.file),
            None => entry.url.clone(),
        }
    }

    fn not_installed(&self, entry: &ModelEntry, path: &Path) -> ModelError {
        ModelError::new(
            ErrorKind::NotInstalled,
            format!(
                "model {} is not installed: download it with `onno models download {}`, \
                 or save {} as '{}'",
                entry.name,
                entry.name,
                self.url_of(entry),
                path.display()
            ),
        )
    }
}

/// Holds `.<file>.lock` in the models folder for the whole download, so a second
/// download of the same model (another `onno`, the app) fails at once instead of writing
/// into the same partial file. The lock file stays; the lock ends with the handle.
fn lock(dir: &Path, entry: &ModelEntry) -> Result<File, ModelError> {
    let path = dir.join(format!(".{}.lock", entry.file));
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| ModelError::io(format!("cannot open '{}': {e}", path.display()), e))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(TryLockError::WouldBlock) => Err(ModelError::new(
            ErrorKind::Busy,
            format!("model {} is already being downloaded", entry.name),
        )),
        Err(TryLockError::Error(e)) => Err(ModelError::io(
            format!("cannot lock '{}': {e}", path.display()),
            e,
        )),
    }
}

/// `<file>.partial` beside the final file.
pub(crate) fn partial_path(target: &Path) -> PathBuf {
    let mut name = target.file_name().unwrap_or_default().to_os_string();
    name.push(PARTIAL_SUFFIX);
    target.with_file_name(name)
}

fn file_len(path: &Path) -> Result<Option<u64>, ModelError> {
    match std::fs::metadata(path) {
        Ok(meta) => Ok(Some(meta.len())),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(ModelError::io(
            format!("cannot read '{}': {e}", path.display()),
            e,
        )),
    }
}
