use std::sync::{Arc, Mutex, MutexGuard};

use onno_store::{DataDir, Store, StoreError};
use serde::Serialize;

use crate::error::{AppError, AppErrorKind};

/// What happened when the app opened its database. A failed open does not stop the app:
/// the window starts and shows this, so the user can read what is wrong and act on it.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Startup {
    Ready {
        db_path: String,
    },
    /// The file is damaged or not a database; it can be moved aside (`start_fresh`).
    Corrupt {
        db_path: String,
        detail: String,
    },
    /// Written by a newer Onno: refused, never touched.
    NewerVersion {
        db_path: String,
        found: u32,
        supported: u32,
    },
    /// Anything else (no data folder, disk full, permission denied).
    Failed {
        message: String,
    },
}

/// The result of moving a damaged database aside and opening a fresh one.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct FreshStart {
    /// Where the damaged file now lives, kept for recovery.
    pub moved_to: String,
    pub startup: Startup,
}

enum Opened {
    Ready(Arc<Store>),
    Failed(Startup),
}

/// Tauri-managed state: the open store, or why it could not be opened.
pub struct AppState {
    data_dir: Result<DataDir, String>,
    opened: Mutex<Opened>,
}

impl AppState {
    pub fn open(data_dir: Result<DataDir, String>) -> AppState {
        let opened = match &data_dir {
            Ok(dir) => open_store(dir),
            Err(message) => Opened::Failed(Startup::Failed {
                message: message.clone(),
            }),
        };
        AppState {
            data_dir,
            opened: Mutex::new(opened),
        }
    }

    pub fn startup(&self) -> Startup {
        match &*self.lock() {
            Opened::Ready(store) => Startup::Ready {
                db_path: store.db_path().display().to_string(),
            },
            Opened::Failed(startup) => startup.clone(),
        }
    }

    /// The store, shared so a command can use it on a blocking thread without holding
    /// the lock (and so without serialising unrelated commands).
    pub fn store(&self) -> Result<Arc<Store>, AppError> {
        match &*self.lock() {
            Opened::Ready(store) => Ok(Arc::clone(store)),
            Opened::Failed(_) => Err(AppError::new(
                AppErrorKind::NotOpen,
                "the database is not open",
            )),
        }
    }

    /// Moves a damaged database aside and opens a new, empty one in its place. Refused
    /// unless the database was found damaged: a healthy or newer file is never moved.
    pub fn start_fresh(&self) -> Result<FreshStart, AppError> {
        let mut opened = self.lock();
        if !matches!(&*opened, Opened::Failed(Startup::Corrupt { .. })) {
            return Err(AppError::new(
                AppErrorKind::Invalid,
                "only a damaged database can be moved aside",
            ));
        }
        let data_dir = self
            .data_dir
            .as_ref()
            .map_err(|m| AppError::new(AppErrorKind::Io, m))?;
        let moved_to = onno_store::move_aside(&data_dir.database())?;
        tracing::warn!(moved_to = %moved_to.display(), "moved a damaged database aside");
        *opened = open_store(data_dir);
        drop(opened);
        Ok(FreshStart {
            moved_to: moved_to.display().to_string(),
            startup: self.startup(),
        })
    }

    fn lock(&self) -> MutexGuard<'_, Opened> {
        // The guarded value is replaced whole, never left half-updated, so a panic
        // elsewhere while it was held does not make it unsafe to use.
        self.opened.lock().unwrap_or_else(|p| p.into_inner())
    }
}

fn open_store(data_dir: &DataDir) -> Opened {
    match Store::open(data_dir.root()) {
        Ok(store) => {
            tracing::info!(db = %store.db_path().display(), "database open");
            tidy_up(&store);
            Opened::Ready(Arc::new(store))
        }
        Err(error) => {
            tracing::error!(%error, "cannot open the database");
            Opened::Failed(startup_failure(error))
        }
    }
}

/// Closes meetings a crash left open and deletes recordings past the retention
/// setting. Failures are logged: they must not keep the app from starting.
fn tidy_up(store: &Store) {
    let tidied = onno_live::tidy_up(store);
    match tidied.recovered {
        Ok(recovered) => {
            for r in recovered {
                tracing::warn!(
                    meeting = r.meeting_id,
                    seconds = r.audio_seconds,
                    "closed an interrupted meeting"
                );
            }
        }
        Err(error) => tracing::error!(%error, "cannot close interrupted meetings"),
    }
    if let Err(error) = tidied.expired_audio {
        tracing::error!(%error, "cannot apply the audio retention setting");
    }
}

fn startup_failure(error: StoreError) -> Startup {
    match error {
        StoreError::Corrupt { path, detail } => Startup::Corrupt {
            db_path: path.display().to_string(),
            detail,
        },
        StoreError::NewerVersion {
            path,
            found,
            supported,
        } => Startup::NewerVersion {
            db_path: path.display().to_string(),
            found,
            supported,
        },
        other => Startup::Failed {
            message: other.to_string(),
        },
    }
}
