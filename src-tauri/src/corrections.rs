//! Correcting a meeting's transcript after the call: a line's text, who spoke (one line
//! or a whole side), merging and splitting lines, and undoing the last correction. The
//! store does each in one transaction, keeps search in step and records it for undo.

use onno_store::{Correction, Segment, SegmentSource, SideSpeaker, Undone};
use tauri::State;

use crate::commands::blocking;
use crate::error::AppError;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn edit_line(
    state: State<'_, AppState>,
    id: i64,
    text: String,
) -> Result<Segment, AppError> {
    blocking(&state, move |s| s.edit_segment_text(id, &text)).await
}

/// Names who spoke one line; `None` gives it back its side's name.
#[tauri::command]
#[specta::specta]
pub async fn name_line_speaker(
    state: State<'_, AppState>,
    id: i64,
    name: Option<String>,
) -> Result<Segment, AppError> {
    blocking(&state, move |s| s.set_segment_speaker(id, name.as_deref())).await
}

/// Names one side of the call for the whole meeting; `None` clears the name.
#[tauri::command]
#[specta::specta]
pub async fn name_side_speaker(
    state: State<'_, AppState>,
    meeting_id: i64,
    side: SegmentSource,
    name: Option<String>,
) -> Result<Vec<SideSpeaker>, AppError> {
    blocking(&state, move |s| {
        s.set_side_speaker(meeting_id, side, name.as_deref())
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn merge_line_with_next(
    state: State<'_, AppState>,
    id: i64,
) -> Result<Segment, AppError> {
    blocking(&state, move |s| s.merge_segment_with_next(id)).await
}

/// Splits a line at a character offset (not a byte offset) of its text.
#[tauri::command]
#[specta::specta]
pub async fn split_line(
    state: State<'_, AppState>,
    id: i64,
    at: u32,
) -> Result<Vec<Segment>, AppError> {
    blocking(&state, move |s| {
        s.split_segment(id, at as usize).map(|(a, b)| vec![a, b])
    })
    .await
}

/// The corrections of a meeting that can still be undone, newest first.
#[tauri::command]
#[specta::specta]
pub async fn list_corrections(
    state: State<'_, AppState>,
    meeting_id: i64,
) -> Result<Vec<Correction>, AppError> {
    blocking(&state, move |s| s.corrections(meeting_id)).await
}

/// Undoes the meeting's last correction; `None` when there is none left.
#[tauri::command]
#[specta::specta]
pub async fn undo_correction(
    state: State<'_, AppState>,
    meeting_id: i64,
) -> Result<Option<Undone>, AppError> {
    blocking(&state, move |s| s.undo_last_correction(meeting_id)).await
}
