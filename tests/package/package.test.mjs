// The app as the .deb installs it: scripts/package.sh --check unpacks the package into
// an empty folder and points ONNO_APP_BIN at the program inside. On an empty data folder
// the first thing a new user sees is the first-run setup.

import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { appBinary, launchApp, removeDir, saveScreenshot, tempDataDir } from "../e2e/harness.mjs";

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
  });
});
