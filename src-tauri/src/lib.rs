//! Onno's desktop shell: the window, the IPC commands it may call, and nothing else.
//!
//! This is the only crate that knows about Tauri. Commands are thin (take the state,
//! call `onno-store`, map the error); logic that grows here moves into a crate. The
//! TypeScript side of every command is generated from these signatures into
//! `ui/src/bindings.gen.ts` (see [`bindings`]), so the two cannot drift silently.
//!
//! A live meeting runs in `onno-live`; [`live`] keeps the one being recorded and
//! forwards its updates to the window over a channel. [`insights`] shows and reviews
//! what the copilot made of a meeting and runs the after-meeting analysis. [`overlay`]
//! is the small always-on-top window and its global hotkey, [`tray`] the tray icon.
//!
//! [`files`] lists, adds (picked or dropped), opens and removes a relationship's files.
//!
//! [`data`] takes everything out, brings an archive back, deletes (everything, a
//! meeting, a relationship) and shows the audit log.
//!
//! [`models`] runs the Models page (downloads that can be paused and cancelled, the
//! default model); [`setup`] the first-run setup (its progress, the device check's live
//! levels, "test connection").
//!
//! The database is opened before the window. If that fails the app still starts and
//! the UI explains the problem ([`state::Startup`]), offering to move a damaged file
//! aside rather than crashing on it.

mod busy;
mod checklists;
pub mod command_names;
mod commands;
mod corrections;
mod data;
mod data_dir;
mod dialogs;
mod error;
mod export;
mod facts;
mod files;
mod import;
mod insights;
mod live;
mod llm_settings;
mod models;
mod overlay;
mod playback;
mod quit;
mod retranscribe;
mod setup;
mod state;
mod sync;
mod timeline;
mod tray;

pub use data_dir::DATA_DIR_ENV;
pub use error::{AppError, AppErrorKind};
pub use state::{AppState, FreshStart, Startup};

use tauri_specta::{Builder, collect_commands};

