// Process plumbing for the end-to-end tests: temp data folders, the real `onno` CLI,
// and tauri-driver (which starts the real app through WebKitWebDriver).

import { spawn, execFileSync } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { createServer } from "node:net";
import { homedir, tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Session, WebDriverError, waitFor } from "./webdriver.mjs";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const target = process.env.CARGO_TARGET_DIR ?? join(root, "target");
export const appBinary = process.env.ONNO_APP_BIN ?? join(target, "debug", "onno-app");
export const cliBinary = process.env.ONNO_CLI_BIN ?? join(target, "debug", "onno");
export const artifacts = join(target, "e2e");
/** The generated tiny whisper model that e2e.sh writes (random weights, real shapes). */
export const e2eModel = process.env.ONNO_E2E_MODEL ?? join(artifacts, "ggml-tiny-random.bin");

function tauriDriverBinary() {
  if (process.env.TAURI_DRIVER) return process.env.TAURI_DRIVER;
  const cargoBin = join(process.env.CARGO_HOME ?? join(homedir(), ".cargo"), "bin", "tauri-driver");
  return existsSync(cargoBin) ? cargoBin : "tauri-driver";
}

export function tempDataDir() {
  return mkdtempSync(join(tmpdir(), "onno-e2e-"));
}

/** Runs the `onno` CLI against `dataDir` and returns its parsed JSON output. */
export function cli(dataDir, args) {
  const out = execFileSync(cliBinary, args, {
    env: { ...process.env, ONNO_DATA_DIR: dataDir },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  return JSON.parse(out);
}

/**
 * The lowest port the kernel hands out to outgoing connections. Ports for the drivers are
 * taken below it: a port from that range can be given to some connection (the app's, the
 * CLI's, or tauri-driver's own, which dials WebKitWebDriver before it listens and can end
 * up connected to itself) between the check here and the driver binding it, and
 * WebKitWebDriver then cannot listen at all.
 */
function ephemeralLow() {
  try {
    return Number(readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/)[0]) || 32768;
  } catch {
    return 32768;
  }
}

function canListen(port) {
  return new Promise((resolveFree) => {
    const server = createServer();
    server.once("error", () => resolveFree(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolveFree(true)));
  });
}

async function freePort() {
  const low = 20_000;
  const high = Math.max(low + 1_000, ephemeralLow()) - 1;
  for (let tries = 0; tries < 200; tries += 1) {
    const port = low + Math.floor(Math.random() * (high - low));
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port between ${low} and ${high}`);
}

/**
 * Starts tauri-driver and a WebDriver session on the real app with `ONNO_DATA_DIR`
 * (and `env`) set. Returns the session and a `stop()` that ends both, whatever state they are in,
 * and fails when the app does not quit. What the driver prints goes to
 * target/e2e/<data folder's name>.log.
 */
export async function launchApp(dataDir, env = {}) {
  if (!existsSync(appBinary)) throw new Error(`app binary not built: ${appBinary}`);
  const port = await freePort();
  let nativePort = await freePort();
  while (nativePort === port) nativePort = await freePort();
  mkdirSync(artifacts, { recursive: true });
  const logPath = join(artifacts, `${basename(dataDir)}.log`);
  const log = openSync(logPath, "w");
  const driver = spawn(tauriDriverBinary(), ["--port", String(port), "--native-port", String(nativePort)], {
    // WEBKIT_DISABLE_DMABUF_RENDERER is deliberately not set: WebKitGTK 2.50 renders
    // under Xvfb without it, and with it WebKitWebDriver's screenshot never returns.
    // Set it in the environment if an older WebKitGTK shows a blank window.
    env: { ...process.env, ...env, ONNO_DATA_DIR: dataDir },
    // Into a file rather than the test runner's pipes: a process that outlived its
    // test would otherwise keep those open and the runner waiting for them.
    stdio: ["ignore", log, log],
  });
  closeSync(log);
  const exited = new Promise((resolveExit) => driver.once("exit", resolveExit));
  const stopDriver = async () => {
    if (driver.exitCode === null && driver.signalCode === null) {
      driver.kill("SIGTERM");
      const timer = setTimeout(() => driver.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    }
  };

  const base = `http://127.0.0.1:${port}`;
  let session;
  try {
    await waitFor("tauri-driver to listen", async () => (await fetch(`${base}/status`)).ok, {
      timeoutMs: 15_000,
    });
    session = await Session.start(base, {
      browserName: "wry",
      "tauri:options": { application: appBinary },
    });
  } catch (error) {
    await stopDriver();
    await endLeftovers(dataDir);
    throw new Error(`${error.message} (the driver's log: ${logPath})`, { cause: error });
  }
  return {
    session,
    async stop() {
      let notEnded = null;
      try {
        // A session whose app the test closed has nothing left to end.
        await session.end().catch((error) => {
          if (!(error instanceof WebDriverError)) throw error;
          notEnded = error;
        });
        // WebKitWebDriver ends the app after it has answered; stopping the driver before
        // that would leave the app running without it.
        await whileRunning(dataDir, 5_000, isApp);
      } finally {
        await stopDriver();
      }
      await endLeftovers(dataDir, notEnded);
    },
  };
}

/**
 * Saves a PNG of the window under target/e2e/ for people to look at. It asserts
 * nothing, so a driver that cannot take one costs a warning, not the test.
 */
export async function saveScreenshot(session, name) {
  mkdirSync(artifacts, { recursive: true });
  const path = join(artifacts, `${name}.png`);
  try {
    writeFileSync(path, await session.screenshot());
  } catch (error) {
    console.warn(`screenshot ${name} not saved: ${error.message}`);
  }
  return path;
}

/**
 * Makes the generated test model the data folder's default speech model (through the
 * real CLI), so the Record page can start without a download.
 */
export function useTestModel(dataDir) {
  cli(dataDir, ["models", "default", e2eModel, "--json"]);
}

/** The process id of the app running on `dataDir` (Linux: read from /proc). */
export function appPid(dataDir) {
  const app = processesOn(dataDir).find(isApp);
  if (app === undefined) throw new Error(`no app is running on ${dataDir}`);
  return app.pid;
}

/** Every process started with `ONNO_DATA_DIR=dataDir`: the driver, the app, its web views. */
function processesOn(dataDir) {
  const wanted = `ONNO_DATA_DIR=${dataDir}`;
  const found = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!readFileSync(`/proc/${entry}/environ`, "utf8").split("\0").includes(wanted)) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // A zombie has ended; only its parent has yet to notice.
      if (stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z")) continue;
      found.push({ pid: Number(entry), name: readFileSync(`/proc/${entry}/comm`, "utf8").trim() });
    } catch {
      // Gone, or not ours to read.
    }
  }
  return found;
}

