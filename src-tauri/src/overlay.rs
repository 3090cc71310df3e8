//! The overlay: a small always-on-top window with the last lines and the newest
//! suggestions, for a call in full screen. A global hotkey ([`HOTKEY`]) shows and hides
//! it from any application, as does the tray and a button in the live view. It is the
//! same UI as the main window (it knows itself by its label) and watches the meeting
//! through a channel of its own ([`watch_live`]).

use onno_live::LiveEvent;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, WebviewUrl, WebviewWindowBuilder};
use tauri_plugin_global_shortcut::{GlobalShortcutExt, ShortcutState};

use crate::error::{AppError, AppErrorKind};
use crate::live::LiveSlot;

/// The overlay window's label; the UI renders the overlay in a window of this label.
pub const LABEL: &str = "overlay";

/// Shows and hides the overlay: Ctrl+Shift+O, or Cmd+Shift+O on macOS.
pub const HOTKEY: &str = "CommandOrControl+Shift+O";

/// Registers the hotkey. Where the desktop does not let an app take a global key (a
/// Wayland session without the X11 bridge, a key another app holds), the overlay is
/// still a button and a tray item away, so this only warns.
pub fn register_hotkey(app: &AppHandle) {
    let plugin = tauri_plugin_global_shortcut::Builder::new()
        .with_handler(|app, _shortcut, event| {
            if event.state() == ShortcutState::Pressed {
                toggle(app);
            }
        })
        .build();
    if let Err(error) = app.plugin(plugin) {
        tracing::warn!(%error, "no global hotkeys on this desktop");
        return;
    }
    if let Err(error) = app.global_shortcut().register(HOTKEY) {
        tracing::warn!(%error, hotkey = HOTKEY, "cannot register the overlay's hotkey");
    }
}

/// Shows the overlay (made on first use) or hides it.
pub fn toggle(app: &AppHandle) {
    if let Err(error) = try_toggle(app) {
        tracing::warn!(%error, "cannot show the overlay");
    }
}

fn try_toggle(app: &AppHandle) -> tauri::Result<bool> {
    if let Some(window) = app.get_webview_window(LABEL) {
        // Hidden rather than closed: its channel and what it shows stay.
        if window.is_visible()? {
            window.hide()?;
            return Ok(false);
        }
        window.show()?;
        return Ok(true);
    }
    WebviewWindowBuilder::new(app, LABEL, WebviewUrl::App("index.html".into()))
        .title("Onno")
        .inner_size(420.0, 280.0)
        .min_inner_size(280.0, 160.0)
        .always_on_top(true)
        .visible_on_all_workspaces(true)
        .skip_taskbar(true)
        .focused(false)
        .build()?;
    Ok(true)
}

/// Shows or hides the overlay; true when it is shown now. (Async, so that making the
/// window is not done inside a command on the main thread, which deadlocks on Windows.)
#[tauri::command]
#[specta::specta]
pub async fn toggle_overlay(app: AppHandle) -> Result<bool, AppError> {
    try_toggle(&app).map_err(|e| AppError::new(AppErrorKind::Internal, e.to_string()))
}

/// Sends the meeting's updates to `on_update` from now on (this meeting and later
/// ones); returns the meeting being recorded now, if any, so the window can read what
/// was said before it looked.
#[tauri::command]
#[specta::specta]
pub fn watch_live(app: AppHandle, on_update: Channel<LiveEvent>) -> Option<i64> {
    app.state::<LiveSlot>().watch(on_update)
}
