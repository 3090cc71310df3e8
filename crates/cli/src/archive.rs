//! `onno export-archive`, `onno import-archive`, `onno delete-everything` and
//! `onno audit`: everything out, everything back, everything gone, and the log of it.

use std::path::PathBuf;

use anyhow::{Context as _, bail};
use clap::Args;
use onno_store::{
    ARCHIVE_EXTENSION, ArchiveSummary, AuditEntry, DataDir, Inventory, Paged, Store, now_timestamp,
};

use crate::args::PageArgs;
use crate::models::bytes;
use crate::output::{Bar, Output, Table, minute};

#[derive(Args)]
pub struct ExportArgs {
    /// The archive to write [default: onno-<date>-<time>.onno in the current folder];
    /// an existing file is not replaced
    #[arg(long, value_name = "PATH")]
    out: Option<PathBuf>,
}

#[derive(Args)]
pub struct ImportArgs {
    /// The archive written by `onno export-archive`
    archive: PathBuf,
}

#[derive(Args)]
pub struct DeleteArgs {
    /// Delete without asking; without it, what would be deleted is printed and nothing is
    #[arg(long)]
    yes: bool,
}

#[derive(Args)]
pub struct AuditArgs {
    #[command(flatten)]
    page: PageArgs,
}

pub fn export(store: &Store, out: Output, args: ExportArgs) -> anyhow::Result<()> {
    let path = args.out.unwrap_or_else(default_name);
    let mut bar = Bar::new(out, "Exporting");
    let summary = store
        .export_archive(&path, &mut |done, total| bar.update(done, total))
        .with_context(|| format!("cannot export to {}", path.display()))?;
    bar.finish();
    out.emit(&summary, |s| {
        format!("Exported {} to {}.", contents(s), s.path.display())
    })
}

pub fn import(data_dir: &DataDir, out: Output, args: ImportArgs) -> anyhow::Result<()> {
    let mut bar = Bar::new(out, "Restoring");
    let summary = Store::import_archive(&args.archive, data_dir.root(), &mut |done, total| {
        bar.update(done, total)
    })
    .with_context(|| format!("cannot restore {}", args.archive.display()))?;
    bar.finish();
    out.emit(&summary, |s| {
        format!("Restored {} into {}.", contents(s), s.path.display())
    })
}

pub fn delete_everything(store: &Store, out: Output, args: DeleteArgs) -> anyhow::Result<()> {
    if !args.yes {
        let inventory = store.inventory()?;
        bail!(
            "nothing was deleted: this deletes {} from {} (the audit log and the speech models stay); pass --yes to go ahead",
            inventory_text(&inventory),
            store.data_dir().display()
        );
    }
    // What is deleted here stays on the other devices: this one leaves sync first.
    let signed_out = crate::sync::sign_out_here(store)?;
    let deleted = store.delete_everything()?;
    out.emit(&deleted, |d| {
        let mut text = format!("Deleted {}. The audit log records it.", inventory_text(d));
        if signed_out {
            text.push_str(
                " This device was signed out of sync first; your other devices keep their copy.",
            );
        }
        text
    })
}

pub fn audit(store: &Store, out: Output, args: AuditArgs) -> anyhow::Result<()> {
    let log = store.audit_log(args.page.page())?;
    out.emit(&log, |log| audit_text(log, args.page.offset))
}

fn audit_text(log: &Paged<AuditEntry>, offset: u32) -> String {
    if log.items.is_empty() {
        return "The audit log is empty.".to_owned();
    }
    let mut table = Table::new(&["ID", "AT (UTC)", "ACTION", "RESOURCE", "DETAILS"]);
    for entry in &log.items {
        table.row(vec![
            entry.id.to_string(),
            minute(&entry.at),
            entry.action.clone(),
            entry.resource.clone(),
            entry.details.to_string(),
        ]);
    }
    let shown = offset as u64 + log.items.len() as u64;
    let mut text = table.render();
    if shown < log.total {
        text.push_str(&format!(
            "\n{} of {} entries; --offset {shown} for more",
            log.items.len(),
            log.total
        ));
    }
    text
}

fn default_name() -> PathBuf {
    let stamp: String = now_timestamp()
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == 'T')
        .collect::<String>()
        .replace('T', "-");
    PathBuf::from(format!("onno-{stamp}.{ARCHIVE_EXTENSION}"))
}

fn count(rows: &std::collections::BTreeMap<String, u64>, table: &str) -> u64 {
    rows.get(table).copied().unwrap_or(0)
}

fn contents(s: &ArchiveSummary) -> String {
    described(&s.rows, s.files, s.bytes)
}

fn inventory_text(i: &Inventory) -> String {
    described(&i.rows, i.files, i.bytes)
}

/// "2 meetings, 1 relationship and 4 files (1.2 MB)": what a person counts; the rows of
/// every table are in the JSON.
fn described(rows: &std::collections::BTreeMap<String, u64>, files: u64, size: u64) -> String {
    format!(
        "{}, {} and {} ({})",
        plural(count(rows, "meetings"), "meeting"),
        plural(count(rows, "relationships"), "relationship"),
        plural(files, "file"),
        bytes(size)
    )
}

fn plural(n: u64, noun: &str) -> String {
    match n {
        1 => format!("1 {noun}"),
        _ => format!("{n} {noun}s"),
    }
}
