//! Errors become one line on stderr and an exit status (documented in `main.rs`).

use std::io::Write as _;
use std::process::ExitCode;

use onno_models::ModelError;
use onno_store::StoreError;

/// General failure.
const ERROR: u8 = 1;
/// The meeting, relationship or model asked for does not exist (or is not installed).
const NOT_FOUND: u8 = 3;
/// The database file is damaged, foreign, or from a newer Onno.
const DATABASE_UNUSABLE: u8 = 4;

/// Prints `onno: error: ...` on stderr and returns the exit status for `error`.
pub fn report(error: &anyhow::Error) -> ExitCode {
    // A reader that stopped reading (`onno meetings list | head`) is not a failure.
    let broken_pipe = error
        .chain()
        .filter_map(|cause| cause.downcast_ref::<std::io::Error>())
        .any(|e| e.kind() == std::io::ErrorKind::BrokenPipe);
    if broken_pipe {
        return ExitCode::SUCCESS;
    }
    let store_error = error
        .chain()
        .find_map(|cause| cause.downcast_ref::<StoreError>());
    let (code, hint) = match store_error {
        Some(StoreError::NotFound { .. }) => (NOT_FOUND, String::new()),
        Some(StoreError::Corrupt { path, .. }) => (
            DATABASE_UNUSABLE,
            format!(
                "; move it aside (for example `mv '{0}' '{0}.damaged'`) and Onno starts a new database",
                path.display()
            ),
        ),
        Some(StoreError::NewerVersion { path, .. }) => (
            DATABASE_UNUSABLE,
            format!(
                ", or move it aside (for example `mv '{0}' '{0}.newer'`) to start a new database",
                path.display()
            ),
        ),
        _ => {
            let model_missing = error
                .chain()
                .filter_map(|cause| cause.downcast_ref::<ModelError>())
                .any(|e| crate::models::is_not_found(e.kind()));
            (if model_missing { NOT_FOUND } else { ERROR }, String::new())
        }
    };
    let message = format!("{error:#}{hint}").replace(['\r', '\n'], " ");
    // If stderr itself is gone there is nowhere left to say so.
    let _ = writeln!(std::io::stderr(), "onno: error: {message}");
    ExitCode::from(code)
}
