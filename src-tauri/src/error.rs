//! The one error every command returns. The window shows `kind` in the user's language
//! with the next step (`ui/src/errors.ts`); `subject` is the one word a translated
//! sentence needs (a field, a model's name, a device, a file); `message` is the
//! crate's full English text, shown only under "details" and in the log.

use onno_assist::AssistError;
use onno_audio::CaptureError;
use onno_live::LiveError;
use onno_llm::{LlmError, LlmErrorKind};
use onno_models::ModelError;
use onno_store::{ErrorKind, StoreError};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct AppError {
    pub kind: AppErrorKind,
    pub subject: Option<String>,
    pub message: String,
}

/// What went wrong, in as many kinds as the window has different next steps for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum AppErrorKind {
    Corrupt,
    NewerVersion,
    /// A value does not fit (`subject`: the field).
    Invalid,
    /// The row asked for is gone (`subject`: what it was).
    NotFound,
    Io,
    Database,
    /// The database is not open (it failed at start-up); see `startup_status`.
    NotOpen,
    /// The OS keychain is not running or refused the operation.
    Keychain,
    /// The speech model is not installed (`subject`: its name): the Models page.
    ModelMissing,
    /// The model file is not a usable whisper model (`subject`: its name or path).
    ModelInvalid,
    /// The download server cannot be reached (`subject`: where to save the file by hand).
    DownloadOffline,
    /// A download failed or was not the published file; trying again resumes it.
    DownloadFailed,
    /// Another job is already doing this (a download, a meeting, an analysis).
    Busy,
    /// An audio device would not open or is gone (`subject`: its name).
    AudioDevice,
    /// The audio system (PulseAudio, Core Audio, WASAPI) cannot be reached.
    AudioSystem,
    /// The language is not one whisper knows, or not one the model speaks.
    Language,
    /// The language model is off or not set up: Settings.
    LlmNotSetUp,
    /// The language model's endpoint cannot be reached (`subject`: its host).
    LlmOffline,
    /// The endpoint refused the key (401/403).
    LlmKey,
    /// The endpoint answered with an error (`subject`: the HTTP status).
    LlmRefused,
    /// No answer in time, or too many calls: try again later.
    LlmSlow,
    /// The model's answer was unusable even after a repair round.
    LlmBadReply,
    /// A bug or a crashed worker, not the user's doing.
    Internal,
    /// A file is not audio or not a transcript Onno reads (`subject`: its path).
    UnreadableFile,
    /// A recording to import has no speech in it.
    NoSpeech,
    /// The user cancelled the work; nothing of it was kept.
    Cancelled,
    /// A download was paused; what it got is kept for the next try.
    Paused,
    /// A file to attach is over the size limit (`subject`: its name); nothing stored.
    FileTooLarge,
    /// A file to attach is of a kind that is not read (`subject`: its name).
    FileUnsupported,
    /// A file to attach is damaged or password-protected (`subject`: its name).
    FileDamaged,
    /// No program on this computer opens the file (`subject`: its path).
    NoViewer,
    /// The sync server cannot be reached; changes wait on this device.
    SyncOffline,
    /// Wrong email or password, or this device was signed out of sync.
    SyncSignIn,
    /// The email already has a sync account.
    SyncEmailTaken,
    /// The sync server asks to wait before trying again.
    SyncBusy,
    /// The synced data comes from a newer Onno: update to sync.
    SyncUpgrade,
    /// The password does not open the synced data.
    SyncWrongPassword,
    /// The recovery key is mistyped or not this account's.
    SyncRecoveryKey,
    /// This device is not signed in to sync.
    SyncNotSignedIn,
    /// The sync server refused or failed the request (`message` has its words).
    SyncRefused,
    /// A change or file from the sync server did not open (altered on the way or on the
    /// server) and was not kept.
    SyncTampered,
    /// A recording or file is still only on the device it was made on.
    SyncNotSentYet,
}

impl AppError {
    pub fn new(kind: AppErrorKind, message: impl Into<String>) -> Self {
        AppError {
            kind,
            subject: None,
            message: message.into(),
        }
    }

    /// An error about one thing the translated sentence names.
    pub fn about(
        kind: AppErrorKind,
        subject: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        AppError {
            kind,
            subject: Some(subject.into()),
            message: message.into(),
        }
    }
}

