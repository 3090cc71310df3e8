//! Integration tests: the real `onno` binary against a temporary data folder.

mod archive;
mod copilot;
mod corrections;
mod errors;
mod export;
mod files;
mod meetings;
mod models;
mod real_llm;
mod record;
mod relationships;
mod search;
mod transcribe;

use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use tempfile::TempDir;

/// A temporary data folder and a way to run `onno` on it.
pub struct Onno {
    pub dir: TempDir,
}

impl Onno {
    /// `onno` on a new, empty temporary data folder.
    pub fn empty() -> Onno {
        Onno {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn data_dir(&self) -> &Path {
        self.dir.path()
    }

    /// A command for `onno args...` on this data folder, with no terminal on stdin.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_onno"));
        command
            .args(args)
            .env("ONNO_DATA_DIR", self.data_dir())
            .env_remove("NO_COLOR")
            .stdin(Stdio::null());
        command
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("run onno")
    }

    /// Runs `onno args... --json`, expects success and one JSON document on stdout.
    #[track_caller]
    pub fn json(&self, args: &[&str]) -> Value {
        let mut args = args.to_vec();
        args.push("--json");
        let out = self.run(&args);
        assert!(
            out.status.success(),
            "onno {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "onno {args:?} printed no JSON ({e}): {}",
                String::from_utf8_lossy(&out.stdout)
            )
        })
    }

    /// Runs `onno args...`, expects success and returns stdout.
    #[track_caller]
    pub fn text(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "onno {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 output")
    }

    /// Runs `onno args...`, expects exit status `code`, returns stderr.
    #[track_caller]
    pub fn fails(&self, args: &[&str], code: i32) -> String {
        let out = self.run(args);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(code), "onno {args:?}: {stderr}");
        assert!(
            out.stdout.is_empty(),
            "nothing on stdout on failure: {:?}",
            out.stdout
        );
        stderr
    }

    /// Adds a meeting and returns its id.
    pub fn meeting(&self, title: &str, extra: &[&str]) -> i64 {
        let mut args = vec!["meetings", "add", "--title", title];
        args.extend_from_slice(extra);
        self.json(&args)["id"].as_i64().expect("meeting id")
    }
}
