//! The workspace key and the two ways to carry it to another device: wrapped by the
//! user's password, or by the recovery key shown once.

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::encoding::{from_base32, to_base32};
use crate::error::{CryptoError, CryptoErrorKind, random};

const KEY_LEN: usize = 32;

/// The key everything of one workspace is encrypted under. Zeroed when dropped.
pub struct WorkspaceKey(Zeroizing<[u8; KEY_LEN]>);

impl WorkspaceKey {
    /// A new random key, for a workspace's first device.
    pub fn generate() -> Result<WorkspaceKey, CryptoError> {
        Ok(WorkspaceKey(Zeroizing::new(random()?)))
    }

    /// The key as the keychain holds it.
    pub fn from_bytes(bytes: [u8; KEY_LEN]) -> WorkspaceKey {
        WorkspaceKey(Zeroizing::new(bytes))
    }

    /// The key's bytes, for the keychain only.
    pub fn as_bytes(&self) -> &[u8; KEY_LEN] {
        &self.0
    }

    /// A key for one purpose, so that no two uses share key material.
    pub(crate) fn subkey(&self, purpose: &str) -> Zeroizing<[u8; KEY_LEN]> {
        let mut out = Zeroizing::new([0u8; KEY_LEN]);
        Hkdf::<Sha256>::new(None, self.0.as_slice())
            .expand(purpose.as_bytes(), out.as_mut_slice())
            .expect("32 bytes is a valid HKDF-SHA256 length");
        out
    }
}

impl std::fmt::Debug for WorkspaceKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WorkspaceKey(..)")
    }
}

/// Argon2id's cost settings, stored with a password-wrapped key so that a later
/// version can raise them for new keys and still open old ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    /// Memory in KiB.
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl Default for KdfParams {
    /// 64 MiB, 3 passes, one lane: above OWASP's Argon2id minimum (19 MiB, 2 passes),
    /// about a second on a laptop, paid once per device when it joins.
    fn default() -> Self {
        KdfParams {
            memory_kib: 64 * 1024,
            iterations: 3,
            parallelism: 1,
        }
    }
}

/// A workspace key encrypted for storage on the server. Only the password (through
/// Argon2id with `kdf` and `salt`) or the recovery key opens it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WrappedKey {
    /// `None` for a key wrapped by the recovery key, which needs no stretching.
    pub kdf: Option<KdfParams>,
    #[serde(with = "hex")]
    pub salt: Vec<u8>,
    #[serde(with = "hex")]
    pub nonce: Vec<u8>,
    #[serde(with = "hex")]
    pub ciphertext: Vec<u8>,
}

/// What a wrapped key's associated data says it is, so a password-wrapped key cannot
/// be passed off as a recovery-wrapped one.
const PASSWORD_WRAP: &[u8] = b"onno/workspace-key/password/v1";
const RECOVERY_WRAP: &[u8] = b"onno/workspace-key/recovery/v1";

impl WrappedKey {
    /// Wraps `key` under `password`, stretched with Argon2id.
    pub fn with_password(
        key: &WorkspaceKey,
        password: &str,
        kdf: KdfParams,
    ) -> Result<WrappedKey, CryptoError> {
        let salt: [u8; 16] = random()?;
        let wrapping = password_key(password, &salt, kdf)?;
        wrap(key, &wrapping, Some(kdf), salt.to_vec(), PASSWORD_WRAP)
    }

    /// Wraps `key` under the recovery key.
    pub fn with_recovery(
        key: &WorkspaceKey,
        recovery: &RecoveryKey,
    ) -> Result<WrappedKey, CryptoError> {
        let salt: [u8; 16] = random()?;
        let wrapping = recovery.wrapping_key(&salt);
        wrap(key, &wrapping, None, salt.to_vec(), RECOVERY_WRAP)
    }

    /// The workspace key, when `password` is the one it was wrapped with.
    pub fn open_with_password(&self, password: &str) -> Result<WorkspaceKey, CryptoError> {
        let Some(kdf) = self.kdf else {
            return Err(wrong_secret("this key is wrapped by the recovery key"));
        };
        let wrapping = password_key(password, &self.salt, kdf)?;
        self.unwrap(&wrapping, PASSWORD_WRAP)
            .map_err(|_| wrong_secret("the password does not open this workspace"))
    }

    /// The workspace key, when `recovery` is the key it was wrapped with.
    pub fn open_with_recovery(&self, recovery: &RecoveryKey) -> Result<WorkspaceKey, CryptoError> {
        if self.kdf.is_some() {
            return Err(wrong_secret("this key is wrapped by a password"));
        }
        self.unwrap(&recovery.wrapping_key(&self.salt), RECOVERY_WRAP)
            .map_err(|_| wrong_secret("the recovery key does not open this workspace"))
    }

    fn unwrap(&self, wrapping: &[u8; KEY_LEN], purpose: &[u8]) -> Result<WorkspaceKey, ()> {
        if self.nonce.len() != 24 {
            return Err(());
        }
        let cipher = XChaCha20Poly1305::new(wrapping.into());
        let payload = Payload {
            msg: &self.ciphertext,
            aad: purpose,
        };
        let plain = Zeroizing::new(
            cipher
                .decrypt(XNonce::from_slice(&self.nonce), payload)
                .map_err(|_| ())?,
        );
        let bytes: [u8; KEY_LEN] = plain.as_slice().try_into().map_err(|_| ())?;
        Ok(WorkspaceKey::from_bytes(bytes))
    }
}

