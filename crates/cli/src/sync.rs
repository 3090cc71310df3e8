//! `onno sync`: sign this data folder in to a sync server, sync now, see the status and
//! the account's devices, sign out.

use std::io::{BufRead as _, IsTerminal as _};

use anyhow::{Context as _, bail};
use clap::{Args, Subcommand};
use onno_secrets::Secrets;
use onno_store::Store;
use onno_sync::{
    Account, Credentials, Device, FETCH_FILES_SETTING, Fetch, FetchFiles, KdfParams, Outcome,
    Transfer,
};
use serde::Serialize;

use crate::models::bytes;
use crate::output::{Bar, Output, Table};

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Sign in to a sync server (with --create, make the account and its workspace)
    Login(LoginArgs),
    /// Whether this device syncs, when it last did, and what waits to go
    Status,
    /// Sync now: this device's changes out, the others' in, then recordings and files
    Now(NowArgs),
    /// Fetch other devices' recordings and attached files now (all, or one meeting's)
    Fetch(FetchArgs),
    /// When this device fetches other devices' recordings and files
    FetchFiles {
        #[arg(value_enum)]
        when: FetchWhen,
    },
    /// The account's devices
    Devices,
    /// Sign this device out of sync; its data stays here
    Logout,
}

#[derive(Args, Debug)]
pub struct NowArgs {
    /// Only the changes: leave recordings and files for later
    #[arg(long)]
    no_files: bool,
}

