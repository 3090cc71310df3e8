// End to end: the real app binary (UI built into it), a real database created by the
// real CLI, driven through WebDriver under Xvfb. Run by scripts/e2e.sh.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { cli, e2eModel, launchApp, removeDir, saveScreenshot, tempDataDir } from "./harness.mjs";
import { waitFor } from "./webdriver.mjs";

describe("with a database holding a meeting", () => {
  const dataDir = tempDataDir();
  const title = "Acme AI 시리즈 A 심사";
  let app;

  before(async () => {
    cli(dataDir, ["meetings", "add", "--title", title, "--type", "investment_screening",
      "--started-at", "2026-11-02T09:30:00+09:00", "--json"]);
    app = await launchApp(dataDir);
  });

  after(async () => {
    await app?.stop();
    removeDir(dataDir);
  });

  it("lists the meeting in the Meetings view, in Korean by default", async () => {
    const { session } = app;
    await session.waitFind("[data-testid=meeting-row]");
    const table = await session.textOf("[data-testid=meetings-table]");
    assert.match(table, new RegExp(title));
    assert.match(table, /투자 심사/, "the meeting type is shown in Korean");
    await saveScreenshot(session, "meetings");

    // WebKitWebDriver does not count a <tr> as interactable; click its first cell.
    await session.click(await session.find("[data-testid=meeting-row] td"));
    const heading = await session.waitFind("[data-testid=meeting-title]");
    assert.equal(await session.text(heading), title);
  });

  it("creates a relationship through the form and shows it in the list and the database", async () => {
    const { session } = app;
    const name = "Beta Robotics";
    await session.click(await session.find("[data-testid=nav-relationships]"));
    await session.click(await session.waitFind("[data-testid=new-relationship]"));
    await session.type(await session.waitFind("[data-testid=relationship-form] input[name=name]"), name);
    await session.type(await session.find("input[name=industry]"), "Robotics");
    await session.type(await session.find("input[name=tags]"), "hardware, 시드");
    await session.type(await session.find("input[name=contactName]"), "김하나");
    await session.click(await session.find("[data-testid=save-relationship]"));

    await waitFor("the new relationship in the list", async () =>
      (await session.textOf("[data-testid=relationships-table]")).includes(name),
    );
    await saveScreenshot(session, "relationships");

    const stored = cli(dataDir, ["relationships", "list", "--json"]);
    const items = Array.isArray(stored) ? stored : stored.items;
    const created = items.find((r) => r.name === name);
    assert.ok(created, `"${name}" is in the database: ${JSON.stringify(stored)}`);
    assert.equal(created.industry, "Robotics");
    assert.deepEqual(created.tags, ["hardware", "시드"]);
    assert.equal(created.primary_contact?.name, "김하나");
  });
});

describe("with a damaged database file", () => {
  const dataDir = tempDataDir();
  let app;

  before(async () => {
    writeFileSync(join(dataDir, "onno.db"), "not a database ".repeat(1000));
    app = await launchApp(dataDir);
  });

  after(async () => {
    await app?.stop();
    removeDir(dataDir);
  });

  it("names the file and starts fresh on request", async () => {
    const { session } = app;
    const problem = await session.waitFind("[data-testid=startup-problem]");
    assert.match(await session.text(problem), /onno\.db/);
    await saveScreenshot(session, "damaged-database");

    await session.click(await session.find("[data-testid=start-fresh]"));
    await session.waitFind("[data-testid=nav-meetings]");
    assert.match(await session.textOf("main"), /onno\.db\.damaged-/, "says where the old file went");
  });
});

describe("recording a meeting", () => {
  const dataDir = tempDataDir();
  const speech = join(dataDir, "them.wav");
  let app;

  before(async () => {
    execFileSync("espeak-ng", ["-w", speech, "Our revenue grew ten percent last quarter."]);
    app = await launchApp(dataDir);
  });

  after(async () => {
    await app?.stop();
    removeDir(dataDir);
  });

  it("shows what the call says as it is said, and keeps the meeting", async () => {
    const { session } = app;
    await session.click(await session.waitFind("[data-testid=nav-record]"));
    await session.type(await session.waitFind("[data-testid=record-form] input[name=title]"), "Live pitch");
    await session.type(await session.find("input[name=model]"), e2eModel);
    await session.click(await session.find("[data-testid=start-recording]"));
    await session.waitFind("[data-testid=recording]", { timeoutMs: 60_000 });

    // The call plays through the virtual output; its words show up as "them".
    execFileSync("paplay", ["--device=meet", speech]);
    await waitFor(
      "a line from the other side",
      async () => (await session.find("[data-testid=live-transcript] li[data-source=them]")) !== null,
      { timeoutMs: 60_000 },
    );
    await saveScreenshot(session, "recording");

    await session.click(await session.find("[data-testid=stop-recording]"));
    await session.click(await session.waitFind("[data-testid=open-recorded]", { timeoutMs: 60_000 }));
    const heading = await session.waitFind("[data-testid=meeting-title]");
    assert.equal(await session.text(heading), "Live pitch");

    const meetings = cli(dataDir, ["meetings", "list", "--json"]);
    const recorded = meetings.items.find((m) => m.title === "Live pitch");
    assert.equal(recorded?.status, "completed", JSON.stringify(meetings));
    assert.ok(recorded.segment_count >= 1, JSON.stringify(recorded));
    assert.equal(recorded.audio_paths.length, 2);
  });
});