fn wrap(
    key: &WorkspaceKey,
    wrapping: &[u8; KEY_LEN],
    kdf: Option<KdfParams>,
    salt: Vec<u8>,
    purpose: &[u8],
) -> Result<WrappedKey, CryptoError> {
    let nonce: [u8; 24] = random()?;
    let cipher = XChaCha20Poly1305::new(wrapping.into());
    let payload = Payload {
        msg: key.as_bytes(),
        aad: purpose,
    };
    let ciphertext = cipher
        .encrypt(XNonce::from_slice(&nonce), payload)
        .map_err(|_| {
            CryptoError::new(CryptoErrorKind::Malformed, "the key could not be wrapped")
        })?;
    Ok(WrappedKey {
        kdf,
        salt,
        nonce: nonce.to_vec(),
        ciphertext,
    })
}

/// The most a wrapped key may ask of this device. The settings travel with the key
/// through the server, so a server (or a damaged record) must not be able to make a
/// device allocate gigabytes or spin for minutes.
const MAX_KDF: KdfParams = KdfParams {
    memory_kib: 1024 * 1024,
    iterations: 64,
    parallelism: 16,
};

fn password_key(
    password: &str,
    salt: &[u8],
    kdf: KdfParams,
) -> Result<Zeroizing<[u8; KEY_LEN]>, CryptoError> {
    if kdf.memory_kib > MAX_KDF.memory_kib
        || kdf.iterations > MAX_KDF.iterations
        || kdf.parallelism > MAX_KDF.parallelism
    {
        return Err(CryptoError::new(
            CryptoErrorKind::Malformed,
            format!(
                "key stretching asks for more than a device gives ({} MiB, {} passes, {} lanes at most)",
                MAX_KDF.memory_kib / 1024,
                MAX_KDF.iterations,
                MAX_KDF.parallelism
            ),
        ));
    }
    let params = Params::new(
        kdf.memory_kib,
        kdf.iterations,
        kdf.parallelism,
        Some(KEY_LEN),
    )
    .map_err(|e| {
        CryptoError::new(
            CryptoErrorKind::Malformed,
            format!("key stretching settings: {e}"),
        )
    })?;
    let mut out = Zeroizing::new([0u8; KEY_LEN]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(password.as_bytes(), salt, out.as_mut_slice())
        .map_err(|e| {
            CryptoError::new(CryptoErrorKind::Malformed, format!("key stretching: {e}"))
        })?;
    Ok(out)
}

fn wrong_secret(message: &str) -> CryptoError {
    CryptoError::new(CryptoErrorKind::WrongSecret, message)
}

/// A second way into the workspace, shown to the user once to write down: 256 random
/// bits as 52 base32 characters in groups of four.
pub struct RecoveryKey(Zeroizing<[u8; KEY_LEN]>);

impl RecoveryKey {
    pub fn generate() -> Result<RecoveryKey, CryptoError> {
        Ok(RecoveryKey(Zeroizing::new(random()?)))
    }

    /// Reads a recovery key as the user typed it: case, spaces and dashes do not matter.
    pub fn parse(text: &str) -> Result<RecoveryKey, CryptoError> {
        let malformed = || {
            CryptoError::new(
                CryptoErrorKind::Malformed,
                "a recovery key is 52 letters and digits 2-7, as it was shown",
            )
        };
        let bytes = Zeroizing::new(from_base32(text).ok_or_else(malformed)?);
        let key: [u8; KEY_LEN] = bytes.as_slice().try_into().map_err(|_| malformed())?;
        Ok(RecoveryKey(Zeroizing::new(key)))
    }

    /// The key as the user writes it down: "ABCD-EFGH-…".
    pub fn display(&self) -> Zeroizing<String> {
        let plain = Zeroizing::new(to_base32(self.0.as_slice()));
        let groups: Vec<&str> = plain
            .as_bytes()
            .chunks(4)
            .map(|c| std::str::from_utf8(c).expect("base32 is ASCII"))
            .collect();
        Zeroizing::new(groups.join("-"))
    }

    /// The random recovery key needs no stretching; HKDF binds it to the salt.
    fn wrapping_key(&self, salt: &[u8]) -> Zeroizing<[u8; KEY_LEN]> {
        let mut out = Zeroizing::new([0u8; KEY_LEN]);
        Hkdf::<Sha256>::new(Some(salt), self.0.as_slice())
            .expand(RECOVERY_WRAP, out.as_mut_slice())
            .expect("32 bytes is a valid HKDF-SHA256 length");
        out
    }
}

impl std::fmt::Debug for RecoveryKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryKey(..)")
    }
}

/// Salt of the sign-in derivation: fixed per account (the address, lower-cased), so
/// every device derives the same value with nothing but the password.
const AUTH_SALT: &str = "onno/sign-in/v1";

/// What a device sends the server to sign in, in hex: Argon2id of the password, salted
/// by the account's address, with the default stretching. The workspace key is wrapped
/// by a derivation with another (random) salt, so the server, holding this, still
/// cannot open the workspace without guessing the password.
pub fn auth_key(email: &str, password: &str) -> Result<String, CryptoError> {
    let salt = Sha256::digest(format!("{AUTH_SALT}\0{}", email.trim().to_lowercase()));
    let key = password_key(password, &salt[..16], KdfParams::default())?;
    Ok(hex::encode(key.as_slice()))
}

/// What the recovery key signs in with, in hex: an HKDF derivation of it, apart from the
/// one that unwraps the workspace key. The server keeps an Argon2id hash of it.
pub fn recovery_auth_key(recovery: &RecoveryKey) -> String {
    let hk = Hkdf::<Sha256>::new(None, recovery.0.as_slice());
    let mut out = Zeroizing::new([0u8; KEY_LEN]);
    hk.expand(b"onno/recovery-sign-in/v1", out.as_mut_slice())
        .expect("32 bytes is a valid HKDF-SHA256 length");
    hex::encode(out.as_slice())
}
