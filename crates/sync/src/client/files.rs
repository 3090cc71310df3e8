//! Carrying recordings and attached files between devices as sealed blobs, apart from
//! the rows: a file is sent or fetched a chunk at a time, so a transfer stops at any
//! chunk (a deadline, a kill) and the next one goes on from where the server or the
//! half-fetched file left off.

use std::io::{Read as _, Seek as _, SeekFrom, Write as _};
use std::path::Path;
use std::time::Instant;

use onno_store::sync::{BlobUse, LocalBlob, WantedBlob};
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use super::account::store_error;
use super::engine::Device;
use super::error::{SyncError, SyncErrorKind};
use crate::blob::{
    CHUNK_BYTES, ChunkContext, blob_tag, chunk_count, open_chunk, seal_chunk, sealed_size,
};
use crate::wire::BlobDone;

/// The store setting holding this device's [`FetchFiles`]; device-local, never synced
/// (a laptop with little room may fetch on demand while the desk machine keeps all).
pub const FETCH_FILES_SETTING: &str = "sync.fetch_files";

/// When this device fetches the recordings and files other devices sent. Its own are
/// always sent, so that any device can fetch them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FetchFiles {
    /// As soon as they are on the server.
    #[default]
    Always,
    /// Only when asked for (playing a meeting, opening a file).
    OnDemand,
}

impl FetchFiles {
    pub fn load(store: &onno_store::Store) -> Result<FetchFiles, SyncError> {
        Ok(store
            .setting(FETCH_FILES_SETTING)
            .map_err(store_error)?
            .unwrap_or_default())
    }
}

/// Which other devices' files a transfer fetches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fetch {
    None,
    All,
    /// A meeting's recordings and the files attached in it.
    Meeting(i64),
    /// One attached file.
    File(i64),
}

impl Fetch {
    /// Whether `blob` is one of the files this fetch names.
    pub fn wants(self, blob: &WantedBlob) -> bool {
        match (self, blob.usage) {
            (Fetch::None, _) => false,
            (Fetch::All, _) => true,
            (Fetch::Meeting(id), BlobUse::Recording { meeting_id, .. }) => meeting_id == id,
            (Fetch::Meeting(id), BlobUse::File { meeting_id, .. }) => meeting_id == Some(id),
            (Fetch::File(id), BlobUse::File { file_id, .. }) => file_id == id,
            (Fetch::File(_), BlobUse::Recording { .. }) => false,
        }
    }
}

/// What a transfer did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Transfer {
    pub sent: usize,
    pub fetched: usize,
    /// Sealed bytes sent and received.
    pub bytes: u64,
    /// Files fetched that did not open or did not match their hash: not kept.
    pub refused: usize,
    /// This device's files that could not be sent (changed or removed since they were
    /// described); the next transfer tries again.
    pub unsendable: usize,
    /// Other devices' files that could not be fetched (not writable, say); tried again.
    pub failed: usize,
    /// Files another process on this machine was fetching at the same time.
    pub busy: usize,
    /// Files the other device has not sent yet.
    pub not_yet_sent: usize,
    /// The deadline came before every file was carried.
    pub more: bool,
}

/// Where a transfer is, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TransferProgress {
    /// `true` while sending, `false` while fetching.
    pub sending: bool,
    /// The file being carried (1-based) of `files`.
    pub file: usize,
    pub files: usize,
    /// Bytes of this file carried so far, of `file_bytes`.
    pub done_bytes: u64,
    pub file_bytes: u64,
}

/// How one file's transfer ended.
enum Carried {
    Whole(u64),
    /// The deadline came first; the bytes carried so far stay for the next try.
    Stopped(u64),
    /// Another process is fetching it now.
    Busy,
}

