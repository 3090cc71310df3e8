//! The IPC surface. Each command takes the state, calls the store on a blocking thread
//! (rusqlite is synchronous; the async runtime must not wait on disk) and maps the
//! error. Anything longer than that belongs in a crate, not here.

use onno_live::{LiveEvent, StartMeeting};
use onno_store::{
    AudioRetention, Checklist, Meeting, MeetingEdit, MeetingFilter, MeetingType, NewRelationship,
    Note, Page, Paged, Participant, Profile, ProfileUpdate, Relationship, RelationshipChoices,
    RelationshipFilter, RelationshipPatch, SearchQuery, SearchResults, Segment, Store,
};
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State};

use crate::error::{AppError, AppErrorKind};
use crate::live::LiveSlot;
use crate::state::{AppState, FreshStart, Startup};

pub(crate) async fn blocking<T, E, F>(state: &AppState, f: F) -> Result<T, AppError>
where
    T: Send + 'static,
    E: Into<AppError> + Send + 'static,
    F: FnOnce(&Store) -> Result<T, E> + Send + 'static,
{
    let store = state.store()?;
    tauri::async_runtime::spawn_blocking(move || f(&store))
        .await
        .map_err(worker_stopped)?
        .map_err(Into::into)
}

fn worker_stopped(error: tauri::Error) -> AppError {
    AppError::new(
        AppErrorKind::Internal,
        format!("the database worker stopped: {error}"),
    )
}

#[tauri::command]
#[specta::specta]
pub fn startup_status(state: State<'_, AppState>) -> Startup {
    state.startup()
}

/// Moves a damaged database aside and opens a fresh one.
#[tauri::command]
#[specta::specta]
pub async fn start_fresh(app: AppHandle) -> Result<FreshStart, AppError> {
    tauri::async_runtime::spawn_blocking(move || app.state::<AppState>().start_fresh())
        .await
        .map_err(worker_stopped)?
}

#[tauri::command]
#[specta::specta]
pub async fn get_profile(state: State<'_, AppState>) -> Result<Profile, AppError> {
    blocking(&state, |s| s.profile()).await
}

