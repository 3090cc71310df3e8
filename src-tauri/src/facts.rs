//! A relationship's facts: the figures heard in its meetings or typed in, which the user
//! checks (confidence), corrects or removes.

use onno_signals::FactBand;
use onno_store::{Confidence, DataValue, Page, Paged, RelationshipData};
use tauri::State;

use crate::commands::blocking;
use crate::error::AppError;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn list_relationship_data(
    state: State<'_, AppState>,
    relationship_id: i64,
    page: Page,
) -> Result<Paged<RelationshipData>, AppError> {
    blocking(&state, move |s| s.relationship_data(relationship_id, page)).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_relationship_data_confidence(
    state: State<'_, AppState>,
    id: i64,
    confidence: Confidence,
) -> Result<RelationshipData, AppError> {
    blocking(&state, move |s| {
        s.set_relationship_data_confidence(id, confidence)
    })
    .await
}

/// Corrects a figure's value; the corrected one is verified and the misheard one stays
/// dismissed.
#[tauri::command]
#[specta::specta]
pub async fn correct_relationship_data(
    state: State<'_, AppState>,
    id: i64,
    value: DataValue,
) -> Result<RelationshipData, AppError> {
    blocking(&state, move |s| s.correct_relationship_data(id, value)).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_relationship_data(state: State<'_, AppState>, id: i64) -> Result<(), AppError> {
    blocking(&state, move |s| s.delete_relationship_data(id)).await
}

/// The benchmark bands for the relationship's metrics (its industry and stage), in the
/// units its facts are stored in, to draw behind their charts.
#[tauri::command]
#[specta::specta]
pub async fn relationship_fact_bands(
    state: State<'_, AppState>,
    relationship_id: i64,
) -> Result<Vec<FactBand>, AppError> {
    blocking(&state, move |s| {
        onno_signals::fact_bands(s, relationship_id)
    })
    .await
}
