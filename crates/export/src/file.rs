//! Writing an export to disk in one piece.

use std::io::Write as _;
use std::path::Path;

use crate::ExportError;

/// Writes `bytes` to `path` whole or not at all: into a temporary file in the same
/// folder, flushed to the disk, then renamed over `path`. A failure (a full disk, a
/// folder that cannot be written, a crash) leaves whatever was at `path` before, or
/// nothing, and no temporary file behind.
///
/// A path that exists and is not a file or a folder (`/dev/stdout`, a pipe) is written
/// into directly: there is nothing to rename over it.
pub fn save(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    let failed = |source| ExportError::Write {
        path: path.to_owned(),
        source,
    };
    if let Ok(meta) = std::fs::metadata(path)
        && !meta.is_file()
        && !meta.is_dir()
    {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(failed)?;
        return file
            .write_all(bytes)
            .and_then(|()| file.flush())
            .map_err(failed);
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".part");
    // A temporary file is private to its owner; an export is a document like any other
    // (the process's umask still applies).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder.tempfile_in(folder).map_err(failed)?;
    temp.write_all(bytes)
        .and_then(|()| temp.as_file().sync_all())
        .map_err(failed)?;
    // Dropping `temp` on an error above removes it.
    temp.persist(path).map_err(|e| failed(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_save_replaces_the_file_whole_and_leaves_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("meeting.md");
        save(&path, b"first").unwrap();
        save(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["meeting.md"]);
    }

    #[test]
    fn a_folder_that_is_not_there_is_an_error_naming_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing").join("meeting.pdf");
        let error = save(&path, b"x").unwrap_err().to_string();
        assert!(error.contains("missing/meeting.pdf"), "{error}");
        assert!(!dir.path().join("missing").exists());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_full_disk_is_an_error_not_a_half_file() {
        // /dev/full refuses every write with ENOSPC, as a full disk does.
        let error = save(Path::new("/dev/full"), &[0; 4096]).unwrap_err();
        let ExportError::Write { source, .. } = &error else {
            panic!("{error:?}");
        };
        assert_eq!(source.kind(), std::io::ErrorKind::StorageFull, "{error}");
    }
}
