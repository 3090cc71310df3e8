// End to end: sync between the app and a second device. The real sync server
// (onno-sync-server) runs on loopback over the PostgreSQL cluster `scripts/e2e.sh` starts
// (with-postgres.sh); the app creates the account in Settings → Sync and shows the
// recovery key once; a second data folder signs in with the `onno` command line and
// receives what the app holds; what the second device adds then appears in the app on its
// own, through the app's background sync.

import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { cli, cliBinary, e2eModel, launchApp, removeDir, tempDataDir, root } from "./harness.mjs";
import { screenshots } from "./screens.mjs";
import { waitFor } from "./webdriver.mjs";

const target = process.env.CARGO_TARGET_DIR ?? join(root, "target");
const serverBinary = process.env.ONNO_SYNC_SERVER_BIN ?? join(target, "debug", "onno-sync-server");
const EMAIL = "jiwon@example.com";
const PASSWORD = "a long sync password";
const NEW_PASSWORD = "another long password";

/** The sync server on a free loopback port; resolves once it listens. */
function startServer() {
  if (!process.env.DATABASE_URL) throw new Error("DATABASE_URL is not set: run under scripts/with-postgres.sh");
  const child = spawn(serverBinary, ["--bind", "127.0.0.1:0"], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolveStart, reject) => {
    child.once("error", reject);
    createInterface({ input: child.stdout }).once("line", (line) => {
      const address = line.trim().replace(/^listening on /, "");
      resolveStart({ url: `http://${address}`, stop: () => child.kill("SIGTERM") });
    });
  });
}

/** The `onno` command line on `dataDir`, with the password on stdin. */
function cliWithPassword(dataDir, args, password = PASSWORD) {
  const out = execFileSync(cliBinary, args, {
    env: { ...process.env, ONNO_DATA_DIR: dataDir },
    encoding: "utf8",
    input: `${password}\n`,
    stdio: ["pipe", "pipe", "inherit"],
  });
  return JSON.parse(out);
}

/** Opens the row of `rowCss` that shows `text`. */
async function clickRow(session, rowCss, text) {
  await waitFor(`${text} in the list`, () =>
    session.execute(
      `const row = [...document.querySelectorAll(arguments[0])].find((r) => r.innerText.includes(arguments[1]));
       row?.querySelector("td").click();
       return row !== undefined;`,
      [rowCss, text],
    ),
  );
}

function scrollTo(session, css) {
  return session.execute("document.querySelector(arguments[0])?.scrollIntoView({ block: 'start' })", [css]);
}