fn store_kind(kind: ErrorKind) -> AppErrorKind {
    match kind {
        ErrorKind::Corrupt => AppErrorKind::Corrupt,
        ErrorKind::NewerVersion => AppErrorKind::NewerVersion,
        ErrorKind::Invalid => AppErrorKind::Invalid,
        ErrorKind::NotFound => AppErrorKind::NotFound,
        ErrorKind::Io => AppErrorKind::Io,
        ErrorKind::Database => AppErrorKind::Database,
    }
}

impl From<onno_export::ExportError> for AppError {
    fn from(error: onno_export::ExportError) -> Self {
        use onno_export::ExportError;
        let message = error.to_string();
        match error {
            ExportError::Invalid(_) => AppError::about(AppErrorKind::Invalid, "export", message),
            ExportError::Write { path, .. } => {
                AppError::about(AppErrorKind::Io, path.display().to_string(), message)
            }
            ExportError::Audit(store) => store.into(),
            ExportError::Docx(_) | ExportError::Pdf(_) => {
                AppError::new(AppErrorKind::Internal, message)
            }
        }
    }
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        let subject = match &error {
            StoreError::Invalid { field, .. } => Some((*field).to_owned()),
            StoreError::NotFound { entity, .. } => Some((*entity).to_owned()),
            StoreError::Corrupt { path, .. }
            | StoreError::NewerVersion { path, .. }
            | StoreError::Io { path, .. } => Some(path.display().to_string()),
            StoreError::Sqlite(_) => None,
        };
        AppError {
            kind: store_kind(error.kind()),
            subject,
            message: error.to_string(),
        }
    }
}

/// A language model error the user can act on: the store's kind when the store failed,
/// else a setting or an endpoint to fix.
impl From<LlmError> for AppError {
    fn from(error: LlmError) -> Self {
        let kind = match error.kind() {
            LlmErrorKind::Store(kind) => store_kind(kind),
            LlmErrorKind::Disabled | LlmErrorKind::Config | LlmErrorKind::NoKey => {
                AppErrorKind::LlmNotSetUp
            }
            LlmErrorKind::Offline => AppErrorKind::LlmOffline,
            LlmErrorKind::Http(401 | 403) => AppErrorKind::LlmKey,
            LlmErrorKind::Http(status) => {
                return AppError::about(
                    AppErrorKind::LlmRefused,
                    status.to_string(),
                    error.to_string(),
                );
            }
            LlmErrorKind::Timeout | LlmErrorKind::RateLimited => AppErrorKind::LlmSlow,
            LlmErrorKind::BadReply | LlmErrorKind::TooLarge | LlmErrorKind::OverBudget => {
                AppErrorKind::LlmBadReply
            }
        };
        AppError::new(kind, error.to_string())
    }
}

/// The keychain could not store or forget the key, or the key was refused.
impl From<onno_secrets::SecretError> for AppError {
    fn from(error: onno_secrets::SecretError) -> Self {
        use onno_secrets::SecretErrorKind;
        let kind = match error.kind() {
            SecretErrorKind::Invalid => AppErrorKind::Invalid,
            SecretErrorKind::NoKeychain | SecretErrorKind::Keychain => AppErrorKind::Keychain,
        };
        AppError::new(kind, error.to_string())
    }
}

impl From<onno_sync::SyncError> for AppError {
    fn from(error: onno_sync::SyncError) -> Self {
        use onno_sync::SyncErrorKind as Sync;
        let kind = match error.kind() {
            Sync::Offline => AppErrorKind::SyncOffline,
            Sync::Unauthorized => AppErrorKind::SyncSignIn,
            Sync::EmailTaken => AppErrorKind::SyncEmailTaken,
            Sync::TooManyRequests => AppErrorKind::SyncBusy,
            Sync::UpgradeRequired => AppErrorKind::SyncUpgrade,
            Sync::WrongSecret => AppErrorKind::SyncWrongPassword,
            Sync::RecoveryKey => AppErrorKind::SyncRecoveryKey,
            Sync::NotSignedIn => AppErrorKind::SyncNotSignedIn,
            Sync::Keychain => AppErrorKind::Keychain,
            Sync::Store => AppErrorKind::Database,
            Sync::Tampered => AppErrorKind::SyncTampered,
            Sync::Server | Sync::Refused => AppErrorKind::SyncRefused,
        };
        AppError::new(kind, error.to_string())
    }
}

impl From<AssistError> for AppError {
    fn from(error: AssistError) -> Self {
        match error {
            AssistError::Llm(e) => e.into(),
            AssistError::Store(e) => e.into(),
            AssistError::Signals(e) => e.into(),
            AssistError::Keychain(e) => e.into(),
            e @ AssistError::KeyForKeyless => AppError::new(AppErrorKind::Invalid, e.to_string()),
        }
    }
}

