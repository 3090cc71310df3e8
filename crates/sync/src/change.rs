//! A change as it leaves a device: one column of one row, sealed whole into an
//! [`Envelope`] the server can store and relay but not read.

use serde::{Deserialize, Serialize};

use crate::error::{CryptoError, CryptoErrorKind};
use crate::keys::WorkspaceKey;
use crate::seal::{ChangeContext, open, row_tag, seal};
use crate::wire::Envelope;

/// What the sealed context calls an envelope's table: the real table travels inside.
const ENVELOPE: &str = "onno/change/v1";

/// One column of one row at one moment, in the clear (on a device only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// A UUID the device gave the change; a repeated push is recognised by it.
    pub change_id: String,
    pub table: String,
    /// The row's global id (UUID).
    pub row: String,
    /// The column, or the store's tombstone marker for a deleted row.
    pub column: String,
    pub value: serde_json::Value,
    /// Hybrid logical clock stamp: the order of edits across devices.
    pub hlc: String,
    /// The store's id of the device that made the change.
    pub device: String,
}

/// What is sealed: everything the server must not see.
#[derive(Serialize, Deserialize)]
struct Payload {
    table: String,
    row: String,
    column: String,
    value: serde_json::Value,
    device: String,
}

/// Seals `change` for the server. The associated data binds the workspace, the row's
/// tag, the change id and the clock; the table, row id and column are inside, so the
/// server sees neither which table nor which column changed.
pub fn seal_change(
    key: &WorkspaceKey,
    workspace: &str,
    change: &Change,
) -> Result<Envelope, CryptoError> {
    let tag = row_tag(key, &change.table, &change.row);
    let payload = serde_json::to_vec(&Payload {
        table: change.table.clone(),
        row: change.row.clone(),
        column: change.column.clone(),
        value: change.value.clone(),
        device: change.device.clone(),
    })
    .map_err(|e| CryptoError::new(CryptoErrorKind::Malformed, format!("a change: {e}")))?;
    let sealed = seal(
        key,
        &context(workspace, &tag, &change.change_id, &change.hlc),
        &payload,
    )?;
    Ok(Envelope {
        change_id: change.change_id.clone(),
        row_tag: tag,
        hlc: change.hlc.clone(),
        sealed,
    })
}

/// The change inside `envelope`; [`CryptoErrorKind::Tampered`] when it was altered, or
/// moved to another row, workspace, id or clock.
pub fn open_change(
    key: &WorkspaceKey,
    workspace: &str,
    envelope: &Envelope,
) -> Result<Change, CryptoError> {
    let context = context(
        workspace,
        &envelope.row_tag,
        &envelope.change_id,
        &envelope.hlc,
    );
    let plain = open(key, &context, &envelope.sealed)?;
    let payload: Payload = serde_json::from_slice(&plain).map_err(|_| {
        CryptoError::new(
            CryptoErrorKind::Tampered,
            "a change opened to something unreadable",
        )
    })?;
    // The tag is authenticated, but so must be the claim that it is this row's.
    if row_tag(key, &payload.table, &payload.row) != envelope.row_tag {
        return Err(CryptoError::new(
            CryptoErrorKind::Tampered,
            format!("a change to {} was moved to another row", payload.table),
        ));
    }
    Ok(Change {
        change_id: envelope.change_id.clone(),
        table: payload.table,
        row: payload.row,
        column: payload.column,
        value: payload.value,
        hlc: envelope.hlc.clone(),
        device: payload.device,
    })
}

fn context<'a>(
    workspace: &'a str,
    tag: &'a str,
    change_id: &'a str,
    hlc: &'a str,
) -> ChangeContext<'a> {
    ChangeContext {
        workspace,
        table: ENVELOPE,
        row: tag,
        column: change_id,
        hlc,
    }
}