impl Device<'_> {
    /// Sends every file the server lacks (recordings as the last round described them:
    /// run it after [`Device::sync`]), then fetches the other devices' files `fetch` names, until `until` (when
    /// given) passes. A file that is altered on the server is refused and counted, and
    /// the rest still go; an unreachable server ends the transfer with its error.
    pub async fn transfer_files(
        &self,
        fetch: Fetch,
        until: Option<Instant>,
        progress: &mut (dyn FnMut(TransferProgress) + Send),
    ) -> Result<Transfer, SyncError> {
        let mut transfer = Transfer::default();
        self.send_files(&mut transfer, until, progress).await?;
        if !transfer.more {
            self.fetch_files(&mut transfer, fetch, until, progress)
                .await?;
        }
        Ok(transfer)
    }

    /// Fetches the other devices' files `fetch` names, and sends nothing: what a
    /// person waits on when they open a recording or a file kept elsewhere.
    pub async fn fetch_only(
        &self,
        fetch: Fetch,
        progress: &mut (dyn FnMut(TransferProgress) + Send),
    ) -> Result<Transfer, SyncError> {
        let mut transfer = Transfer::default();
        self.fetch_files(&mut transfer, fetch, None, progress)
            .await?;
        Ok(transfer)
    }

    async fn send_files(
        &self,
        transfer: &mut Transfer,
        until: Option<Instant>,
        progress: &mut (dyn FnMut(TransferProgress) + Send),
    ) -> Result<(), SyncError> {
        // The round before described the meetings that ended (`Device::sync`).
        let to_send = self.store().blobs_to_send().map_err(store_error)?;
        for (n, blob) in to_send.iter().enumerate() {
            let mut report = |done_bytes| {
                progress(TransferProgress {
                    sending: true,
                    file: n + 1,
                    files: to_send.len(),
                    done_bytes,
                    file_bytes: blob.size_bytes,
                })
            };
            match self.send_file(blob, until, &mut report).await {
                Ok(Carried::Whole(bytes)) => {
                    transfer.sent += 1;
                    transfer.bytes += bytes;
                }
                Ok(Carried::Stopped(bytes)) => {
                    transfer.bytes += bytes;
                    transfer.more = true;
                    return Ok(());
                }
                Ok(Carried::Busy) => {}
                Err(e) if ends_the_transfer(&e) => return Err(e),
                // This file only (changed or removed since it was described, or sent
                // whole by another device meanwhile): the others still go.
                Err(e) => {
                    tracing::warn!("a file was not sent: {e}");
                    transfer.unsendable += 1;
                }
            }
        }
        Ok(())
    }

    async fn fetch_files(
        &self,
        transfer: &mut Transfer,
        fetch: Fetch,
        until: Option<Instant>,
        progress: &mut (dyn FnMut(TransferProgress) + Send),
    ) -> Result<(), SyncError> {
        let wanted: Vec<WantedBlob> = match fetch {
            Fetch::None => Vec::new(),
            _ => self.store().blobs_to_fetch().map_err(store_error)?,
        }
        .into_iter()
        .filter(|blob| fetch.wants(blob))
        .collect();
        for (n, blob) in wanted.iter().enumerate() {
            let mut report = |done_bytes| {
                progress(TransferProgress {
                    sending: false,
                    file: n + 1,
                    files: wanted.len(),
                    done_bytes,
                    file_bytes: blob.size_bytes,
                })
            };
            match self.fetch_file(blob, until, &mut report).await {
                Ok(Some(Carried::Whole(bytes))) => {
                    transfer.fetched += 1;
                    transfer.bytes += bytes;
                }
                Ok(Some(Carried::Stopped(bytes))) => {
                    transfer.bytes += bytes;
                    transfer.more = true;
                    return Ok(());
                }
                Ok(Some(Carried::Busy)) => transfer.busy += 1,
                Ok(None) => transfer.not_yet_sent += 1,
                Err(e) if e.kind() == SyncErrorKind::Tampered => transfer.refused += 1,
                // The server away, this device signed out: the rest would fail alike.
                Err(e) if ends_the_transfer(&e) => return Err(e),
                // This file only (a path that cannot be written, a chunk gone): the
                // others still come.
                Err(e) => {
                    tracing::warn!("a file was not fetched: {e}");
                    transfer.failed += 1;
                }
            }
        }
        Ok(())
    }

    fn chunk_context<'t>(&'t self, tag: &'t str, index: u32, chunks: u32) -> ChunkContext<'t> {
        ChunkContext {
            workspace: &self.account().workspace_id,
            tag,
            index,
            chunks,
        }
    }

    /// Sends one file from the first chunk the server lacks.
    async fn send_file(
        &self,
        blob: &LocalBlob,
        until: Option<Instant>,
        progress: &mut dyn FnMut(u64),
    ) -> Result<Carried, SyncError> {
        let tag = blob_tag(self.key(), &blob.sha256);
        let chunks = chunk_count(blob.size_bytes);
        let token = self.access_token();
        let start = match self.api().blob_info(token, &tag).await? {
            Some(info) if info.complete => {
                self.store()
                    .mark_blob_sent(&blob.sha256)
                    .map_err(store_error)?;
                return Ok(Carried::Whole(0));
            }
            // Chunks go in order, so the ones held are the first ones.
            Some(info) => info.chunks.min(chunks),
            None => 0,
        };
        let mut file = std::fs::File::open(&blob.path).map_err(|e| read_error(&blob.path, e))?;
        // The whole file is checked against its hash before the server is told it is
        // complete, the part sent before a resume included: a file changed since it was
        // described must not pass as it (every other device would refuse it for good).
        let mut hasher = Sha256::new();
        let mut buffer = vec![0u8; CHUNK_BYTES];
        for index in 0..start {
            let n = read_up_to(&mut file, &mut buffer).map_err(|e| read_error(&blob.path, e))?;
            if n != chunk_len(blob.size_bytes, index) {
                return Err(changed(&blob.path));
            }
            hasher.update(&buffer[..n]);
        }
        let mut bytes = 0;
        for index in start..chunks {
            if until.is_some_and(|t| Instant::now() >= t) {
                return Ok(Carried::Stopped(bytes));
            }
            let n = read_up_to(&mut file, &mut buffer).map_err(|e| read_error(&blob.path, e))?;
            let expected = chunk_len(blob.size_bytes, index);
            if n != expected {
                return Err(changed(&blob.path));
            }
            hasher.update(&buffer[..n]);
            let sealed = seal_chunk(
                self.key(),
                &self.chunk_context(&tag, index, chunks),
                &buffer[..n],
            )?;
            bytes += sealed.len() as u64;
            self.api().put_chunk(token, &tag, index, sealed).await?;
            progress(carried(blob.size_bytes, index));
        }
        if hex::encode(hasher.finalize()) != blob.sha256 {
            return Err(changed(&blob.path));
        }
        let done = BlobDone {
            chunks,
            total_bytes: sealed_size(blob.size_bytes),
        };
        self.api().complete_blob(token, &tag, &done).await?;
        self.store()
            .mark_blob_sent(&blob.sha256)
            .map_err(store_error)?;
        Ok(Carried::Whole(bytes))
    }

    /// Fetches one file, going on from a half-fetched copy; `None` when the device
    /// that has it has not sent it whole yet.
    async fn fetch_file(
        &self,
        blob: &WantedBlob,
        until: Option<Instant>,
        progress: &mut dyn FnMut(u64),
    ) -> Result<Option<Carried>, SyncError> {
        let tag = blob_tag(self.key(), &blob.sha256);
        let chunks = chunk_count(blob.size_bytes);
        let token = self.access_token();
        match self.api().blob_info(token, &tag).await? {
            Some(info) if info.complete => {
                if info.chunks != chunks || info.total_bytes != sealed_size(blob.size_bytes) {
                    return Err(not_as_described());
                }
            }
            _ => return Ok(None),
        }
        let landing = self.store().blob_landing(blob).map_err(store_error)?;
        let Some((mut file, mut hasher, start)) = resume(&landing, blob.size_bytes)? else {
            return Ok(Some(Carried::Busy));
        };
        let mut bytes = 0;
        for index in start..chunks {
            if until.is_some_and(|t| Instant::now() >= t) {
                return Ok(Some(Carried::Stopped(bytes)));
            }
            let sealed = self.api().get_chunk(token, &tag, index).await?;
            bytes += sealed.len() as u64;
            let opened = open_chunk(
                self.key(),
                &self.chunk_context(&tag, index, chunks),
                &sealed,
            );
            let plain = match opened {
                Ok(plain) if plain.len() == chunk_len(blob.size_bytes, index) => plain,
                Ok(_) => return Err(discard(&landing, not_as_described())),
                Err(e) => return Err(discard(&landing, e.into())),
            };
            hasher.update(&plain);
            file.write_all(&plain)
                .map_err(|e| write_error(&landing, e))?;
            progress(carried(blob.size_bytes, index));
        }
        file.sync_all().map_err(|e| write_error(&landing, e))?;
        drop(file);
        if hex::encode(hasher.finalize()) != blob.sha256 {
            return Err(discard(&landing, not_as_described()));
        }
        self.store()
            .keep_fetched_blob(blob, &landing)
            .map_err(store_error)?;
        Ok(Some(Carried::Whole(bytes)))
    }
}