impl From<onno_signals::SignalsError> for AppError {
    fn from(error: onno_signals::SignalsError) -> Self {
        match error {
            onno_signals::SignalsError::Store(e) => e.into(),
            e => AppError::new(AppErrorKind::Internal, e.to_string()),
        }
    }
}

impl From<ModelError> for AppError {
    fn from(error: ModelError) -> Self {
        use onno_models::ErrorKind as K;
        let kind = match error.kind() {
            K::UnknownModel | K::NotInstalled => AppErrorKind::ModelMissing,
            K::InvalidModel | K::InvalidManifest | K::SizeMismatch | K::ChecksumMismatch => {
                AppErrorKind::ModelInvalid
            }
            K::Offline => AppErrorKind::DownloadOffline,
            K::Http | K::Interrupted => AppErrorKind::DownloadFailed,
            K::Busy => AppErrorKind::Busy,
            K::Paused => AppErrorKind::Paused,
            K::Cancelled => AppErrorKind::Cancelled,
            _ => AppErrorKind::Io,
        };
        AppError::new(kind, error.to_string())
    }
}

/// A model error about `model` (the name or path the user chose).
pub(crate) fn model_error(model: &str, error: ModelError) -> AppError {
    AppError {
        subject: Some(model.to_owned()),
        ..error.into()
    }
}

/// A whisper error while loading `model` (when there is one) or transcribing with it.
pub(crate) fn asr_error(model: Option<&str>, error: onno_asr::AsrError) -> AppError {
    use onno_asr::ErrorKind as K;
    let kind = match error.kind() {
        K::Io => AppErrorKind::ModelMissing,
        K::InvalidModel | K::ModelLoad => AppErrorKind::ModelInvalid,
        K::UnsupportedLanguage => AppErrorKind::Language,
        _ => AppErrorKind::Internal,
    };
    AppError {
        kind,
        subject: model.map(str::to_owned),
        message: error.to_string(),
    }
}

impl From<onno_audio::AudioError> for AppError {
    fn from(error: onno_audio::AudioError) -> Self {
        AppError::about(
            AppErrorKind::UnreadableFile,
            error.name(),
            error.to_string(),
        )
    }
}

impl From<CaptureError> for AppError {
    fn from(error: CaptureError) -> Self {
        match &error {
            CaptureError::Host(_) => AppError::new(AppErrorKind::AudioSystem, error.to_string()),
            CaptureError::NoDevice(_) => {
                AppError::new(AppErrorKind::AudioDevice, error.to_string())
            }
            CaptureError::Open { device, .. } => {
                AppError::about(AppErrorKind::AudioDevice, device.clone(), error.to_string())
            }
        }
    }
}

impl From<LiveError> for AppError {
    fn from(error: LiveError) -> Self {
        match error {
            LiveError::Capture(e) => e.into(),
            LiveError::Store(e) => e.into(),
            LiveError::Transcribe(onno_transcribe::TranscribeError::Audio(e)) => e.into(),
            LiveError::Transcribe(onno_transcribe::TranscribeError::Cancelled) => {
                AppError::new(AppErrorKind::Cancelled, error.to_string())
            }
            LiveError::NoSpeech => AppError::new(AppErrorKind::NoSpeech, error.to_string()),
            LiveError::Transcribe(onno_transcribe::TranscribeError::Asr(e))
            | LiveError::Request(e) => asr_error(None, e),
            LiveError::NoSource => {
                AppError::about(AppErrorKind::Invalid, "source", error.to_string())
            }
            LiveError::Folder(_) => AppError::new(AppErrorKind::Io, error.to_string()),
            LiveError::Aborted => AppError::new(AppErrorKind::Internal, error.to_string()),
        }
    }
}

/// A file that could not be attached or opened, named for the sentence.
impl From<onno_files::FilesError> for AppError {
    fn from(error: onno_files::FilesError) -> Self {
        use onno_files::FilesError as E;
        let message = error.to_string();
        match error {
            E::TooLarge { name, .. } => AppError::about(AppErrorKind::FileTooLarge, name, message),
            E::Unsupported { name, .. } => {
                AppError::about(AppErrorKind::FileUnsupported, name, message)
            }
            E::Unreadable { name, .. } => AppError::about(AppErrorKind::FileDamaged, name, message),
            E::Io { path, .. } => AppError::about(AppErrorKind::Io, path, message),
            E::Viewer { path, .. } => AppError::about(AppErrorKind::NoViewer, path, message),
            E::Store(e) => e.into(),
        }
    }
}
