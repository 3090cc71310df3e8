//! [`Playable`]: what one URL serves, decided from the files the app resolved it to.

use std::fs::File;
use std::io::{self, Seek, SeekFrom};
use std::path::Path;

use crate::mix::{MixedWav, OpenError, open_error, read_or_silence, usize_of};
use crate::wav::probe_recording;

/// The bytes behind one URL: Onno's recordings mixed (or one alone) behind a fresh
/// header, or a file of another format (an imported MP3, FLAC, M4A…) as it is stored.
pub enum Playable {
    Recording(MixedWav),
    AsStored(StoredFile),
}

/// A file served byte for byte, with the media type its extension names.
pub struct StoredFile {
    file: File,
    len: u64,
    content_type: &'static str,
}

impl Playable {
    /// Recordings are mixed; one file that is not a recording is served as it is; two
    /// files that are not both recordings cannot be played as one.
    pub fn open<P: AsRef<Path>>(paths: &[P]) -> Result<Self, OpenError> {
        let mut probed = Vec::with_capacity(paths.len());
        for (index, path) in paths.iter().enumerate() {
            let mut file = File::open(path).map_err(open_error)?;
            match probe_recording(&mut file)? {
                Some(data_len) => probed.push((file, data_len)),
                None if paths.len() == 1 => {
                    let len = file.seek(SeekFrom::End(0))?;
                    return Ok(Self::AsStored(StoredFile {
                        file,
                        len,
                        content_type: content_type_of(path.as_ref()),
                    }));
                }
                None => return Err(OpenError::NotARecording { index }),
            }
        }
        Ok(Self::Recording(MixedWav::from_probed(probed)?))
    }

    /// Length in bytes of what is served.
    pub fn byte_len(&self) -> u64 {
        match self {
            Self::Recording(mix) => mix.byte_len(),
            Self::AsStored(stored) => stored.len,
        }
    }

    pub fn content_type(&self) -> &'static str {
        match self {
            Self::Recording(_) => "audio/wav",
            Self::AsStored(stored) => stored.content_type,
        }
    }

    /// Bytes `start..end` (`end` exclusive, clamped to [`Self::byte_len`]), always as
    /// many as asked for within that length.
    pub fn read_range(&mut self, start: u64, end: u64) -> io::Result<Vec<u8>> {
        match self {
            Self::Recording(mix) => mix.read_range(start, end),
            Self::AsStored(stored) => {
                let end = end.min(stored.len);
                if start >= end {
                    return Ok(Vec::new());
                }
                let mut buf = vec![0; usize_of(end - start)?];
                stored.file.seek(SeekFrom::Start(start))?;
                read_or_silence(&mut stored.file, &mut buf)?;
                Ok(buf)
            }
        }
    }
}

/// The media type a player needs for a file it is given as it is, from the extension.
pub fn content_type_of(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("wav" | "wave") => "audio/wav",
        Some("mp3") => "audio/mpeg",
        Some("flac") => "audio/flac",
        Some("m4a" | "mp4" | "m4b") => "audio/mp4",
        Some("aac") => "audio/aac",
        Some("ogg" | "oga" | "opus") => "audio/ogg",
        Some("webm" | "weba") => "audio/webm",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_follow_the_extension_in_any_case() {
        assert_eq!(content_type_of(Path::new("a/call.MP3")), "audio/mpeg");
        assert_eq!(content_type_of(Path::new("call.m4a")), "audio/mp4");
        assert_eq!(content_type_of(Path::new("call.flac")), "audio/flac");
        assert_eq!(content_type_of(Path::new("call.opus")), "audio/ogg");
        assert_eq!(
            content_type_of(Path::new("call")),
            "application/octet-stream"
        );
    }
}
