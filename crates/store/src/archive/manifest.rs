//! The manifest: what an archive says it holds, and the checks that it holds exactly
//! that.

use std::collections::BTreeSet;
use std::io::{self, Read};

use serde::{Deserialize, Serialize};
use zip::ZipArchive;

use super::{DATA_PREFIX, DATABASE, FORMAT, FORMAT_VERSION, MANIFEST, MAX_MANIFEST_BYTES, damaged};
use crate::Result;
use crate::layout::USER_FOLDERS;
use crate::validate::data_relative_path;

#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Manifest {
    pub(super) format: String,
    pub(super) format_version: u32,
    pub(super) schema_version: u32,
    pub(super) created_at: String,
    pub(super) members: Vec<Member>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Member {
    pub(super) path: String,
    pub(super) size: u64,
    pub(super) sha256: String,
}

pub(super) fn verify(member: &Member, size: u64, sha256: &str) -> Result<()> {
    if size != member.size || sha256 != member.sha256 {
        return Err(damaged(format!(
            "{} does not match the manifest (damaged or altered)",
            member.path
        )));
    }
    Ok(())
}

pub(super) fn read_manifest<R: Read + io::Seek>(zip: &mut ZipArchive<R>) -> Result<Manifest> {
    let entry = zip
        .by_name(MANIFEST)
        .map_err(|_| damaged("it has no manifest; it is not an Onno archive"))?;
    let mut text = Vec::new();
    entry
        .take(MAX_MANIFEST_BYTES)
        .read_to_end(&mut text)
        .map_err(|e| damaged(format!("the manifest cannot be read: {e}")))?;
    let manifest: Manifest = serde_json::from_slice(&text)
        .map_err(|e| damaged(format!("the manifest cannot be read: {e}")))?;
    if manifest.format != FORMAT {
        return Err(damaged("it is not an Onno archive"));
    }
    if manifest.format_version > FORMAT_VERSION {
        return Err(damaged(format!(
            "it was written by a newer version of Onno (archive format {}); update Onno to restore it",
            manifest.format_version
        )));
    }
    Ok(manifest)
}

/// The archive holds exactly the manifest's members, each a path this build writes.
pub(super) fn check_members<R: Read + io::Seek>(
    zip: &ZipArchive<R>,
    manifest: &Manifest,
) -> Result<()> {
    let mut listed = BTreeSet::new();
    for member in &manifest.members {
        let ok = member.path == DATABASE
            || member.path.strip_prefix(DATA_PREFIX).is_some_and(|rel| {
                data_relative_path("archive member", rel).is_ok()
                    && USER_FOLDERS
                        .iter()
                        .any(|f| rel.split('/').next() == Some(*f))
                    && !rel.contains('\\')
            });
        if !ok {
            return Err(damaged(format!(
                "{:?} is not a member Onno writes",
                member.path
            )));
        }
        if !listed.insert(member.path.as_str()) {
            return Err(damaged(format!("{} is listed twice", member.path)));
        }
    }
    let mut present = BTreeSet::new();
    for name in zip.file_names() {
        let name = name.map_err(|e| damaged(format!("a member's name cannot be read: {e}")))?;
        if name != MANIFEST && !name.ends_with('/') {
            present.insert(name.into_owned());
        }
    }
    if let Some(missing) = listed.iter().find(|m| !present.contains(**m)) {
        return Err(damaged(format!("{missing} is missing")));
    }
    if let Some(extra) = present.iter().find(|p| !listed.contains(p.as_str())) {
        return Err(damaged(format!("{extra} is not in the manifest")));
    }
    Ok(())
}
