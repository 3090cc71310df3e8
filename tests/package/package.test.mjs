// The app as the .deb installs it: scripts/package.sh --check unpacks the package into
// an empty folder and points ONNO_APP_BIN at the program inside. On an empty data folder
// the first thing a new user sees is the first-run setup. Also measures the cold start:
// from the program's start (the kernel's record of the process) to the first screen the
// user can use (the window's own performance mark), printed and kept in target/e2e.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { appBinary, appPid, artifacts, launchApp, removeDir, saveScreenshot, tempDataDir } from "../e2e/harness.mjs";

/**
 * When process `pid` started, in ms since the epoch: its start in clock ticks since boot
 * (/proc/PID/stat), against the time since boot now (/proc/uptime, to 10 ms).
 */
function processStartMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may hold spaces); starttime is the 22nd field.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const hertz = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }));
  const startedAfterBoot = Number(fields[19]) / hertz;
  const uptime = Number(readFileSync("/proc/uptime", "utf8").split(" ")[0]);
  return Date.now() - (uptime - startedAfterBoot) * 1000;
}

describe("the packaged app on an empty data folder", () => {
  const dataDir = tempDataDir();
  let app;

  before(async () => {
    assert.ok(process.env.ONNO_APP_BIN, "ONNO_APP_BIN names the packaged program");
    app = await launchApp(dataDir);
  });

  after(async () => {
    await app?.stop();
    removeDir(dataDir);
  });

  it("opens the first-run setup and creates its database", async () => {
    const { session } = app;
    const setup = await session.waitFind("[data-testid=first-run]", { timeoutMs: 30_000 });
    assert.ok(setup, `the first-run screen of ${appBinary}`);
    assert.ok(existsSync(join(dataDir, "onno.db")), "the database was created in the data folder");
    await saveScreenshot(session, "package-first-run");

    const interactiveMs = await session.execute(
      "const m = performance.getEntriesByName('onno:interactive')[0]; return m ? performance.timeOrigin + m.startTime : null;",
    );
    assert.ok(interactiveMs !== null, "the first screen marks when it became usable");
    const coldStartMs = Math.round(interactiveMs - processStartMs(appPid(dataDir)));
    console.log(`cold start to the first-run screen: ${coldStartMs} ms`);
    writeFileSync(join(artifacts, "cold-start.json"), JSON.stringify({ cold_start_ms: coldStartMs }, null, 2));
  });
});