/// A half-fetched copy opened to go on: the file, the hash of what it holds, and the
/// first chunk it lacks.
type Resumed = (std::fs::File, Sha256, u32);

/// Opens the half-fetched copy at `landing` to go on from its last whole chunk (hashing
/// what it holds), or starts it afresh; `None` when another process is fetching it now.
fn resume(landing: &Path, size: u64) -> Result<Option<Resumed>, SyncError> {
    let mut hasher = Sha256::new();
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(landing)
        .map_err(|e| write_error(landing, e))?;
    // Another process (the command line beside the app) fetching the same file holds it.
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => return Ok(None),
        Err(std::fs::TryLockError::Error(e)) => return Err(write_error(landing, e)),
    }
    let held = file.metadata().map(|m| m.len()).unwrap_or(0);
    // Whole chunks only, and never past the file's end (a stale copy may be longer).
    let whole_chunks = held.min(size) / CHUNK_BYTES as u64;
    let keep = whole_chunks * CHUNK_BYTES as u64;
    file.set_len(keep).map_err(|e| write_error(landing, e))?;
    let mut buffer = vec![0u8; 256 * 1024];
    let mut left = keep;
    while left > 0 {
        let n = file
            .read(&mut buffer)
            .map_err(|e| write_error(landing, e))?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
        left = left.saturating_sub(n as u64);
    }
    file.seek(SeekFrom::Start(keep))
        .map_err(|e| write_error(landing, e))?;
    Ok(Some((
        file,
        hasher,
        u32::try_from(whole_chunks).unwrap_or(u32::MAX),
    )))
}

