//! Onno's model manager: which whisper.cpp models exist, downloading one, checking
//! it, and finding the file to load.
//!
//! The list of models is `models/manifest.toml` at the repository root, compiled in as
//! [`Manifest::builtin`]: the official whisper.cpp ggml models (tiny to large-v3-turbo,
//! the English-only `.en` models, quantized variants) and the Silero VAD model, each
//! with its URL, size in bytes, and the SHA-1 and/or SHA-256 published for it. Installed
//! models live in one folder, `<data folder>/models/`, under their upstream file names
//! (`ggml-base.bin`), so a file copied there by hand is found like a downloaded one.
//!
//! # Design
//!
//! * **A crate of its own.** Downloading needs an HTTP and TLS stack; the whisper engine
//!   (`onno-asr`) should not carry one, and neither should anything that only loads a
//!   model. This crate depends on `onno-asr` for [`onno_asr::inspect_model`], never the
//!   other way round.
//! * **ureq, not reqwest.** A download is one blocking GET streamed to a file. ureq 3
//!   does exactly that with no async runtime, and with rustls on *ring* plus the webpki
//!   roots it needs neither OpenSSL nor the aws-lc C build of reqwest's default rustls,
//!   and far fewer crates than reqwest's blocking client, which runs a tokio runtime on
//!   a thread of its own. The copilot's streaming LLM client is a different job and may
//!   well use reqwest. gzip is off, so byte ranges are ranges of the file itself.
//! * **Resumable, verified, atomic.** Bytes go to `<file>.partial`; a later attempt asks
//!   for `Range: bytes=N-` and appends. A server that ignores ranges (`200`) restarts
//!   the file; a `416` or an unexpected range drops it and starts over once. When all
//!   bytes are in, size and checksums are checked and only then is the partial renamed
//!   to its final name, so a final path never holds an unchecked file. A checksum
//!   mismatch deletes the partial and says so.
//! * **Offline fails fast and says what to do.** Connecting times out after 5 s
//!   ([`Timeouts`]); refused connections and DNS failures fail at once. The error
//!   ([`ErrorKind::Offline`]) names the URL and the exact path to save the file at by
//!   hand.
//! * **Checksums are never invented.** Where no checksum is published, the manifest
//!   has none, and [`ModelManager::verify`] checks size plus the ggml header (the whole
//!   layout of a whisper model, through `inspect_model`) and reports
//!   [`Method::SizeAndHeader`] rather than claiming more.
//! * **One download per model at a time.** A download holds a lock on
//!   `.<file>.lock` in the models folder; a second one (another `onno`, the app) fails
//!   at once with [`ErrorKind::Busy`] instead of writing into the same partial file.
//! * **Any file by path.** [`ModelManager::resolve`] takes a manifest name or a path to
//!   a model file anywhere.
//! * **Advice.** [`advise`] judges each model per language on this [`Machine`]
//!   (memory, cores): tiny and base are weak for Korean, the `.en` models do not
//!   transcribe it; [`recommended`] picks one per language. Speeds are estimates from
//!   the model's family and the cores, labelled as such, not measurements.
//! * **Pause and cancel.** [`ModelManager::download_until`] watches a [`Stop`]: a
//!   pause keeps the partial file for the next download to resume, a cancel deletes it.
//! * **Mirrors.** [`ModelManager::with_base_url`] replaces the host part of every URL
//!   (the CLI reads `ONNO_MODELS_BASE_URL`); tests point it at a loopback server.
//!
//! # Example
//!
//! ```no_run
//! use onno_models::{Manifest, ModelManager, Phase};
//!
//! # fn main() -> Result<(), onno_models::ModelError> {
//! let manager = ModelManager::new("/path/to/data/models", Manifest::builtin());
//! for model in manager.list()? {
//!     println!("{} {} installed={}", model.entry.name, model.entry.size, model.installed);
//! }
//! let path = manager.download("base", &mut |p| {
//!     if p.phase == Phase::Downloading {
//!         eprint!("\r{} / {} bytes", p.downloaded, p.total);
//!     }
//! })?;
//! println!("{} ({})", path.display(), manager.verify("base")?.summary());
//! # Ok(())
//! # }
//! ```

mod advice;
mod catalogue;
mod download;
mod engine;
mod error;
mod manager;
mod manifest;
mod verify;

pub use advice::{Advice, AdviceLanguage, Fit, LIVE_SPEED, Machine, advise, recommended};
pub use catalogue::{Catalogue, CatalogueEntry};
pub use download::{Phase, Progress, Stop, Timeouts};
pub use engine::LoadError;
pub use error::{ErrorKind, ModelError};
pub use manager::{BASE_URL_ENV, MANIFEST_ENV, ModelManager, ModelStatus};
pub use manifest::{Languages, Manifest, ModelEntry, ModelKind};
pub use verify::{Method, Verification};

/// Appended to a model's file name while it downloads.
pub const PARTIAL_SUFFIX: &str = ".partial";
