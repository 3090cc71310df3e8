//! A real OpenAI-compatible server with a real model, for the tests that must meet a
//! server nobody here wrote: llama-cpp-python's `llama_cpp.server` serving
//! Qwen2.5-Coder-0.5B-Instruct (Q4_K_M).
//!
//! `scripts/llm-model.sh` fetches the model and builds the server once into a cache
//! outside the repository; [`LlamaServer::start`] uses `ONNO_LLM_PYTHON` and
//! `ONNO_LLM_MODEL` when the test command has set them, and otherwise runs the script
//! itself (the first time, that compiles llama.cpp for several minutes). The server is
//! started on a free loopback port and stopped when dropped. Only one runs at a time in
//! a test binary: each takes both cores, and two would only slow each other down.
//!
//! ```no_run
//! use onno_test_support::llama_server::LlamaServer;
//!
//! let server = LlamaServer::start();
//! let base_url = server.base_url(); // http://127.0.0.1:PORT/v1, model name "qwen"
//! # let _ = base_url;
//! ```

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

/// The model name the server answers to.
pub const MODEL_NAME: &str = "qwen";

/// How long loading the model may take before the start is a failure.
const START_TIMEOUT: Duration = Duration::from_secs(120);

/// The running server; stopped (and waited for) when dropped.
pub struct LlamaServer {
    child: Child,
    port: u16,
    log: PathBuf,
    _turn: MutexGuard<'static, ()>,
}

/// Where the server's Python and the model file are.
#[derive(Clone, Debug)]
struct Installed {
    python: PathBuf,
    model: PathBuf,
}

impl LlamaServer {
    /// Starts the server and waits until it answers `GET /v1/models`. Panics (failing
    /// the test) when the model or the server cannot be had, with the reason.
    pub fn start() -> LlamaServer {
        static TURN: Mutex<()> = Mutex::new(());
        let turn = TURN.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let installed = installed();
        let port = free_port();
        let log = crate::target_dir().join(format!("llama-server-{port}.log"));
        let log_file = std::fs::File::create(&log)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", log.display()));
        let child = Command::new(&installed.python)
            .args(["-m", "llama_cpp.server", "--host", "127.0.0.1"])
            .args(["--port", &port.to_string()])
            .arg("--model")
            .arg(&installed.model)
            .args(["--model_alias", MODEL_NAME, "--n_ctx", "8192"])
            .args(["--n_threads", &threads().to_string()])
            // OpenMP's workers spin while they wait; beside whisper in the same test
            // run that steals the cores both need.
            .env("OMP_WAIT_POLICY", "PASSIVE")
            .stdin(Stdio::null())
            .stdout(Stdio::from(
                log_file.try_clone().expect("clone the log's handle"),
            ))
            .stderr(Stdio::from(log_file))
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", installed.python.display()));
        let mut server = LlamaServer {
            child,
            port,
            log,
            _turn: turn,
        };
        server.wait_until_ready();
        server
    }

    /// `http://127.0.0.1:PORT/v1`, the base URL a client is configured with.
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}/v1", self.port)
    }

    /// What the server wrote so far (its log), for a failing test's message.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn wait_until_ready(&mut self) {
        let started = Instant::now();
        while started.elapsed() < START_TIMEOUT {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "the model server ended ({status}) before answering:\n{}",
                    self.log()
                );
            }
            if get_status(self.port, "/v1/models") == Some(200) {
                return;
            }
            std::thread::sleep(Duration::from_millis(250));
        }
        panic!(
            "the model server did not answer in {START_TIMEOUT:?}:\n{}",
            self.log()
        );
    }
}

impl Drop for LlamaServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn installed() -> Installed {
    static INSTALLED: OnceLock<Installed> = OnceLock::new();
    INSTALLED
        .get_or_init(
            || match (env_path("ONNO_LLM_PYTHON"), env_path("ONNO_LLM_MODEL")) {
                (Some(python), Some(model)) => Installed { python, model },
                _ => run_setup_script(),
            },
        )
        .clone()
}

/// Whether the test command named the server and model (`ONNO_LLM_PYTHON` and
/// `ONNO_LLM_MODEL`): then the real-model tests are meant to run, and one that cannot
/// (its other real models missing) fails rather than pass without running.
pub fn requested() -> bool {
    env_path("ONNO_LLM_PYTHON").is_some() && env_path("ONNO_LLM_MODEL").is_some()
}

fn env_path(name: &str) -> Option<PathBuf> {
    std::env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// Runs `scripts/llm-model.sh` and reads the two paths from its last lines.
fn run_setup_script() -> Installed {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/llm-model.sh");
    let out = Command::new("bash")
        .arg(&script)
        .stderr(Stdio::inherit())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", script.display()));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{} failed ({}):\n{stdout}",
        script.display(),
        out.status
    );
    let value = |key: &str| {
        stdout
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .map(PathBuf::from)
            .unwrap_or_else(|| panic!("{} printed no {key}:\n{stdout}", script.display()))
    };
    Installed {
        python: value("ONNO_LLM_PYTHON="),
        model: value("ONNO_LLM_MODEL="),
    }
}

fn threads() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// The status of a plain `GET`, or `None` when nothing answers yet.
fn get_status(port: u16, path: &str) -> Option<u16> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut head = [0u8; 32];
    let n = stream.read(&mut head).ok()?;
    let line = std::str::from_utf8(&head[..n]).ok()?;
    line.split_whitespace().nth(1)?.parse().ok()
}
