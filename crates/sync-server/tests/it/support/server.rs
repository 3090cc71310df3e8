//! The real server binary, started on a free loopback port against a test database.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

pub struct Server {
    child: Child,
    pub base: String,
    stderr: PathBuf,
    _logs: tempfile::TempDir,
}

impl Server {
    /// Starts the server on `database_url` with `args` added to its command line,
    /// logging at `RUST_LOG=log_level`. Returns once it listens.
    pub fn start_with(database_url: &str, args: &[&str], log_level: &str) -> Server {
        let logs = tempfile::tempdir().expect("a folder for the server's log");
        let stderr = logs.path().join("stderr.log");
        // Any free port, unless the test names one (to restart on the same address).
        let bind: &[&str] = if args.contains(&"--bind") {
            &[]
        } else {
            &["--bind", "127.0.0.1:0"]
        };
        let mut child = Command::new(env!("CARGO_BIN_EXE_onno-sync-server"))
            .args(bind)
            .args(args)
            .env("DATABASE_URL", database_url)
            .env("RUST_LOG", log_level)
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&stderr).expect("create the log file"))
            .spawn()
            .expect("start onno-sync-server");
        let mut line = String::new();
        let stdout = child.stdout.take().expect("the server's stdout");
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read the server's first line");
        let Some(address) = line.trim().strip_prefix("listening on ") else {
            let _ = child.wait();
            panic!(
                "the server did not start:\n{}",
                std::fs::read_to_string(&stderr).unwrap_or_default()
            );
        };
        Server {
            base: format!("http://{address}"),
            child,
            stderr,
            _logs: logs,
        }
    }

    pub fn start(database_url: &str, args: &[&str]) -> Server {
        Server::start_with(database_url, args, "info")
    }

    /// The server's process id (its CPU time is read from /proc by the benchmarks).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// What the server has written to standard error so far.
    pub fn logs(&self) -> String {
        std::fs::read_to_string(&self.stderr).unwrap_or_default()
    }

    /// Kills the process at once (SIGKILL), as a crash or a lost machine would.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Asks the server to stop (SIGTERM) and waits for it; its exit status.
    pub fn terminate(&mut self) -> std::process::ExitStatus {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -TERM failed");
        self.child.wait().expect("wait for the server")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A test's own database, the server on it, and a client.
pub struct Fixture {
    pub db: super::TestDb,
    pub server: Server,
    pub api: super::Api,
}

impl Fixture {
    pub async fn start(args: &[&str]) -> Fixture {
        Fixture::start_with(args, "info").await
    }

    pub async fn start_with(args: &[&str], log_level: &str) -> Fixture {
        let db = super::TestDb::create().await;
        let server = Server::start_with(&db.url, args, log_level);
        let api = super::Api::new(&server.base);
        Fixture { db, server, api }
    }
}
