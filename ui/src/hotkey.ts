// The overlay's global hotkey as the user presses it; the app registers it as
// "CommandOrControl+Shift+O" (src-tauri/src/overlay.rs).

export const OVERLAY_HOTKEY = navigator.userAgent.includes("Mac") ? "⌘⇧O" : "Ctrl+Shift+O";