/// Every command, registered once for both the IPC handler and the bindings.
pub fn specta_builder() -> Builder<tauri::Wry> {
    Builder::<tauri::Wry>::new()
        // Row ids and counts are i64/u64 in Rust. SQLite row ids stay far below 2^53,
        // so plain `number` is exact for them and keeps the UI free of BigInt.
        .dangerously_cast_bigints_to_number()
        // One TypeScript type per Rust type. The UI always sends every field (null for
        // "none"), so separate input/output shapes would only add names.
        .disable_serde_phases()
        .commands(collect_commands![
            commands::startup_status,
            commands::start_fresh,
            commands::get_profile,
            commands::update_profile,
            commands::list_meetings,
            commands::get_meeting,
            commands::edit_meeting,
            commands::list_participants,
            commands::list_checklists,
            checklists::add_checklist_item,
            checklists::edit_checklist_item,
            checklists::delete_checklist_item,
            checklists::move_checklist_item,
            checklists::relationship_checklist,
            checklists::add_relationship_checklist_item,
            checklists::search_glossary,
            checklists::add_glossary_term,
            checklists::edit_glossary_term,
            checklists::delete_glossary_term,
            commands::list_segments,
            corrections::edit_line,
            corrections::name_line_speaker,
            corrections::name_side_speaker,
            corrections::merge_line_with_next,
            corrections::split_line,
            corrections::list_corrections,
            corrections::undo_correction,
            commands::list_relationships,
            commands::relationship_choices,
            commands::get_relationship,
            commands::create_relationship,
            commands::update_relationship,
            facts::list_relationship_data,
            facts::set_relationship_data_confidence,
            facts::correct_relationship_data,
            facts::delete_relationship_data,
            facts::relationship_fact_bands,
            files::list_relationship_files,
            files::pick_relationship_files,
            files::add_relationship_file,
            files::open_relationship_file,
            files::remove_relationship_file,
            files::watch_file_drops,
            timeline::relationship_timeline,
            timeline::due_relationships,
            timeline::pending_action_items,
            commands::search,
            commands::list_audio_devices,
            commands::list_capture_devices,
            commands::start_meeting,
            commands::stop_meeting,
            retranscribe::retranscribe_meeting,
            commands::get_audio_retention,
            commands::set_audio_retention,
            commands::get_spoken_languages,
            commands::set_spoken_languages,
            llm_settings::get_llm_settings,
            llm_settings::save_llm_settings,
            insights::get_insights,
            insights::meeting_findings,
            insights::mark_question,
            insights::review_action_item,
            insights::edit_action_item,
            insights::remove_action_item,
            insights::edit_summary,
            insights::set_meeting_llm,
            insights::analyze,
            import::begin_upload,
            import::upload_chunk,
            import::import_recording,
            import::cancel_import,
            import::import_transcript,
            playback::playback_tracks,
            export::export_meeting,
            data::data_inventory,
            data::export_archive,
            data::import_archive,
            data::delete_everything,
            data::audit_log,
            data::meeting_footprint,
            data::delete_meeting,
            data::relationship_footprint,
            data::delete_relationship,
            commands::list_notes,
            commands::save_meeting_notes,
            overlay::watch_live,
            overlay::toggle_overlay,
            tray::watch_tray,
            tray::set_tray_labels,
            models::list_models,
            models::download_model,
            models::pause_download,
            models::cancel_download,
            models::verify_model,
            models::remove_model,
            models::set_default_model,
            setup::get_setup,
            setup::save_setup,
            setup::start_device_check,
            setup::stop_device_check,
            setup::test_llm_connection,
            sync::get_sync_status,
            sync::join_sync,
            sync::sync_now,
            sync::list_sync_devices,
            sync::revoke_sync_device,
            sync::leave_sync,
            sync::delete_sync_account,
            sync::watch_sync,
            sync::set_sync_fetch_files,
            sync::meeting_files_elsewhere,
            sync::fetch_meeting_files,
        ])
}

/// The TypeScript exporter for `ui/src/bindings.gen.ts`.
pub fn bindings() -> specta_typescript::Typescript {
    specta_typescript::Typescript::default()
        .header("// Generated from src-tauri by `ONNO_UPDATE_BINDINGS=1 cargo test -p onno-app`. Do not edit.")
}

pub fn run() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();

    let state = AppState::open(data_dir::resolve());
    let builder = specta_builder();
    let app = tauri::Builder::default()
        .manage(state)
        .manage(live::LiveSlot::default())
        .manage(onno_assist::SharedClient::default())
        .manage(busy::MeetingJobs::default())
        .manage(import::ImportSlot::default())
        .manage(quit::Exiting::default())
        .manage(tray::Tray::default())
        .manage(models::Downloads::default())
        .manage(setup::DeviceCheckSlot::default())
        .manage(playback::Playback::default())
        .manage(files::FileDrops::default())
        .manage(sync::SyncLoop::default())
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(builder.invoke_handler())
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::DragDrop(drop) = event
                && window.label() == "main"
            {
                files::forward_drop(tauri::Manager::app_handle(window), drop);
            }
        })
        .setup(|app| {
            quit::on_termination_signals(app.handle());
            tray::install(app.handle());
            overlay::register_hotkey(app.handle());
            // A device that syncs keeps syncing; one whose database did not open waits.
            if let Err(error) = sync::start(app.handle()) {
                tracing::warn!(kind = ?error.kind, "sync did not start");
            }
            Ok(())
        })
        .build(tauri::generate_context!());
    let app = match app {
        Ok(app) => app,
        Err(error) => {
            tracing::error!(%error, "the app cannot start");
            std::process::exit(1);
        }
    };
    app.run(|app, event| {
        if let tauri::RunEvent::Exit = event {
            quit::at_exit(app);
        }
    });
}
