//! `onno sync`: sign this data folder in to a sync server, sync now, see the status and
//! the account's devices, sign out.

use std::io::{BufRead as _, IsTerminal as _};

use anyhow::{Context as _, bail};
use clap::{Args, Subcommand};
use onno_secrets::Secrets;
use onno_store::Store;
use onno_sync::{Account, Credentials, Device, KdfParams, Outcome};
use serde::Serialize;

use crate::output::{Output, Table};

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Sign in to a sync server (with --create, make the account and its workspace)
    Login(LoginArgs),
    /// Whether this device syncs, when it last did, and what waits to go
    Status,
    /// Sync now: this device's changes out, the others' in
    Now,
    /// The account's devices
    Devices,
    /// Sign this device out of sync; its data stays here
    Logout,
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

pub fn run(store: &Store, out: Output, command: Command) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the sync runtime")?;
    let secrets = Secrets::onno();
    runtime.block_on(async {
        match command {
            Command::Login(args) => login(store, &secrets, out, args).await,
            Command::Status => status(store, out),
            Command::Now => now(store, &secrets, out).await,
            Command::Devices => devices(store, &secrets, out).await,
            Command::Logout => {
                let device = Device::open(store, &secrets).await;
                match device {
                    Ok(device) => onno_sync::sign_out(device, store).await?,
                    // Signed out here even when the server no longer knows the device.
                    Err(_) => Account::forget(store, &secrets)?,
                }
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
    last: Outcome,
}

fn status(store: &Store, out: Output) -> anyhow::Result<()> {
    let account = Account::load(store)?;
    let status = Status {
        signed_in: account.is_some(),
        account,
        pending_changes: store.pending_change_count()?,
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

async fn now(store: &Store, secrets: &Secrets, out: Output) -> anyhow::Result<()> {
    let device = Device::open(store, secrets).await?;
    let round = device.sync().await?;
    let result = serde_json::json!({
        "pushed": round.pushed,
        "pulled": round.pulled,
        "applied": round.applied,
        "refused": round.refused,
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
        text
    })
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