#[derive(Args, Debug)]
pub struct FetchArgs {
    /// Only this meeting's recordings and the files attached in it
    #[arg(long, value_name = "ID")]
    meeting: Option<i64>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum FetchWhen {
    /// As soon as another device sent them
    Always,
    /// Only when asked for (`onno sync fetch`, playing a meeting in the app)
    OnDemand,
}

#[derive(Args, Debug)]
pub struct LoginArgs {
    /// The sync server, https://… (http:// only for one on this machine)
    #[arg(long, value_name = "URL")]
    server: String,
    #[arg(long, value_name = "ADDRESS")]
    email: String,
    /// Read the password from stdin (one line) instead of prompting
    #[arg(long)]
    password_stdin: bool,
    /// Create the account, with this device its first; prints the recovery key once
    #[arg(long, conflicts_with = "recover")]
    create: bool,
    /// The password is forgotten: sign in with the recovery key and set a new password
    /// (with --password-stdin: the recovery key on the first line, the new password on
    /// the second)
    #[arg(long)]
    recover: bool,
    /// What the account's device list calls this device [default: the host name]
    #[arg(long, value_name = "NAME")]
    device_name: Option<String>,
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the sync runtime")
}

/// Signs this device out of sync, when it syncs: with the server when it answers, here
/// whatever happens. Whether it was signed in.
pub fn sign_out_here(store: &Store) -> anyhow::Result<bool> {
    if Account::load(store)?.is_none() {
        return Ok(false);
    }
    let secrets = Secrets::onno();
    runtime()?.block_on(sign_out(store, &secrets))?;
    Ok(true)
}

async fn sign_out(store: &Store, secrets: &Secrets) -> anyhow::Result<()> {
    match Device::open(store, secrets).await {
        Ok(device) => onno_sync::sign_out(device, store).await?,
        // Signed out here even when the server no longer knows the device.
        Err(_) => Account::forget(store, secrets)?,
    }
    Ok(())
}

pub fn run(store: &Store, out: Output, command: Command) -> anyhow::Result<()> {
    let runtime = runtime()?;
    let secrets = Secrets::onno();
    runtime.block_on(async {
        match command {
            Command::Login(args) => login(store, &secrets, out, args).await,
            Command::Status => status(store, out),
            Command::Now(args) => now(store, &secrets, out, args).await,
            Command::Fetch(args) => fetch(store, &secrets, out, args).await,
            Command::FetchFiles { when } => {
                let mode = match when {
                    FetchWhen::Always => FetchFiles::Always,
                    FetchWhen::OnDemand => FetchFiles::OnDemand,
                };
                store.set_setting(FETCH_FILES_SETTING, &mode)?;
                out.emit(&serde_json::json!({ "fetch_files": mode }), |_| match mode {
                    FetchFiles::Always => "Other devices' recordings and files will be fetched as soon as they are sent.".to_owned(),
                    FetchFiles::OnDemand => "Other devices' recordings and files will be fetched only when asked for (`onno sync fetch`).".to_owned(),
                })
            }
            Command::Devices => devices(store, &secrets, out).await,
            Command::Logout => {
                sign_out(store, &secrets).await?;
                out.emit(&serde_json::json!({ "signed_out": true }), |_| {
                    "Signed out of sync. This device's data stays here.".to_owned()
                })
            }
        }
    })
}

#[derive(Serialize)]
struct LoginResult {
    email: String,
    server: String,
    created: bool,
    /// Only when the account was created: shown once, never stored.
    recovery_key: Option<String>,
}

async fn login(
    store: &Store,
    secrets: &Secrets,
    out: Output,
    args: LoginArgs,
) -> anyhow::Result<()> {
    let recovery = match args.recover {
        true => Some(read_recovery_key(args.password_stdin)?),
        false => None,
    };
    let password = read_password(args.password_stdin, args.create || args.recover)?;
    let host = hostname();
    let who = Credentials {
        server: &args.server,
        email: &args.email,
        password: &password,
        device_name: args.device_name.as_deref().unwrap_or(&host),
    };
    if let Some(key) = &recovery {
        onno_sync::recover(store, secrets, &who, key, KdfParams::default()).await?;
    }
    let created = if args.create {
        Some(onno_sync::create_account(store, secrets, &who, KdfParams::default()).await?)
    } else {
        if !args.recover {
            onno_sync::sign_in(store, secrets, &who).await?;
        }
        None
    };
    let result = LoginResult {
        email: args.email.trim().to_owned(),
        server: args.server.clone(),
        created: created.is_some(),
        recovery_key: created.as_ref().map(|r| r.display().to_string()),
    };
    out.emit(&result, |r| match &r.recovery_key {
        Some(key) => format!(
            "Created the sync account {} on {}.\n\nRecovery key (write it down now; it is shown only this once):\n\n    {key}\n\nWith the password forgotten, only this key opens your synced data; losing both loses it.\nRun `onno sync now` to send this device's data.",
            r.email, r.server
        ),
        None if args.recover => format!(
            "Signed in to sync as {} on {} with the recovery key; the new password is set. Other devices sign in with it when they next have to. Run `onno sync now` to bring this device up to date.",
            r.email, r.server
        ),
        None => format!(
            "Signed in to sync as {} on {}. Run `onno sync now` to bring this device up to date.",
            r.email, r.server
        ),
    })
}

#[derive(Serialize)]
struct Status {
    signed_in: bool,
    account: Option<Account>,
    pending_changes: u64,
    files_to_send: u64,
    files_to_fetch: u64,
    fetch_bytes: u64,
    fetch_files: FetchFiles,
    last: Outcome,
}

fn status(store: &Store, out: Output) -> anyhow::Result<()> {
    let account = Account::load(store)?;
    let files = store.blob_counts()?;
    let status = Status {
        signed_in: account.is_some(),
        account,
        pending_changes: store.pending_change_count()?,
        files_to_send: files.to_send,
        files_to_fetch: files.to_fetch,
        fetch_bytes: files.fetch_bytes,
        fetch_files: FetchFiles::load(store)?,
        last: store
            .setting(onno_sync::OUTCOME_SETTING)?
            .unwrap_or_default(),
    };
    out.emit(&status, |s| {
        let Some(account) = &s.account else {
            return "Not syncing. Sign in with `onno sync login --server URL --email ADDRESS`."
                .to_owned();
        };
        let mut lines = vec![
            format!("Syncing as {} on {}", account.email, account.server),
            format!("Changes waiting to go: {}", s.pending_changes),
            format!("Recordings and files waiting to go: {}", s.files_to_send),
            format!(
                "Other devices' recordings and files not here: {} ({}), fetched {}",
                s.files_to_fetch,
                bytes(s.fetch_bytes),
                match s.fetch_files {
                    FetchFiles::Always => "as soon as they are sent",
                    FetchFiles::OnDemand => "when asked for (`onno sync fetch`)",
                }
            ),
            format!(
                "Last sync: {}",
                s.last
                    .last_success_ms
                    .map(crate::output::unix_ms)
                    .unwrap_or_else(|| "never".to_owned())
            ),
        ];
        if let Some(failure) = &s.last.last_failure {
            lines.push(format!("Last try failed: {}", failure.message));
        }
        if s.last.refused > 0 {
            lines.push(format!(
                "Refused {} changes that did not open (altered or moved on the way)",
                s.last.refused
            ));
        }
        lines.join("\n")
    })
}

async fn now(store: &Store, secrets: &Secrets, out: Output, args: NowArgs) -> anyhow::Result<()> {
    let device = Device::open(store, secrets).await?;
    let round = device.sync().await?;
    let files = if args.no_files {
        None
    } else {
        let fetch = match FetchFiles::load(store)? {
            FetchFiles::Always => Fetch::All,
            FetchFiles::OnDemand => Fetch::None,
        };
        Some(carry(&device, store, out, fetch, true).await?)
    };
    let result = serde_json::json!({
        "pushed": round.pushed,
        "pulled": round.pulled,
        "applied": round.applied,
        "refused": round.refused,
        "files": files.as_ref().map(transfer_json),
    });
    out.emit(&result, |_| {
        let mut text = format!(
            "Synced: {} changes sent, {} received.",
            round.pushed, round.applied
        );
        if round.refused > 0 {
            text.push_str(&format!(
                " {} changes did not open (altered or moved on the way) and were refused.",
                round.refused
            ));
        }
        if let Some(files) = &files {
            text.push(' ');
            text.push_str(&transfer_text(files));
        }
        text
    })
}

async fn fetch(
    store: &Store,
    secrets: &Secrets,
    out: Output,
    args: FetchArgs,
) -> anyhow::Result<()> {
    if let Some(id) = args.meeting {
        store.meeting(id)?;
    }
    let device = Device::open(store, secrets).await?;
    let fetch = args.meeting.map_or(Fetch::All, Fetch::Meeting);
    let files = carry(&device, store, out, fetch, false).await?;
    out.emit(&transfer_json(&files), |_| transfer_text(&files))
}

/// Fetches what `fetch` names, after sending this device's files when `send`, with a
/// progress bar.
async fn carry(
    device: &Device<'_>,
    store: &Store,
    out: Output,
    fetch: Fetch,
    send: bool,
) -> anyhow::Result<Transfer> {
    let mut bar = Bar::new(out, "Files");
    let mut progress = |p: onno_sync::TransferProgress| {
        let verb = if p.sending { "Sending" } else { "Fetching" };
        bar.set_message(format!("{verb} {} of {}", p.file, p.files));
        bar.update(p.done_bytes, p.file_bytes);
    };
    let carried = match send {
        true => device.transfer_files(fetch, None, &mut progress).await,
        false => device.fetch_only(fetch, &mut progress).await,
    };
    bar.finish();
    let _ = onno_sync::record_files(store, &carried);
    Ok(carried?)
}

fn transfer_json(t: &Transfer) -> serde_json::Value {
    serde_json::json!({
        "sent": t.sent,
        "fetched": t.fetched,
        "bytes": t.bytes,
        "refused": t.refused,
        "not_yet_sent": t.not_yet_sent,
        "unsendable": t.unsendable,
    })
}

fn transfer_text(t: &Transfer) -> String {
    let mut text = format!(
        "Recordings and files: {} sent, {} fetched ({}).",
        t.sent,
        t.fetched,
        bytes(t.bytes)
    );
    if t.not_yet_sent > 0 {
        text.push_str(&format!(
            " {} are not on the server yet: the device that has them sends them when it next syncs.",
            t.not_yet_sent
        ));
    }
    if t.refused > 0 {
        text.push_str(&format!(
            " {} did not open or did not match their description (altered on the way or on the server) and were not kept.",
            t.refused
        ));
    }
    if t.unsendable > 0 {
        text.push_str(&format!(
            " {} could not be sent: they changed or went missing on this device since they were described.",
            t.unsendable
        ));
    }
    text
}

async fn devices(store: &Store, secrets: &Secrets, out: Output) -> anyhow::Result<()> {
    let device = Device::open(store, secrets).await?;
    let list = device.api().devices(device.access_token()).await?;
    out.emit(&list.devices, |devices| {
        let mut table = Table::new(&["DEVICE", "ADDED", "LAST SEEN", ""]);
        for d in devices {
            table.row(vec![
                d.name.clone(),
                crate::output::unix_ms(d.created_at_ms),
                crate::output::unix_ms(d.last_seen_at_ms),
                if d.current {
                    "this device".to_owned()
                } else {
                    String::new()
                },
            ]);
        }
        table.render()
    })
}

/// The password from stdin or a hidden prompt; asked twice when it is a new one.
fn read_password(from_stdin: bool, new: bool) -> anyhow::Result<String> {
    if from_stdin {
        return read_stdin_line("password");
    }
    if !std::io::stdin().is_terminal() {
        bail!("no terminal to ask the password on; pass it with --password-stdin");
    }
    let prompt = if new {
        "New sync password: "
    } else {
        "Sync password: "
    };
    let password = rpassword::prompt_password(prompt)?;
    if new && rpassword::prompt_password("The same password again: ")? != password {
        bail!("the two passwords differ; nothing was changed");
    }
    Ok(password)
}

/// The recovery key from stdin's first line or a hidden prompt.
fn read_recovery_key(from_stdin: bool) -> anyhow::Result<onno_sync::RecoveryKey> {
    let text = if from_stdin {
        read_stdin_line("recovery key")?
    } else if std::io::stdin().is_terminal() {
        rpassword::prompt_password("Recovery key: ")?
    } else {
        bail!("no terminal to ask the recovery key on; pass it with --password-stdin");
    };
    Ok(onno_sync::RecoveryKey::parse(&text)?)
}

fn read_stdin_line(what: &str) -> anyhow::Result<String> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .with_context(|| format!("cannot read the {what} from stdin"))?;
    let value = line.trim_end_matches(['\r', '\n']).to_owned();
    if value.is_empty() {
        bail!("--password-stdin read an empty {what}");
    }
    Ok(value)
}

fn hostname() -> String {
    std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .unwrap_or_else(|| "this computer".to_owned())
}
