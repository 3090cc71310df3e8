//! The data folder's layout: where the database, the meetings' recordings, the speech
//! models and the relationships' files live. Every crate that touches the folder asks
//! [`DataDir`] for a path rather than joining names of its own, so the layout is
//! written down once.
//!
//! ```text
//! <data folder>/
//!   onno.db                  the database (with -wal and -shm beside it)
//!   meetings/<id>/mic.wav    a meeting's recordings, one per side of the call
//!   meetings/<id>/system.wav
//!   meetings/<id>/live.lock  held while the meeting records
//!   files/<id>/              a relationship's attached files
//!   models/                  speech and voice-detection models
//!   imports/                 a file being imported from the app, while it is
//! ```
//!
//! Paths the database keeps (recordings, attached files) are relative to the data
//! folder, with `/` between parts, so the folder moves as one piece.

use std::path::{Path, PathBuf};

use crate::SegmentSource;

/// The database's file name inside the data folder.
pub const DATABASE_FILE_NAME: &str = "onno.db";

/// Environment variable that points the app and the CLI at another data folder (tests,
/// portable installs); an empty value counts as unset.
pub const DATA_DIR_ENV: &str = "ONNO_DATA_DIR";

const MEETINGS: &str = "meetings";
pub(crate) const FILES: &str = "files";
const MODELS: &str = "models";
pub(crate) const IMPORTS: &str = "imports";
pub(crate) const LIVE_LOCK: &str = "live.lock";

/// The folders whose files are the user's own data: what an archive carries and what
/// deleting everything removes (with [`IMPORTS`], which only ever holds a file in
/// passing). Models are downloaded software, not data, and stay.
pub(crate) const USER_FOLDERS: [&str; 2] = [MEETINGS, FILES];

/// The recordings of a meeting, by side: the capture's name is the file's stem.
const RECORDINGS: [(SegmentSource, &str); 2] =
    [(SegmentSource::Me, "mic"), (SegmentSource::Them, "system")];

/// One data folder and the places inside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataDir {
    root: PathBuf,
}

impl DataDir {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// The data folder the app and the CLI use: `explicit` (a command-line flag) if
    /// given, else `$ONNO_DATA_DIR` if set and not empty, else the platform's per-user
    /// data folder for qualifier "com", organization "Onno", application "Onno" as the
    /// `directories` crate computes it (`~/.local/share/onno` on Linux,
    /// `~/Library/Application Support/com.Onno.Onno` on macOS, `%APPDATA%\Onno\Onno\data`
    /// on Windows). `None` when there is no home folder to find it in.
    pub fn locate(explicit: Option<PathBuf>) -> Option<Self> {
        let from_env = std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty());
        explicit
            .or(from_env.map(PathBuf::from))
            .or_else(|| {
                directories::ProjectDirs::from("com", "Onno", "Onno")
                    .map(|dirs| dirs.data_dir().to_owned())
            })
            .map(Self::new)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The database file.
    pub fn database(&self) -> PathBuf {
        self.root.join(DATABASE_FILE_NAME)
    }

    /// The folder of installed models, which the model manager is given.
    pub fn models(&self) -> PathBuf {
        self.root.join(MODELS)
    }

    /// Where a file chosen in the app is copied while it is imported (the window hands
    /// over its bytes, not a path); emptied when the import ends.
    pub fn imports(&self) -> PathBuf {
        self.root.join(IMPORTS)
    }

    /// The file in [`DataDir::imports`] a recording named `original_name` is copied
    /// to: `recording.<ext>`, keeping only a short alphanumeric extension, since the
    /// decoder goes by the extension and the rest of the name must stay out of the path.
    pub fn imported_recording(&self, original_name: &str) -> PathBuf {
        let extension: String = Path::new(original_name)
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .filter(|e| e.len() <= 8 && e.chars().all(|c| c.is_ascii_alphanumeric()))
            .unwrap_or_default();
        self.imports().join(format!("recording.{extension}"))
    }

    /// A path the database keeps, relative to the data folder, on this machine.
    pub fn absolute(&self, relative: impl AsRef<Path>) -> PathBuf {
        self.root.join(relative)
    }

