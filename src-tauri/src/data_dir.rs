/// Environment variable that points the app at another data folder (tests, portable
/// installs). The CLI reads the same variable, so both see the same database.
pub use onno_store::DATA_DIR_ENV;
use onno_store::DataDir;

/// The folder holding the database and recordings: `$ONNO_DATA_DIR` if set, else the
/// platform's per-user data folder (`~/.local/share/onno` on Linux); see
/// [`DataDir::locate`], which the CLI uses too.
pub fn resolve() -> Result<DataDir, String> {
    DataDir::locate(None).ok_or_else(|| {
        format!("cannot find a home folder for Onno's data; set {DATA_DIR_ENV} to a folder")
    })
}