/**
 * Waits for everything started on `dataDir` to end once its session has. Ending the
 * session normally ends the app; when WebKitWebDriver could not (`notEnded`, its
 * error), the app is sent SIGTERM, as a logout would, and must quit. One still running
 * after that is killed and reported as a failure; WebKit's own helpers are only killed.
 */
async function endLeftovers(dataDir, notEnded = null) {
  let left = await whileRunning(dataDir, 5_000);
  const app = left.find(isApp);
  if (app !== undefined) {
    console.warn(`the session did not end the app (${notEnded?.message ?? "no error"}); sending it SIGTERM`);
    process.kill(app.pid, "SIGTERM");
    left = await whileRunning(dataDir, 20_000);
  }
  const stillApp = left.find(isApp);
  const stacks = stillApp === undefined ? "" : threadStacks(stillApp.pid);
  for (const { pid } of left) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Ended meanwhile.
    }
  }
  if (stillApp !== undefined) {
    throw new Error(`the app (pid ${stillApp.pid}) did not quit on SIGTERM; its threads were at:\n${stacks}`);
  }
  if (left.length > 0) {
    console.warn(`killed what outlived the app: ${left.map(({ pid, name }) => `${name} (${pid})`).join(", ")}`);
  }
}

const isApp = ({ name }) => name === "onno-app";

/** The processes on `dataDir` (those `which` picks) still running after up to `timeoutMs`. */
async function whileRunning(dataDir, timeoutMs, which = () => true) {
  const deadline = Date.now() + timeoutMs;
  let left = processesOn(dataDir).filter(which);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((wake) => setTimeout(wake, 200));
    left = processesOn(dataDir).filter(which);
  }
  return left;
}

/** Where each thread of `pid` is, from gdb when there is one: why a process hangs. */
function threadStacks(pid) {
  try {
    return execFileSync("gdb", ["-p", String(pid), "-batch", "-ex", "thread apply all bt 12"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      timeout: 60_000,
    });
  } catch (error) {
    return `(no stacks: ${error.message})`;
  }
}

export function removeDir(dir) {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * A real chat-completions server on loopback for the app to call. Each request is
 * answered with the JSON in `answers` under the name of the schema it asks for
 * (`question_suggestions`, `action_items`, `meeting_summary`, ...), or a 500 when
 * there is none, after `delayMs[schema]` when given (a model that takes its time).
 * Every request body is kept in `requests`.
 */
export async function startLlmServer(answers, { delayMs = {} } = {}) {
  const requests = [];
  const server = createHttpServer((req, res) => {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      requests.push({ path: req.url, headers: req.headers, body });
      let schema = null;
      try {
        schema = JSON.parse(body).response_format?.json_schema?.name ?? null;
      } catch {
        // Not JSON: answered below as unknown.
      }
      const answer = schema === null ? undefined : answers[schema];
      if (req.method !== "POST" || !req.url.endsWith("/chat/completions") || answer === undefined) {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: `nothing scripted for ${schema}` } }));
        return;
      }
      const answerNow = () => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            id: `chatcmpl-${requests.length}`,
            object: "chat.completion",
            model: "e2e-model",
            choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: JSON.stringify(answer) } }],
            usage: { prompt_tokens: Math.ceil(body.length / 4), completion_tokens: 40, total_tokens: Math.ceil(body.length / 4) + 40 },
          }),
        );
      };
      setTimeout(answerNow, delayMs[schema] ?? 0);
    });
  });
  await new Promise((resolveListen) => server.listen(0, "127.0.0.1", resolveListen));
  return {
    baseUrl: `http://127.0.0.1:${server.address().port}/v1`,
    requests,
    close: () =>
      new Promise((resolveClose) => {
        // Kept-alive connections of an app that is gone must not keep the test running.
        server.closeAllConnections();
        server.close(resolveClose);
      }),
  };
}
