//! Quitting: closing the window, Ctrl-C in a terminal and SIGTERM at logout all end the
//! app the same way, finishing a meeting being recorded (queued speech transcribed,
//! files and row closed) before the process ends.
//!
//! A signal asks the window's event loop to exit. Should that loop not get there (a
//! wedged web view, a window already torn down), the signal's own thread finishes the
//! meeting and ends the process after a grace period: a logout must not wait forever,
//! and an app left running after its session would hold the recordings open.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tauri::{AppHandle, Manager};

use crate::live::LiveSlot;

/// How long the event loop has to reach its exit after a termination signal.
const EXIT_GRACE: Duration = Duration::from_secs(5);

/// Whether the event loop has reached its exit (and is finishing the meeting itself).
#[derive(Default)]
pub struct Exiting(AtomicBool);

/// Quits on Ctrl-C, SIGTERM and SIGHUP as closing the window does.
pub fn on_termination_signals(app: &AppHandle) {
    let app = app.clone();
    let watchdog_started = AtomicBool::new(false);
    let installed = ctrlc::set_handler(move || {
        app.exit(0);
        if !watchdog_started.swap(true, Ordering::SeqCst) {
            let app = app.clone();
            std::thread::spawn(move || exit_if_stuck(&app));
        }
    });
    if let Err(error) = installed {
        tracing::warn!(%error, "cannot listen for termination signals");
    }
}

/// The event loop's exit: finishes the meeting being recorded.
pub fn at_exit(app: &AppHandle) {
    app.state::<Exiting>().0.store(true, Ordering::SeqCst);
    app.state::<LiveSlot>().stop_on_exit();
}

fn exit_if_stuck(app: &AppHandle) {
    std::thread::sleep(EXIT_GRACE);
    if app.state::<Exiting>().0.load(Ordering::SeqCst) {
        return;
    }
    tracing::warn!("the window did not close after a termination signal; quitting without it");
    // Waits for a finish the event loop may have begun meanwhile (the slot stays
    // locked while a meeting is being finished), so the process never ends mid-way.
    app.state::<LiveSlot>().stop_on_exit();
    std::process::exit(0);
}
