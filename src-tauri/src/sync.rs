//! Settings → Sync: joining an account, the loop that keeps this device in sync while
//! the app runs, its status, the account's devices, and leaving. The work is in
//! `onno-sync`; these commands start and stop its loop and word its results.

use std::sync::{Arc, Mutex};

use onno_secrets::Secrets;
use onno_store::{Store, timestamp_of_unix_ms};
use onno_sync::{
    Account, Credentials, Device, FETCH_FILES_SETTING, Fetch, FetchFiles, KdfParams, Outcome,
    Round, SyncError, Transfer,
};
use serde::{Deserialize, Serialize};
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State};
use tokio::sync::watch;

use crate::commands::blocking;
use crate::error::AppError;
use crate::state::AppState;

/// The running loop, if any, and the window's channel for what each round brought.
#[derive(Default)]
pub struct SyncLoop {
    stop: Mutex<Option<watch::Sender<bool>>>,
    /// The loop's thread, joined when it is stopped, so a stopped loop has finished
    /// its round before anything (signing out, deleting everything) goes on.
    thread: Mutex<Option<std::thread::JoinHandle<()>>>,
    window: Arc<Mutex<Option<Channel<SyncUpdate>>>>,
}

/// Told to the window after each round of the loop.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct SyncUpdate {
    /// Changes from other devices now in the store: the window reads again.
    pub applied: u32,
    /// The round's failure in words, if it failed.
    pub error: Option<String>,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct SyncStatus {
    /// `None` when this device does not sync.
    pub account: Option<SyncAccountView>,
    pub running: bool,
    pub pending_changes: u32,
    /// When the last round finished (a store timestamp).
    pub last_success: Option<String>,
    /// Why the last try failed, worded in the window like any command's error.
    pub last_error: Option<AppError>,
    /// Changes and files refused because they did not open (altered or moved), all time.
    pub refused: u32,
    /// This device's recordings and attached files waiting to be sent.
    pub files_to_send: u32,
    /// Other devices' recordings and files not on this device, and their size.
    pub files_to_fetch: u32,
    pub fetch_bytes: u64,
    pub fetch_files: SyncFetchFiles,
}

/// When this device fetches other devices' recordings and attached files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum SyncFetchFiles {
    /// As soon as they are on the server.
    Always,
    /// When a meeting's recording is played or a file opened.
    OnDemand,
}

impl From<FetchFiles> for SyncFetchFiles {
    fn from(f: FetchFiles) -> Self {
        match f {
            FetchFiles::Always => SyncFetchFiles::Always,
            FetchFiles::OnDemand => SyncFetchFiles::OnDemand,
        }
    }
}

/// Another device's recordings (and files attached in the meeting) this one lacks.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct FilesElsewhere {
    pub files: u32,
    pub bytes: u64,
}

/// How far a fetch asked for in the window has come.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct FetchProgress {
    /// The file being fetched (1-based) of `files`.
    pub file: u32,
    pub files: u32,
    pub done_bytes: u64,
    pub file_bytes: u64,
}

/// What a fetch asked for in the window did.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct FetchedFiles {
    pub fetched: u32,
    /// Still on the other device only: it sends them when it next syncs.
    pub not_yet_sent: u32,
    /// Altered on the way or on the server: not kept.
    pub refused: u32,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct SyncAccountView {
    pub server: String,
    pub email: String,
}

/// Joining sync from this device.
#[derive(Debug, Clone, Deserialize, specta::Type)]
pub struct SyncJoin {
    pub server: String,
    pub email: String,
    pub password: String,
    pub device_name: String,
    /// Create the account (this device its first) rather than sign in to it.
    pub create: bool,
    /// The password is forgotten: sign in with this recovery key and make `password`
    /// the new one.
    pub recovery_key: Option<String>,
}

