//! Files (a meeting's recording, an attached file), sealed for the server in chunks.
//!
//! A blob is named on the server by a tag, an HMAC of the file's SHA-256 under a
//! subkey of the workspace key: the same bytes travel once, and the server cannot tell
//! which file a tag is. Each chunk is sealed apart (a recording is far larger than
//! memory should hold at once) with XChaCha20-Poly1305; its associated data binds the
//! workspace, the tag, the chunk's index and the number of chunks, so chunks cannot be
//! reordered, moved to another file, dropped from the end or added. The file opened is
//! then checked against the hash its row carries.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::error::{CryptoError, CryptoErrorKind, random};
use crate::keys::WorkspaceKey;

const BLOB_SEAL_KEY: &str = "onno/blob-seal/v1";
const BLOB_TAG_KEY: &str = "onno/blob-tag/v1";
const NONCE_LEN: usize = 24;
const AEAD_TAG_LEN: usize = 16;

/// The most a sealed chunk holds: the server's default chunk cap (4 MiB).
pub const SEALED_CHUNK_MAX: usize = 4 * 1024 * 1024;
/// The file's bytes per chunk: a sealed chunk adds its nonce and tag.
pub const CHUNK_BYTES: usize = SEALED_CHUNK_MAX - NONCE_LEN - AEAD_TAG_LEN;

/// How many chunks a file of `size` bytes travels in (an empty file: one empty chunk).
pub fn chunk_count(size: u64) -> u32 {
    u32::try_from(size.div_ceil(CHUNK_BYTES as u64).max(1)).unwrap_or(u32::MAX)
}

/// The bytes the server holds for a file of `size` bytes, all chunks sealed.
pub fn sealed_size(size: u64) -> u64 {
    size + u64::from(chunk_count(size)) * (NONCE_LEN + AEAD_TAG_LEN) as u64
}

/// The server's name for the file whose SHA-256 is `sha256` (hex).
pub fn blob_tag(key: &WorkspaceKey, sha256: &str) -> String {
    let subkey = key.subkey(BLOB_TAG_KEY);
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(subkey.as_slice())
        .expect("HMAC takes a key of any length");
    mac.update(sha256.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// Where a chunk belongs; all of it is authenticated with the chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkContext<'a> {
    pub workspace: &'a str,
    /// The blob's tag ([`blob_tag`]).
    pub tag: &'a str,
    pub index: u32,
    pub chunks: u32,
}

impl ChunkContext<'_> {
    fn associated_data(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for part in [BLOB_SEAL_KEY, self.workspace, self.tag] {
            out.extend_from_slice(&(part.len() as u32).to_be_bytes());
            out.extend_from_slice(part.as_bytes());
        }
        out.extend_from_slice(&self.index.to_be_bytes());
        out.extend_from_slice(&self.chunks.to_be_bytes());
        out
    }
}

fn cipher(key: &WorkspaceKey) -> XChaCha20Poly1305 {
    let subkey = key.subkey(BLOB_SEAL_KEY);
    XChaCha20Poly1305::new(subkey.as_slice().into())
}

/// Seals one chunk of a file: the nonce, then the ciphertext with its tag.
pub fn seal_chunk(
    key: &WorkspaceKey,
    context: &ChunkContext<'_>,
    bytes: &[u8],
) -> Result<Vec<u8>, CryptoError> {
    let nonce: [u8; NONCE_LEN] = random()?;
    let aad = context.associated_data();
    let ciphertext = cipher(key)
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: bytes,
                aad: &aad,
            },
        )
        .map_err(|_| CryptoError::new(CryptoErrorKind::Malformed, "a chunk could not be sealed"))?;
    let mut sealed = Vec::with_capacity(NONCE_LEN + ciphertext.len());
    sealed.extend_from_slice(&nonce);
    sealed.extend_from_slice(&ciphertext);
    Ok(sealed)
}

/// The bytes of a sealed chunk; [`CryptoErrorKind::Tampered`] when it was altered or
/// belongs to another file, place in the file or workspace.
pub fn open_chunk(
    key: &WorkspaceKey,
    context: &ChunkContext<'_>,
    sealed: &[u8],
) -> Result<Vec<u8>, CryptoError> {
    let tampered = || {
        CryptoError::new(
            CryptoErrorKind::Tampered,
            format!(
                "part {} of {} of a file did not open: it was altered on the way or on the server",
                context.index + 1,
                context.chunks
            ),
        )
    };
    if sealed.len() < NONCE_LEN + AEAD_TAG_LEN {
        return Err(tampered());
    }
    let (nonce, ciphertext) = sealed.split_at(NONCE_LEN);
    let aad = context.associated_data();
    cipher(key)
        .decrypt(
            XNonce::from_slice(nonce),
            Payload {
                msg: ciphertext,
                aad: &aad,
            },
        )
        .map_err(|_| tampered())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context<'a>(tag: &'a str, index: u32) -> ChunkContext<'a> {
        ChunkContext {
            workspace: "w1",
            tag,
            index,
            chunks: 3,
        }
    }

    #[test]
    fn a_chunk_opens_only_in_its_place() {
        let key = WorkspaceKey::generate().unwrap();
        let tag = blob_tag(&key, &"ab".repeat(32));
        let sealed = seal_chunk(&key, &context(&tag, 1), b"recording bytes").unwrap();
        assert_eq!(
            open_chunk(&key, &context(&tag, 1), &sealed).unwrap(),
            b"recording bytes"
        );
        for moved in [
            context(&tag, 0),
            context("another", 1),
            ChunkContext {
                chunks: 2,
                ..context(&tag, 1)
            },
            ChunkContext {
                workspace: "w2",
                ..context(&tag, 1)
            },
        ] {
            let e = open_chunk(&key, &moved, &sealed).unwrap_err();
            assert_eq!(e.kind(), CryptoErrorKind::Tampered, "{moved:?}");
        }
        let mut altered = sealed.clone();
        altered[30] ^= 1;
        assert!(open_chunk(&key, &context(&tag, 1), &altered).is_err());
        assert!(open_chunk(&key, &context(&tag, 1), &sealed[..20]).is_err());
    }

    #[test]
    fn sizes_add_up_and_tags_hide_the_hash() {
        assert_eq!(chunk_count(0), 1);
        assert_eq!(chunk_count(CHUNK_BYTES as u64), 1);
        assert_eq!(chunk_count(CHUNK_BYTES as u64 + 1), 2);
        assert_eq!(sealed_size(10), 10 + 40);
        let key = WorkspaceKey::generate().unwrap();
        let full = seal_chunk(&key, &context("t", 0), &vec![0; CHUNK_BYTES]).unwrap();
        assert_eq!(
            full.len(),
            SEALED_CHUNK_MAX,
            "a full chunk fits the server's cap"
        );
        let other = WorkspaceKey::generate().unwrap();
        let sha = "cd".repeat(32);
        assert_eq!(blob_tag(&key, &sha), blob_tag(&key, &sha));
        assert_ne!(blob_tag(&key, &sha), blob_tag(&other, &sha));
        assert!(!blob_tag(&key, &sha).contains(&sha[..8]));
    }
}
