//! The tray icon: start and stop recording, show the window, show the overlay, quit.
//!
//! Start and stop are asked of the main window ([`TrayRequest`] over the channel it
//! gives [`watch_tray`]), so they do exactly what its buttons do: the form's choices,
//! the analysis after a stop. Quit exits the event loop, which finishes a meeting being
//! recorded as Stop does (`quit.rs`). The menu's words come from the window's dictionary
//! ([`set_tray_labels`]); until it sends them, English.

use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use tauri::ipc::Channel;
use tauri::menu::{Menu, MenuEvent, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager, Wry};

use crate::error::{AppError, AppErrorKind};
use crate::overlay;

/// What the tray asks of the main window.
#[derive(Debug, Clone, Copy, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum TrayRequest {
    StartRecording,
    StopRecording,
}

/// The tray menu's words, in the user's language.
#[derive(Debug, Clone, Deserialize, specta::Type)]
pub struct TrayLabels {
    pub start: String,
    pub stop: String,
    pub show: String,
    pub overlay: String,
    pub quit: String,
}

/// The tray's menu items and the main window's channel.
#[derive(Default)]
pub struct Tray {
    items: Mutex<Option<Items>>,
    window: Mutex<Option<Channel<TrayRequest>>>,
}

struct Items {
    start: MenuItem<Wry>,
    stop: MenuItem<Wry>,
    show: MenuItem<Wry>,
    overlay: MenuItem<Wry>,
    quit: MenuItem<Wry>,
}

/// Puts the icon in the tray. A desktop without a tray loses only this shortcut: the
/// window has every control, so a failure is a warning.
pub fn install(app: &AppHandle) {
    if let Err(error) = try_install(app) {
        tracing::warn!(%error, "no tray icon");
    }
}

fn try_install(app: &AppHandle) -> tauri::Result<()> {
    let item = |id: &str, text: &str| MenuItem::with_id(app, id, text, true, None::<&str>);
    let items = Items {
        start: item("start", "Start recording")?,
        stop: item("stop", "Stop recording")?,
        show: item("show", "Show Onno")?,
        overlay: item("overlay", "Show or hide the overlay")?,
        quit: item("quit", "Quit Onno")?,
    };
    let menu = Menu::with_items(
        app,
        &[
            &items.start,
            &items.stop,
            &PredefinedMenuItem::separator(app)?,
            &items.show,
            &items.overlay,
            &PredefinedMenuItem::separator(app)?,
            &items.quit,
        ],
    )?;
    let mut tray = TrayIconBuilder::with_id("onno")
        .tooltip("Onno")
        .menu(&menu)
        .on_menu_event(on_menu);
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone().to_owned());
    }
    tray.build(app)?;
    *app.state::<Tray>()
        .items
        .lock()
        .unwrap_or_else(|p| p.into_inner()) = Some(items);
    Ok(())
}

fn on_menu(app: &AppHandle, event: MenuEvent) {
    match event.id().as_ref() {
        "start" => ask_window(app, TrayRequest::StartRecording),
        "stop" => ask_window(app, TrayRequest::StopRecording),
        "show" => show_main(app),
        "overlay" => overlay::toggle(app),
        // The event loop's exit finishes the meeting being recorded (quit.rs).
        "quit" => app.exit(0),
        _ => {}
    }
}

fn ask_window(app: &AppHandle, request: TrayRequest) {
    show_main(app);
    let tray = app.state::<Tray>();
    let window = tray.window.lock().unwrap_or_else(|p| p.into_inner());
    match window.as_ref().map(|channel| channel.send(request)) {
        Some(Ok(())) => {}
        _ => tracing::warn!(?request, "the window is not listening to the tray"),
    }
}

fn show_main(app: &AppHandle) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// The main window listens to the tray's requests on `on_request` (the latest channel
/// replaces an earlier one, as after a reload).
#[tauri::command]
#[specta::specta]
pub fn watch_tray(app: AppHandle, on_request: Channel<TrayRequest>) {
    *app.state::<Tray>()
        .window
        .lock()
        .unwrap_or_else(|p| p.into_inner()) = Some(on_request);
}

/// Words the tray menu in the window's language.
#[tauri::command]
#[specta::specta]
pub fn set_tray_labels(app: AppHandle, labels: TrayLabels) -> Result<(), AppError> {
    let tray = app.state::<Tray>();
    let items = tray.items.lock().unwrap_or_else(|p| p.into_inner());
    let Some(items) = items.as_ref() else {
        // No tray on this desktop: nothing to word.
        return Ok(());
    };
    let set = |item: &MenuItem<Wry>, text: &str| {
        item.set_text(text)
            .map_err(|e| AppError::new(AppErrorKind::Internal, e.to_string()))
    };
    set(&items.start, &labels.start)?;
    set(&items.stop, &labels.stop)?;
    set(&items.show, &labels.show)?;
    set(&items.overlay, &labels.overlay)?;
    set(&items.quit, &labels.quit)
}