    /// The folder of meeting `id`'s recordings.
    pub fn meeting(&self, id: i64) -> MeetingFolder {
        MeetingFolder {
            relative: format!("{MEETINGS}/{id}"),
            absolute: self.root.join(MEETINGS).join(id.to_string()),
        }
    }

    /// The folder of relationship `id`'s attached files, relative to the data folder.
    pub fn relationship_files(id: i64) -> String {
        format!("{FILES}/{id}")
    }

    /// Which side of the call a recording (a path the database keeps) holds, from its
    /// file name; `None` for a file that is not one of a meeting's recordings.
    pub fn recorded_side(relative: &str) -> Option<SegmentSource> {
        let stem = Path::new(relative).file_stem()?.to_str()?;
        RECORDINGS
            .iter()
            .find(|(_, name)| *name == stem)
            .map(|(side, _)| *side)
    }
}

/// `meetings/<id>/` in a data folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeetingFolder {
    relative: String,
    absolute: PathBuf,
}

impl MeetingFolder {
    /// The folder on this machine.
    pub fn path(&self) -> &Path {
        &self.absolute
    }

    /// The folder relative to the data folder, as the database keeps paths.
    pub fn relative(&self) -> &str {
        &self.relative
    }

    /// The lock file a meeting holds while it records, so that recovery after a crash
    /// leaves a meeting another process still records alone.
    pub fn lock_file(&self) -> PathBuf {
        self.absolute.join(LIVE_LOCK)
    }

    /// The recording of one side of the call (`mic.wav` for "me", `system.wav` for
    /// "them"), relative to the data folder as the database keeps it; `None` for
    /// [`SegmentSource::File`], which is never recorded live.
    pub fn recording(&self, side: SegmentSource) -> Option<String> {
        RECORDINGS
            .iter()
            .find(|(s, _)| *s == side)
            .map(|(_, name)| format!("{}/{name}.wav", self.relative))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_every_place_in_the_folder() {
        let data = DataDir::new("/data");
        assert_eq!(data.database(), Path::new("/data/onno.db"));
        assert_eq!(data.models(), Path::new("/data/models"));
        let meeting = data.meeting(7);
        assert_eq!(meeting.path(), Path::new("/data/meetings/7"));
        assert_eq!(meeting.lock_file(), Path::new("/data/meetings/7/live.lock"));
        assert_eq!(
            meeting.recording(SegmentSource::Me).as_deref(),
            Some("meetings/7/mic.wav")
        );
        assert_eq!(
            meeting.recording(SegmentSource::Them).as_deref(),
            Some("meetings/7/system.wav")
        );
        assert_eq!(meeting.recording(SegmentSource::File), None);
        assert_eq!(DataDir::relationship_files(3), "files/3");
        assert_eq!(
            data.absolute("meetings/7/mic.wav"),
            Path::new("/data/meetings/7/mic.wav")
        );
    }

    #[test]
    fn an_imported_recording_keeps_only_a_plain_extension() {
        let data = DataDir::new("/data");
        assert_eq!(data.meeting(7).relative(), "meetings/7");
        assert_eq!(
            data.imported_recording("Call with Ana.M4A"),
            Path::new("/data/imports/recording.m4a")
        );
        assert_eq!(
            data.imported_recording("../../etc/passwd"),
            Path::new("/data/imports/recording.")
        );
        assert_eq!(
            data.imported_recording("x.w/a/v"),
            Path::new("/data/imports/recording.")
        );
        assert_eq!(
            data.imported_recording("a.verylongextension"),
            Path::new("/data/imports/recording.")
        );
    }

    #[test]
    fn a_recording_names_its_side() {
        let meeting = DataDir::new("/data").meeting(7);
        for side in [SegmentSource::Me, SegmentSource::Them] {
            let relative = meeting.recording(side).unwrap();
            assert_eq!(DataDir::recorded_side(&relative), Some(side));
        }
        assert_eq!(DataDir::recorded_side("meetings/7/notes.txt"), None);
        assert_eq!(DataDir::recorded_side(""), None);
    }

    #[test]
    fn an_explicit_folder_wins() {
        let data = DataDir::locate(Some(PathBuf::from("/elsewhere")));
        assert_eq!(data, Some(DataDir::new("/elsewhere")));
    }
}