/// Whether `e` ends a whole transfer rather than one file's: the server away or
/// refusing this device, which every other file would meet too.
fn ends_the_transfer(e: &SyncError) -> bool {
    e.is_transient()
        || matches!(
            e.kind(),
            SyncErrorKind::Unauthorized
                | SyncErrorKind::UpgradeRequired
                | SyncErrorKind::NotSignedIn
        )
}

/// The bytes of a file of `size` bytes carried once chunk `index` is.
fn carried(size: u64, index: u32) -> u64 {
    (u64::from(index + 1) * CHUNK_BYTES as u64).min(size)
}

/// The bytes chunk `index` of a file of `size` bytes holds.
fn chunk_len(size: u64, index: u32) -> usize {
    let start = u64::from(index) * CHUNK_BYTES as u64;
    usize::try_from(size.saturating_sub(start).min(CHUNK_BYTES as u64)).unwrap_or(CHUNK_BYTES)
}

/// Fills `buffer` as far as the file goes.
fn read_up_to(file: &mut std::fs::File, buffer: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match file.read(&mut buffer[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

fn discard(landing: &Path, e: SyncError) -> SyncError {
    let _ = std::fs::remove_file(landing);
    e
}

fn not_as_described() -> SyncError {
    SyncError::new(
        SyncErrorKind::Tampered,
        "a file on the sync server is not the one its device described (altered on the way or on the server); it was not kept",
    )
}

fn changed(path: &Path) -> SyncError {
    SyncError::new(
        SyncErrorKind::Store,
        format!(
            "{} changed since it was described, so it was not sent",
            path.display()
        ),
    )
}

fn read_error(path: &Path, e: std::io::Error) -> SyncError {
    SyncError::new(
        SyncErrorKind::Store,
        format!("cannot read {}: {e}", path.display()),
    )
}

fn write_error(path: &Path, e: std::io::Error) -> SyncError {
    SyncError::new(
        SyncErrorKind::Store,
        format!("cannot write {}: {e}", path.display()),
    )
}