describe("sync between the app and another device", () => {
  const appDir = tempDataDir();
  const otherDir = tempDataDir();
  let server;
  let app;
  let recoveryKey;

  before(async () => {
    server = await startServer();
    cli(appDir, ["relationships", "add", "Zeppelin Robotics", "--type", "deal", "--json"]);
    app = await launchApp(appDir);
  });

  after(async () => {
    try {
      await app?.stop();
    } finally {
      server?.stop();
      removeDir(appDir);
      removeDir(otherDir);
    }
  });

  it("creates the account in Settings, warns what losing the password means, and shows the recovery key once", async () => {
    const { session } = app;
    await session.click(await session.waitFind("[data-testid=nav-settings]"));
    const join = "[data-testid=sync-join]";
    await session.click(await session.waitFind("[data-testid=sync-choose-create]"));
    await session.waitFind("[data-testid=sync-loss-warning]");
    await screenshots(session, "settings-sync-join", () => scrollTo(session, "[data-testid=sync-settings]"));
    const address = await session.find(`${join} input[name=sync-server]`);
    await session.type(address, server.url);
    await session.type(await session.find(`${join} input[name=sync-email]`), EMAIL);
    await session.type(await session.find(`${join} input[name=sync-device-name]`), "Desk");
    await session.type(await session.find(`${join} input[name=sync-password]`), PASSWORD);
    await session.type(await session.find(`${join} input[name=sync-password-again]`), PASSWORD);
    await session.click(await session.find("[data-testid=sync-join-submit]"));
    await session.waitFind("[data-testid=sync-recovery-key]", { timeoutMs: 60_000 });
    const key = await session.textOf("[data-testid=sync-recovery-key]");
    assert.match(key.trim(), /^([A-Z2-7]{4}[- ]){12}[A-Z2-7]{4}$/);
    recoveryKey = key.trim();
    const done = "[data-testid=sync-recovery-done]";
    assert.equal(
      await session.execute("return document.querySelector(arguments[0]).disabled", [done]),
      true,
      "not before it is written down",
    );
    await screenshots(session, "settings-sync-recovery", () => scrollTo(session, "[data-testid=sync-settings]"));
    await session.click(await session.find("input[name=sync-recovery-written]"));
    await session.click(await session.find(done));
    await session.waitFind("[data-testid=sync-status]");
    // Shown once: the page no longer holds it.
    assert.equal(await session.execute("return document.querySelector('[data-testid=sync-recovery-key]')"), null);
  });

  it("sends what the app holds, and a second device signed in from the command line receives it", async () => {
    const { session } = app;
    await session.click(await session.find("[data-testid=sync-now]"));
    await session.waitFind("[data-testid=sync-now-result]", { timeoutMs: 30_000 });
    await waitFor("nothing waiting to go", async () => /없습니다|Nothing/.test(await session.textOf("[data-testid=sync-pending]")));
    const login = cliWithPassword(otherDir, [
      "sync", "login", "--server", server.url, "--email", EMAIL, "--password-stdin", "--device-name", "Laptop", "--json",
    ]);
    assert.equal(login.created, false);
    const round = cli(otherDir, ["sync", "now", "--json"]);
    assert.ok(round.applied > 0, JSON.stringify(round));
    const names = cli(otherDir, ["relationships", "list", "--json"]).items.map((r) => r.name);
    assert.deepEqual(names, ["Zeppelin Robotics"]);
  });

  it("shows what the other device adds without being asked, and lists both devices", async () => {
    const { session } = app;
    cli(otherDir, ["relationships", "add", "Busan Partners", "--type", "partner", "--json"]);
    cli(otherDir, ["sync", "now", "--json"]);
    await session.click(await session.find("[data-testid=nav-relationships]"));
    await waitFor(
      "the other device's relationship in the app's list",
      async () => (await session.textOf(".page")).includes("Busan Partners"),
      { timeoutMs: 60_000 },
    );
    await session.click(await session.find("[data-testid=nav-settings]"));
    await waitFor("both devices", async () =>
      session.execute("return document.querySelectorAll('[data-testid=sync-device]').length === 2"),
    );
    const devices = await session.textOf("[data-testid=sync-devices]");
    assert.match(devices, /Desk/);
    assert.match(devices, /Laptop/);
    await screenshots(session, "settings-sync-status", () => scrollTo(session, "[data-testid=sync-settings]"));
  });

  it("fetches a meeting recorded on the other device when asked, and plays it", async () => {
    const { session } = app;
    // This device fetches on demand: the recording waits on the server until asked for.
    await session.click(await session.waitFind("[data-testid=sync-fetch-files] input[value=on_demand]"));
    await waitFor("the setting kept", async () => cli(appDir, ["sync", "status", "--json"]).fetch_files === "on_demand");
    const recorded = cli(otherDir, ["record", "--title", "Laptop call", "--duration", "2", "--model", e2eModel, "--json"]);
    const sent = cli(otherDir, ["sync", "now", "--json"]);
    // Two sides of silence are the same bytes, which travel once.
    assert.ok(sent.files.sent >= 1 && sent.files.unsendable === 0, JSON.stringify(sent));

    await session.click(await session.find("[data-testid=nav-meetings]"));
    await clickRow(session, "[data-testid=meeting-row]", "Laptop call");
    await session.waitFind("[data-testid=fetch-recording]", { timeoutMs: 60_000 });
    assert.equal(await session.execute("return document.querySelector('[data-testid=player-audio]')"), null, "nothing to play yet");
    await screenshots(session, "meeting-recording-elsewhere", () => scrollTo(session, "[data-testid=recording-elsewhere]"));
    await session.click(await session.find("[data-testid=fetch-recording]"));
    await session.waitFind("[data-testid=player-audio]", { timeoutMs: 60_000 });
    assert.equal(await session.execute("return document.querySelector('[data-testid=recording-elsewhere]')"), null);

    const here = cli(appDir, ["meetings", "list", "--json"]).items.find((m) => m.title === "Laptop call");
    for (const side of ["mic.wav", "system.wav"]) {
      const original = readFileSync(join(otherDir, "meetings", String(recorded.meeting_id), side));
      const fetched = readFileSync(join(appDir, "meetings", String(here.id), side));
      assert.ok(original.equals(fetched), `${side} arrived byte for byte`);
    }
    await session.click(await session.find("[data-testid=nav-settings]"));
    await session.waitFind("[data-testid=sync-status]");
  });

  it("fetches a file attached on the other device when it is opened", async () => {
    const { session } = app;
    const zeppelin = cli(otherDir, ["relationships", "list", "--json"]).items.find((r) => r.name === "Zeppelin Robotics");
    const deck = join(otherDir, "..", `${Date.now()}-zeppelin-deck.txt`);
    writeFileSync(deck, "Zeppelin Robotics deck: burn of 40K a month, 18 months of runway");
    cli(otherDir, ["relationships", "files", "add", String(zeppelin.id), deck, "--category", "pitch_deck", "--json"]);
    cli(otherDir, ["sync", "now", "--json"]);

    await session.click(await session.find("[data-testid=nav-relationships]"));
    await clickRow(session, "[data-testid=relationship-row]", "Zeppelin Robotics");
    const open = "[data-testid=file] [data-testid=file-open]";
    await session.waitFind(open, { timeoutMs: 60_000 });
    const fetched = () => {
      const folder = join(appDir, "files");
      if (!existsSync(folder)) return null;
      const found = readdirSync(folder, { recursive: true }).find((f) => String(f).endsWith("zeppelin-deck.txt"));
      return found === undefined ? null : join(folder, String(found));
    };
    assert.equal(fetched(), null, "on demand: not fetched before it is opened");
    await session.click(await session.find(open));
    // This machine has no program to show the file; it is fetched all the same.
    await waitFor("the file fetched", async () => fetched() !== null, { timeoutMs: 60_000 });
    assert.ok(readFileSync(fetched()).equals(readFileSync(deck)), "the file arrived byte for byte");
    await session.click(await session.find("[data-testid=nav-settings]"));
    await session.waitFind("[data-testid=sync-status]");
  });

  it("signs this device out and keeps its data", async () => {
    const { session } = app;
    await session.click(await session.find("[data-testid=sync-sign-out]"));
    await session.click(await session.waitFind("[data-testid=delete-yes]"));
    await session.waitFind("[data-testid=sync-join]", { timeoutMs: 30_000 });
    const names = cli(appDir, ["relationships", "list", "--json"]).items.map((r) => r.name).sort();
    assert.deepEqual(names, ["Busan Partners", "Zeppelin Robotics"]);
    assert.equal(cli(appDir, ["sync", "status", "--json"]).signed_in, false);
  });

  it("signs in again with the recovery key and a new password, which the other device then needs", async () => {
    const { session } = app;
    const join = "[data-testid=sync-join]";
    await session.click(await session.find(`${join} input[name=sync-forgot]`));
    await session.type(await session.find(`${join} input[name=sync-server]`), server.url);
    await session.type(await session.find(`${join} input[name=sync-email]`), EMAIL);
    await session.type(await session.find(`${join} input[name=sync-device-name]`), "Desk");
    await session.type(await session.find(`${join} input[name=sync-recovery-key]`), recoveryKey.toLowerCase());
    await session.type(await session.find(`${join} input[name=sync-password]`), NEW_PASSWORD);
    await session.type(await session.find(`${join} input[name=sync-password-again]`), NEW_PASSWORD);
    await screenshots(session, "settings-sync-recover", () => scrollTo(session, "[data-testid=sync-settings]"));
    await session.click(await session.find("[data-testid=sync-join-submit]"));
    await session.waitFind("[data-testid=sync-status]", { timeoutMs: 60_000 });

    cli(otherDir, ["sync", "logout", "--json"]);
    const login = ["sync", "login", "--server", server.url, "--email", EMAIL, "--password-stdin", "--json"];
    assert.throws(() => cliWithPassword(otherDir, login), "the old password no longer signs in");
    assert.equal(cliWithPassword(otherDir, login, NEW_PASSWORD).created, false);
  });

  it("says in the user's language why syncing stopped when the server goes away", async () => {
    const { session } = app;
    server.stop();
    await waitFor(
      "the status's reason in Korean",
      async () => /동기화 서버에 연결할 수 없습니다/.test(await session.textOf("[data-testid=sync-last-error]")),
      { timeoutMs: 60_000 },
    );
    await screenshots(session, "settings-sync-offline", () => scrollTo(session, "[data-testid=sync-settings]"));
  });
});
