//! One change, sealed for the server: the value of one column of one row, encrypted and
//! bound to where and when it belongs.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::error::{CryptoError, CryptoErrorKind, random};
use crate::keys::WorkspaceKey;

const SEAL_KEY: &str = "onno/change-seal/v1";
const ROW_TAG_KEY: &str = "onno/row-tag/v1";

/// Where a change belongs. All of it is authenticated with the ciphertext: a value
/// opens only under the same workspace, table, row, column and clock it was sealed for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChangeContext<'a> {
    pub workspace: &'a str,
    pub table: &'a str,
    /// The row's global id (its UUID, not the tag the server sees).
    pub row: &'a str,
    pub column: &'a str,
    /// The change's hybrid logical clock stamp, as the change log writes it.
    pub hlc: &'a str,
}

impl ChangeContext<'_> {
    /// The associated data: each part length-prefixed, so no two contexts share one.
    fn associated_data(&self) -> Vec<u8> {
        let parts = [
            SEAL_KEY,
            self.workspace,
            self.table,
            self.row,
            self.column,
            self.hlc,
        ];
        let mut out = Vec::with_capacity(parts.iter().map(|p| p.len() + 4).sum());
        for part in parts {
            out.extend_from_slice(&(part.len() as u32).to_be_bytes());
            out.extend_from_slice(part.as_bytes());
        }
        out
    }
}

/// A sealed value as it travels: a fresh random nonce and the ciphertext with its tag,
/// in base64 on the wire (a third more than the bytes, where hex would double them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sealed {
    #[serde(with = "crate::encoding::base64_bytes")]
    pub nonce: Vec<u8>,
    #[serde(with = "crate::encoding::base64_bytes")]
    pub ciphertext: Vec<u8>,
}

fn cipher(key: &WorkspaceKey) -> XChaCha20Poly1305 {
    let subkey = key.subkey(SEAL_KEY);
    XChaCha20Poly1305::new(subkey.as_slice().into())
}

/// Encrypts `value` for `context`. XChaCha's 192-bit nonces are drawn at random: no
/// counter to keep across devices, and no realistic chance of a repeat.
pub fn seal(
    key: &WorkspaceKey,
    context: &ChangeContext<'_>,
    value: &[u8],
) -> Result<Sealed, CryptoError> {
    let nonce: [u8; 24] = random()?;
    let aad = context.associated_data();
    let ciphertext = cipher(key)
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: value,
                aad: &aad,
            },
        )
        .map_err(|_| {
            CryptoError::new(CryptoErrorKind::Malformed, "the change could not be sealed")
        })?;
    Ok(Sealed {
        nonce: nonce.to_vec(),
        ciphertext,
    })
}

/// The value sealed for `context`; [`CryptoErrorKind::Tampered`] when the ciphertext was
/// altered or was sealed for another workspace, table, row, column or clock.
pub fn open(
    key: &WorkspaceKey,
    context: &ChangeContext<'_>,
    sealed: &Sealed,
) -> Result<Vec<u8>, CryptoError> {
    let tampered = || {
        CryptoError::new(
            CryptoErrorKind::Tampered,
            format!(
                "a change to {}.{} did not open: it was altered, or sealed for another place or time",
                context.table, context.column
            ),
        )
    };
    if sealed.nonce.len() != 24 {
        return Err(tampered());
    }
    let aad = context.associated_data();
    cipher(key)
        .decrypt(
            XNonce::from_slice(&sealed.nonce),
            Payload {
                msg: &sealed.ciphertext,
                aad: &aad,
            },
        )
        .map_err(|_| tampered())
}

/// The id the server knows row `row` of `table` by: HMAC-SHA256 under a subkey of the
/// workspace key, in hex. Stable for one workspace, unlinkable without its key.
pub fn row_tag(key: &WorkspaceKey, table: &str, row: &str) -> String {
    let subkey = key.subkey(ROW_TAG_KEY);
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(subkey.as_slice())
        .expect("HMAC takes a key of any length");
    mac.update(&(table.len() as u32).to_be_bytes());
    mac.update(table.as_bytes());
    mac.update(row.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}
