//! The user's checklists and glossary: items of a meeting type's or a relationship's
//! checklist added, edited, moved and deleted, and glossary terms searched, added,
//! edited and deleted. The store validates and keeps positions contiguous.

use onno_store::{
    Checklist, ChecklistItem, GlossaryTerm, NewChecklistItem, NewGlossaryTerm, Page, Paged,
};
use tauri::State;

use crate::commands::blocking;
use crate::error::AppError;
use crate::state::AppState;

/// Adds an item at the end of a checklist.
#[tauri::command]
#[specta::specta]
pub async fn add_checklist_item(
    state: State<'_, AppState>,
    checklist_id: i64,
    item: NewChecklistItem,
) -> Result<ChecklistItem, AppError> {
    blocking(&state, move |s| s.add_checklist_item(checklist_id, &item)).await
}

#[tauri::command]
#[specta::specta]
pub async fn edit_checklist_item(
    state: State<'_, AppState>,
    id: i64,
    item: NewChecklistItem,
) -> Result<ChecklistItem, AppError> {
    blocking(&state, move |s| s.edit_checklist_item(id, &item)).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_checklist_item(state: State<'_, AppState>, id: i64) -> Result<(), AppError> {
    blocking(&state, move |s| s.delete_checklist_item(id)).await
}

/// Moves an item to `position` (1 is the first); returns its checklist as it now is.
#[tauri::command]
#[specta::specta]
pub async fn move_checklist_item(
    state: State<'_, AppState>,
    id: i64,
    position: u32,
) -> Result<Checklist, AppError> {
    blocking(&state, move |s| s.move_checklist_item(id, position)).await
}

/// A relationship's own checklist; `None` until its first item is added.
#[tauri::command]
#[specta::specta]
pub async fn relationship_checklist(
    state: State<'_, AppState>,
    relationship_id: i64,
) -> Result<Option<Checklist>, AppError> {
    blocking(&state, move |s| s.relationship_checklist(relationship_id)).await
}

/// Adds an item to a relationship's own checklist, making the checklist if needed.
#[tauri::command]
#[specta::specta]
pub async fn add_relationship_checklist_item(
    state: State<'_, AppState>,
    relationship_id: i64,
    item: NewChecklistItem,
) -> Result<ChecklistItem, AppError> {
    blocking(&state, move |s| {
        s.add_relationship_checklist_item(relationship_id, &item)
    })
    .await
}

/// Glossary terms matching `query` (all of them when blank), alphabetically.
#[tauri::command]
#[specta::specta]
pub async fn search_glossary(
    state: State<'_, AppState>,
    query: String,
    page: Page,
) -> Result<Paged<GlossaryTerm>, AppError> {
    blocking(&state, move |s| s.search_glossary(&query, page)).await
}

#[tauri::command]
#[specta::specta]
pub async fn add_glossary_term(
    state: State<'_, AppState>,
    term: NewGlossaryTerm,
) -> Result<GlossaryTerm, AppError> {
    blocking(&state, move |s| s.add_glossary_term(&term)).await
}

#[tauri::command]
#[specta::specta]
pub async fn edit_glossary_term(
    state: State<'_, AppState>,
    id: i64,
    term: NewGlossaryTerm,
) -> Result<GlossaryTerm, AppError> {
    blocking(&state, move |s| s.edit_glossary_term(id, &term)).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_glossary_term(state: State<'_, AppState>, id: i64) -> Result<(), AppError> {
    blocking(&state, move |s| s.delete_glossary_term(id)).await
}
