//! The list of downloadable models: `models/manifest.toml` at the repository root,
//! compiled into the crate, or any other text in the same format.

use serde::{Deserialize, Serialize};

use crate::error::{ErrorKind, ModelError};

/// The manifest shipped with Onno.
const BUILTIN: &str = include_str!("../../../models/manifest.toml");

/// What a model file is for.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ModelKind {
    /// A whisper.cpp speech recognition model.
    Whisper,
    /// A whisper.cpp voice activity detection model (Silero).
    Vad,
}

/// Which languages a model transcribes.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Languages {
    Multilingual,
    /// English only (the `.en` models).
    En,
}

/// One downloadable model.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelEntry {
    /// The name users type: `base`, `small.en`, `large-v3-turbo-q5_0`.
    pub name: String,
    /// The file name in the models folder: `ggml-base.bin`.
    pub file: String,
    pub url: String,
    /// The file's length in bytes.
    pub size: u64,
    /// Lowercase hex SHA-1, where one is published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha1: Option<String>,
    /// Lowercase hex SHA-256, where one is published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    pub languages: Languages,
    pub kind: ModelKind,
}

impl ModelEntry {
    /// Whether a checksum is known, so a download is verified by more than size and header.
    pub fn has_checksum(&self) -> bool {
        self.sha1.is_some() || self.sha256.is_some()
    }
}

/// The models Onno knows how to download.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Manifest {
    entries: Vec<ModelEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    model: Vec<ModelEntry>,
}

impl Manifest {
    /// The manifest compiled into Onno (`models/manifest.toml`).
    pub fn builtin() -> Manifest {
        match Manifest::parse(BUILTIN) {
            Ok(manifest) => manifest,
            // A test parses the built-in manifest, so this cannot ship broken.
            Err(e) => panic!("the built-in model manifest is invalid: {e}"),
        }
    }

    /// Reads manifest text: `[[model]]` tables with the fields of [`ModelEntry`].
    pub fn parse(text: &str) -> Result<Manifest, ModelError> {
        let raw: Raw = toml::from_str(text).map_err(|e| {
            ModelError::new(
                ErrorKind::InvalidManifest,
                format!("invalid model manifest: {}", e.message()),
            )
        })?;
        let manifest = Manifest { entries: raw.model };
        manifest.validate()?;
        Ok(manifest)
    }

    /// A manifest of the given entries, checked like a parsed one.
    pub fn from_entries(entries: Vec<ModelEntry>) -> Result<Manifest, ModelError> {
        let manifest = Manifest { entries };
        manifest.validate()?;
        Ok(manifest)
    }

    pub fn entries(&self) -> &[ModelEntry] {
        &self.entries
    }

    pub fn get(&self, name: &str) -> Option<&ModelEntry> {
        self.entries.iter().find(|e| e.name == name)
    }

    fn validate(&self) -> Result<(), ModelError> {
        let bad = |why: String| {
            Err(ModelError::new(
                ErrorKind::InvalidManifest,
                format!("invalid model manifest: {why}"),
            ))
        };
        for (i, e) in self.entries.iter().enumerate() {
            if e.name.is_empty() || e.name.contains(['/', '\\']) {
                return bad(format!("model {} has an invalid name {:?}", i + 1, e.name));
            }
            if self.entries[..i].iter().any(|o| o.name == e.name) {
                return bad(format!("model {:?} is listed twice", e.name));
            }
            let plain_file = !e.file.is_empty()
                && !e.file.starts_with('.')
                && !e.file.contains(['/', '\\'])
                && !e.file.ends_with(crate::PARTIAL_SUFFIX);
            if !plain_file {
                return bad(format!(
                    "model {:?} has an invalid file name {:?}",
                    e.name, e.file
                ));
            }
            if !(e.url.starts_with("https://") || e.url.starts_with("http://")) {
                return bad(format!("model {:?} has a URL that is not http(s)", e.name));
            }
            if e.size == 0 {
                return bad(format!("model {:?} has size 0", e.name));
            }
            for (algo, hex_len, value) in [("sha1", 40, &e.sha1), ("sha256", 64, &e.sha256)] {
                if let Some(v) = value
                    && (v.len() != hex_len
                        || !v
                            .bytes()
                            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
                {
                    return bad(format!(
                        "model {:?} has a {algo} that is not {hex_len} lowercase hex digits",
                        e.name
                    ));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_manifest_parses() {
        let m = Manifest::builtin();
        for name in [
            "tiny",
            "tiny.en",
            "base",
            "base.en",
            "small",
            "small.en",
            "medium",
            "medium.en",
            "large-v3-turbo",
            "large-v3-turbo-q5_0",
            "silero-v5.1.2",
        ] {
            assert!(m.get(name).is_some(), "{name} is in the manifest");
        }
        let vad = m.get("silero-v5.1.2").expect("vad");
        assert_eq!(vad.kind, ModelKind::Vad);
        assert_eq!(m.get("base.en").expect("base.en").languages, Languages::En);
        for e in m.entries() {
            assert_eq!(
                e.url.rsplit('/').next(),
                Some(e.file.as_str()),
                "{}",
                e.name
            );
        }
    }

    #[track_caller]
    fn check_invalid(text: &str, expected: &str) {
        let err = Manifest::parse(text).expect_err("invalid");
        assert_eq!(err.kind(), ErrorKind::InvalidManifest);
        assert!(err.to_string().contains(expected), "{err}");
    }

    #[test]
    fn invalid_manifests_say_why() {
        let entry = |extra: &str| {
            format!(
                "[[model]]\nname = \"m\"\nfile = \"m.bin\"\nurl = \"https://x/m.bin\"\nsize = 3\n\
                 languages = \"en\"\nkind = \"whisper\"\n{extra}"
            )
        };
        check_invalid(&entry("sha1 = \"ABC\"\n"), "sha1");
        check_invalid(&entry("colour = \"red\"\n"), "colour");
        check_invalid(&format!("{0}{0}", entry("")), "twice");
        check_invalid(
            &entry("").replace("m.bin\"\nurl", "../m.bin\"\nurl"),
            "file name",
        );
        check_invalid(&entry("").replace("whisper", "llm"), "llm");
        assert!(Manifest::parse(&entry("")).is_ok());
    }
}
