//! The device's side of sync: the server's API, the account a device keeps, joining and
//! leaving, and the round that carries the store's changes out and the other devices'
//! in.

mod account;
mod api;
mod engine;
mod error;
mod files;
mod session;
mod watch;

pub use account::{ACCOUNT_SETTING, Account, Failure, OUTCOME_SETTING, Outcome};
pub use api::Api;
pub use engine::{Device, Round, record_files};
pub use error::{SyncError, SyncErrorKind};
pub use files::{FETCH_FILES_SETTING, Fetch, FetchFiles, Transfer, TransferProgress};
pub use session::{
    Credentials, MIN_PASSWORD_CHARS, create_account, delete_account, recover, sign_in, sign_out,
};
pub use watch::{Pace, keep_in_sync};