#[tauri::command]
#[specta::specta]
pub async fn update_profile(
    state: State<'_, AppState>,
    update: ProfileUpdate,
) -> Result<Profile, AppError> {
    blocking(&state, move |s| s.update_profile(&update)).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_meetings(
    state: State<'_, AppState>,
    filter: MeetingFilter,
    page: Page,
) -> Result<Paged<Meeting>, AppError> {
    blocking(&state, move |s| s.list_meetings(&filter, page)).await
}

#[tauri::command]
#[specta::specta]
pub async fn get_meeting(state: State<'_, AppState>, id: i64) -> Result<Meeting, AppError> {
    blocking(&state, move |s| s.meeting(id)).await
}

/// Changes a meeting's title, type, relationship and participants; the facts heard
/// in it follow its relationship.
#[tauri::command]
#[specta::specta]
pub async fn edit_meeting(
    state: State<'_, AppState>,
    id: i64,
    edit: MeetingEdit,
) -> Result<Meeting, AppError> {
    blocking(&state, move |s| s.edit_meeting(id, &edit)).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_participants(
    state: State<'_, AppState>,
    meeting_id: i64,
) -> Result<Vec<Participant>, AppError> {
    blocking(&state, move |s| s.participants(meeting_id)).await
}

/// The checklists of a meeting type, the built-in one first.
#[tauri::command]
#[specta::specta]
pub async fn list_checklists(
    state: State<'_, AppState>,
    meeting_type: MeetingType,
) -> Result<Vec<Checklist>, AppError> {
    blocking(&state, move |s| s.checklists(Some(meeting_type))).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_segments(
    state: State<'_, AppState>,
    meeting_id: i64,
    page: Page,
) -> Result<Paged<Segment>, AppError> {
    blocking(&state, move |s| s.segments(meeting_id, page)).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_relationships(
    state: State<'_, AppState>,
    filter: RelationshipFilter,
    page: Page,
) -> Result<Paged<Relationship>, AppError> {
    blocking(&state, move |s| s.list_relationships(&filter, page)).await
}

#[tauri::command]
#[specta::specta]
pub async fn relationship_choices(
    state: State<'_, AppState>,
) -> Result<RelationshipChoices, AppError> {
    blocking(&state, |s| s.relationship_choices()).await
}

#[tauri::command]
#[specta::specta]
pub async fn get_relationship(
    state: State<'_, AppState>,
    id: i64,
) -> Result<Relationship, AppError> {
    blocking(&state, move |s| s.relationship(id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn create_relationship(
    state: State<'_, AppState>,
    input: NewRelationship,
) -> Result<Relationship, AppError> {
    blocking(&state, move |s| s.create_relationship(&input)).await
}

#[tauri::command]
#[specta::specta]
pub async fn update_relationship(
    state: State<'_, AppState>,
    id: i64,
    patch: RelationshipPatch,
) -> Result<Relationship, AppError> {
    blocking(&state, move |s| s.update_relationship(id, &patch)).await
}

#[tauri::command]
#[specta::specta]
pub async fn search(
    state: State<'_, AppState>,
    query: SearchQuery,
) -> Result<SearchResults, AppError> {
    blocking(&state, move |s| s.search(&query)).await
}

/// The microphones and outputs a meeting can record, by the names people know.
#[tauri::command]
#[specta::specta]
pub async fn list_capture_devices() -> Result<onno_audio::CaptureDevices, AppError> {
    tauri::async_runtime::spawn_blocking(|| onno_audio::capture_devices().map_err(AppError::from))
        .await
        .map_err(worker_stopped)?
}

#[tauri::command]
#[specta::specta]
pub async fn list_audio_devices() -> Result<Vec<onno_audio::DeviceInfo>, AppError> {
    tauri::async_runtime::spawn_blocking(crate::live::devices)
        .await
        .map_err(worker_stopped)?
}

/// Starts recording a meeting; every update arrives on `on_update`. Loading the model
/// and opening the devices take a moment, on a blocking thread.
#[tauri::command]
#[specta::specta]
pub async fn start_meeting(
    app: AppHandle,
    request: StartMeeting,
    on_update: Channel<LiveEvent>,
) -> Result<i64, AppError> {
    let store = app.state::<AppState>().store()?;
    tauri::async_runtime::spawn_blocking(move || {
        // A model that cannot be set up leaves the meeting without suggestions, not
        // without a recording.
        let llm = app
            .state::<onno_assist::SharedClient>()
            .client(&store, &onno_secrets::Secrets::onno())
            .map(Result::ok)
            .map_err(|e| AppError::from(e).message);
        app.state::<LiveSlot>()
            .start(store, request, llm, on_update)
    })
    .await
    .map_err(worker_stopped)?
}

/// Stops the meeting being recorded: the last words are transcribed, the files and the
/// meeting row finished.
#[tauri::command]
#[specta::specta]
pub async fn stop_meeting(app: AppHandle) -> Result<Meeting, AppError> {
    tauri::async_runtime::spawn_blocking(move || app.state::<LiveSlot>().stop())
        .await
        .map_err(worker_stopped)?
}

/// How long recordings are kept.
#[tauri::command]
#[specta::specta]
pub async fn get_audio_retention(state: State<'_, AppState>) -> Result<AudioRetention, AppError> {
    blocking(&state, Store::audio_retention).await
}

/// Changes how long recordings are kept and applies it at once (it is applied again at
/// every start); returns how many meetings' recordings were deleted.
#[tauri::command]
#[specta::specta]
pub async fn set_audio_retention(
    state: State<'_, AppState>,
    retention: AudioRetention,
) -> Result<u32, AppError> {
    blocking(&state, move |store| {
        store.set_audio_retention(retention)?;
        let deleted = store.apply_audio_retention(&onno_store::now_timestamp())?;
        Ok::<_, onno_store::StoreError>(u32::try_from(deleted).unwrap_or(u32::MAX))
    })
    .await
}

/// The languages the user speaks in meetings (codes such as `ko`): "auto" chooses among
/// them.
#[tauri::command]
#[specta::specta]
pub async fn get_spoken_languages(state: State<'_, AppState>) -> Result<Vec<String>, AppError> {
    blocking(&state, Store::spoken_languages).await
}

/// Sets the languages the user speaks from codes or English names; returns the codes
/// stored.
#[tauri::command]
#[specta::specta]
pub async fn set_spoken_languages(
    state: State<'_, AppState>,
    languages: Vec<String>,
) -> Result<Vec<String>, AppError> {
    blocking(&state, move |store| {
        onno_live::set_spoken_languages(store, &languages)
    })
    .await
}

/// A meeting's notes (the live view keeps one; a meeting imported with notes may have
/// more).
#[tauri::command]
#[specta::specta]
pub async fn list_notes(
    state: State<'_, AppState>,
    meeting_id: i64,
) -> Result<Vec<Note>, AppError> {
    blocking(&state, move |s| s.notes(meeting_id)).await
}

/// Saves the notes typed during a meeting as its one note (emptied, it goes).
#[tauri::command]
#[specta::specta]
pub async fn save_meeting_notes(
    state: State<'_, AppState>,
    meeting_id: i64,
    body: String,
) -> Result<Option<Note>, AppError> {
    blocking(&state, move |s| s.save_meeting_notes(meeting_id, &body)).await
}