/// What joining gave: the recovery key, only when the account was created, to show once.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct SyncJoined {
    pub recovery_key: Option<String>,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct SyncRoundView {
    pub sent: u32,
    pub received: u32,
    pub refused: u32,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct SyncDevice {
    pub id: String,
    pub name: String,
    pub added: String,
    pub last_seen: String,
    pub current: bool,
}

#[tauri::command]
#[specta::specta]
pub async fn get_sync_status(
    state: State<'_, AppState>,
    sync: State<'_, SyncLoop>,
) -> Result<SyncStatus, AppError> {
    let running = sync.is_running();
    blocking(&state, move |store| status(store, running)).await
}

/// Creates the account or signs in, then starts the loop.
#[tauri::command]
#[specta::specta]
pub async fn join_sync(app: AppHandle, join: SyncJoin) -> Result<SyncJoined, AppError> {
    let recovery_key = with_device_store(&app, move |store, secrets| async move {
        let who = Credentials {
            server: &join.server,
            email: &join.email,
            password: &join.password,
            device_name: &join.device_name,
        };
        if join.create {
            let key =
                onno_sync::create_account(&store, &secrets, &who, KdfParams::default()).await?;
            return Ok(Some(key.display().to_string()));
        }
        match &join.recovery_key {
            Some(text) => {
                let recovery = onno_sync::RecoveryKey::parse(text).map_err(|e| {
                    SyncError::new(onno_sync::SyncErrorKind::RecoveryKey, e.to_string())
                })?;
                onno_sync::recover(&store, &secrets, &who, &recovery, KdfParams::default()).await?;
            }
            None => onno_sync::sign_in(&store, &secrets, &who).await?,
        }
        Ok(None)
    })
    .await?;
    start(&app)?;
    Ok(SyncJoined { recovery_key })
}

#[tauri::command]
#[specta::specta]
pub async fn sync_now(app: AppHandle) -> Result<SyncRoundView, AppError> {
    let round = with_device_store(&app, |store, secrets| async move {
        Device::open(&store, &secrets).await?.sync().await
    })
    .await?;
    Ok(SyncRoundView {
        sent: count(round.pushed),
        received: count(round.applied),
        refused: count(round.refused),
    })
}

#[tauri::command]
#[specta::specta]
pub async fn list_sync_devices(app: AppHandle) -> Result<Vec<SyncDevice>, AppError> {
    let list = with_device_store(&app, |store, secrets| async move {
        let device = Device::open(&store, &secrets).await?;
        device.api().devices(device.access_token()).await
    })
    .await?;
    Ok(list
        .devices
        .into_iter()
        .map(|d| SyncDevice {
            id: d.id,
            name: d.name,
            added: timestamp_of_unix_ms(d.created_at_ms),
            last_seen: timestamp_of_unix_ms(d.last_seen_at_ms),
            current: d.current,
        })
        .collect())
}

/// Removes another device from the account: it can no longer sync.
#[tauri::command]
#[specta::specta]
pub async fn revoke_sync_device(app: AppHandle, id: String) -> Result<(), AppError> {
    with_device_store(&app, move |store, secrets| async move {
        let device = Device::open(&store, &secrets).await?;
        device.api().revoke_device(device.access_token(), &id).await
    })
    .await
}

/// Signs this device out of sync; its data stays.
#[tauri::command]
#[specta::specta]
pub async fn leave_sync(app: AppHandle) -> Result<(), AppError> {
    sign_out_here(&app).await
}

/// Stops the loop and signs this device out, when it syncs: with the server when it
/// answers, on this device whatever happens.
pub(crate) async fn sign_out_here(app: &AppHandle) -> Result<(), AppError> {
    stop(app).await;
    let store = app.state::<AppState>().store()?;
    if Account::load(&store)?.is_none() {
        return Ok(());
    }
    with_device_store(app, |store, secrets| async move {
        match Device::open(&store, &secrets).await {
            Ok(device) => onno_sync::sign_out(device, &store).await,
            // The server no longer knows this device: forget it here all the same.
            Err(_) => Account::forget(&store, &secrets),
        }
    })
    .await
}

/// Deletes the account and everything the server holds; this device keeps its data.
#[tauri::command]
#[specta::specta]
pub async fn delete_sync_account(app: AppHandle, password: String) -> Result<(), AppError> {
    stop(&app).await;
    let result = with_device_store(&app, move |store, secrets| async move {
        let device = Device::open(&store, &secrets).await?;
        onno_sync::delete_account(device, &store, &password).await
    })
    .await;
    if result.is_err() {
        // Still signed in: keep syncing.
        let _ = start(&app);
    }
    result
}

/// Sets when this device fetches other devices' recordings and files.
#[tauri::command]
#[specta::specta]
pub async fn set_sync_fetch_files(
    state: State<'_, AppState>,
    mode: SyncFetchFiles,
) -> Result<(), AppError> {
    let mode = match mode {
        SyncFetchFiles::Always => FetchFiles::Always,
        SyncFetchFiles::OnDemand => FetchFiles::OnDemand,
    };
    blocking(&state, move |store| {
        store.set_setting(FETCH_FILES_SETTING, &mode)
    })
    .await
}

/// The recordings (and files attached in the meeting) another device has of meeting
/// `meeting_id` that this one lacks.
#[tauri::command]
#[specta::specta]
pub async fn meeting_files_elsewhere(
    state: State<'_, AppState>,
    meeting_id: i64,
) -> Result<FilesElsewhere, AppError> {
    blocking(&state, move |store| {
        let wanted: Vec<_> = store
            .blobs_to_fetch()?
            .into_iter()
            .filter(|b| Fetch::Meeting(meeting_id).wants(b))
            .collect();
        Ok::<_, AppError>(FilesElsewhere {
            files: count(wanted.len()),
            bytes: wanted.iter().map(|b| b.size_bytes).sum(),
        })
    })
    .await
}

/// Fetches meeting `meeting_id`'s recordings (and the files attached in it) from the
/// sync server now, telling `on_progress` how far it is.
#[tauri::command]
#[specta::specta]
pub async fn fetch_meeting_files(
    app: AppHandle,
    meeting_id: i64,
    on_progress: Channel<FetchProgress>,
) -> Result<FetchedFiles, AppError> {
    let transfer = fetch_files(&app, Fetch::Meeting(meeting_id), Some(on_progress)).await?;
    if transfer.refused > 0 {
        return Err(AppError::new(
            crate::error::AppErrorKind::SyncTampered,
            "a recording on the sync server did not open (altered on the way or on the server); it was not kept",
        ));
    }
    Ok(FetchedFiles {
        fetched: count(transfer.fetched),
        not_yet_sent: count(transfer.not_yet_sent),
        refused: count(transfer.refused),
    })
}

/// Fetches what `fetch` names from the sync server now (sending nothing: the person
/// waits on it); the outcome joins the status (files refused are counted there).
pub(crate) async fn fetch_files(
    app: &AppHandle,
    fetch: Fetch,
    progress: Option<Channel<FetchProgress>>,
) -> Result<Transfer, AppError> {
    with_device_store(app, move |store, secrets| async move {
        let device = Device::open(&store, &secrets).await?;
        let carried = device
            .fetch_only(fetch, &mut |p| {
                if let Some(channel) = &progress {
                    let _ = channel.send(FetchProgress {
                        file: count(p.file),
                        files: count(p.files),
                        done_bytes: p.done_bytes,
                        file_bytes: p.file_bytes,
                    });
                }
            })
            .await;
        let _ = onno_sync::record_files(&store, &carried);
        carried
    })
    .await
}

/// The window hears about each round on `on_update` (a later channel replaces it).
#[tauri::command]
#[specta::specta]
pub fn watch_sync(sync: State<'_, SyncLoop>, on_update: Channel<SyncUpdate>) {
    *sync.window.lock().unwrap_or_else(|p| p.into_inner()) = Some(on_update);
}

impl SyncLoop {
    fn is_running(&self) -> bool {
        self.stop
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
            .is_some_and(|s| !s.is_closed())
    }
}

/// Starts the loop when this device syncs (at start-up, and after joining).
pub fn start(app: &AppHandle) -> Result<(), AppError> {
    let store = app.state::<AppState>().store()?;
    if Account::load(&store)?.is_none() {
        return Ok(());
    }
    let sync = app.state::<SyncLoop>();
    let mut slot = sync.stop.lock().unwrap_or_else(|p| p.into_inner());
    if slot.as_ref().is_some_and(|s| !s.is_closed()) {
        return Ok(());
    }
    let (stop, stopped) = watch::channel(false);
    *slot = Some(stop);
    let window = sync.window.clone();
    let thread = std::thread::Builder::new()
        .name("onno-sync".into())
        .spawn(move || run_loop(store, stopped, window))
        .map_err(|e| AppError::new(crate::error::AppErrorKind::Internal, e.to_string()))?;
    *sync.thread.lock().unwrap_or_else(|p| p.into_inner()) = Some(thread);
    Ok(())
}

/// Stops the loop and waits for its thread to finish the request under way.
async fn stop(app: &AppHandle) {
    let sync = app.state::<SyncLoop>();
    if let Some(stop) = sync.stop.lock().unwrap_or_else(|p| p.into_inner()).take() {
        let _ = stop.send(true);
    }
    let thread = sync.thread.lock().unwrap_or_else(|p| p.into_inner()).take();
    if let Some(thread) = thread {
        let _ = tauri::async_runtime::spawn_blocking(move || thread.join()).await;
    }
}

/// The loop's own thread and runtime: the store and keychain block, so they stay off
/// the app's async runtime.
fn run_loop(
    store: Arc<Store>,
    stopped: watch::Receiver<bool>,
    window: Arc<Mutex<Option<Channel<SyncUpdate>>>>,
) {
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    else {
        tracing::error!("sync could not start its runtime");
        return;
    };
    let secrets = Secrets::onno();
    runtime.block_on(onno_sync::keep_in_sync(
        &store,
        &secrets,
        onno_sync::Pace::default(),
        stopped,
        |round: &Result<Round, SyncError>| {
            let update = match round {
                Ok(round) => SyncUpdate {
                    applied: count(round.applied + round.files_fetched),
                    error: None,
                },
                Err(e) => {
                    tracing::warn!(kind = ?e.kind(), "sync round failed");
                    SyncUpdate {
                        applied: 0,
                        error: Some(e.to_string()),
                    }
                }
            };
            if let Some(channel) = window.lock().unwrap_or_else(|p| p.into_inner()).as_ref() {
                let _ = channel.send(update);
            }
        },
    ));
}

/// Runs `work` with the store and keychain on a thread of its own (both block).
async fn with_device_store<T, F, Fut>(app: &AppHandle, work: F) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce(Arc<Store>, Secrets) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = Result<T, SyncError>>,
{
    let store = app.state::<AppState>().store()?;
    tauri::async_runtime::spawn_blocking(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| AppError::new(crate::error::AppErrorKind::Internal, e.to_string()))?;
        runtime
            .block_on(work(store, Secrets::onno()))
            .map_err(AppError::from)
    })
    .await
    .map_err(|e| AppError::new(crate::error::AppErrorKind::Internal, e.to_string()))?
}

fn status(store: &Store, running: bool) -> Result<SyncStatus, AppError> {
    let account = Account::load(store)?;
    let files = store.blob_counts()?;
    let last: Outcome = store
        .setting(onno_sync::OUTCOME_SETTING)?
        .unwrap_or_default();
    Ok(SyncStatus {
        account: account.map(|a| SyncAccountView {
            server: a.server,
            email: a.email,
        }),
        running,
        pending_changes: u32::try_from(store.pending_change_count()?).unwrap_or(u32::MAX),
        last_success: last.last_success_ms.map(timestamp_of_unix_ms),
        last_error: last.last_failure.map(|f| SyncError::from(f).into()),
        refused: u32::try_from(last.refused).unwrap_or(u32::MAX),
        files_to_send: u32::try_from(files.to_send).unwrap_or(u32::MAX),
        files_to_fetch: u32::try_from(files.to_fetch).unwrap_or(u32::MAX),
        fetch_bytes: files.fetch_bytes,
        fetch_files: FetchFiles::load(store)?.into(),
    })
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
