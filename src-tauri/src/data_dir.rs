use std::path::PathBuf;

/// Environment variable that points the app at another data folder (tests, portable
/// installs). The CLI reads the same variable, so both see the same database.
pub const DATA_DIR_ENV: &str = "ONNO_DATA_DIR";

/// The folder holding the database and recordings: `$ONNO_DATA_DIR` if set, else the
/// platform's per-user data folder (`~/.local/share/onno` on Linux).
pub fn resolve() -> Result<PathBuf, String> {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("com", "Onno", "Onno")
        .map(|dirs| dirs.data_dir().to_owned())
        .ok_or_else(|| {
            format!("cannot find a home folder for Onno's data; set {DATA_DIR_ENV} to a folder")
        })
}
