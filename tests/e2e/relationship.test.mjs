// End to end: the relationship workspace. A relationship with an overdue next meeting
// and three meetings imported at different dates (two analysed offline for figures,
// the latest by a scripted language model for a summary and an action item) shows on
// the home screen; its page shows the header, the timeline with what came out of each
// meeting, the open action items, and starts a meeting with it preselected. A PDF deck
// added to it is listed, found by search, and its figure becomes an unverified fact
// citing its page, which the user marks verified; a file is removed after asking.

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { cli, cliBinary, launchApp, removeDir, startLlmServer, tempDataDir } from "./harness.mjs";
import { pdf } from "./pdf.mjs";
import { pick, screenshots } from "./screens.mjs";
import { waitFor } from "./webdriver.mjs";

const NAME = "Acme Robotics";
const ACTION = "Send the customer list";
const SUMMARY = "Growth is on track; the customer list comes next.";

/** `onno analyze` run without blocking this process, which also serves the scripted model. */
function analyzeWithModel(dataDir, meetingId) {
  return new Promise((resolveRun, reject) => {
    execFile(cliBinary, ["analyze", String(meetingId), "--json"], { env: { ...process.env, ONNO_DATA_DIR: dataDir } },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolveRun(stdout)));
  });
}

/** A WebVTT transcript of one meeting with Acme, imported at `startedAt`. */
function importMeeting(dataDir, relationshipId, title, startedAt, line) {
  const file = join(dataDir, "..", `${Date.now()}-${title.replace(/\W+/g, "-")}.vtt`);
  writeFileSync(file, `WEBVTT\n\n00:00:01.000 --> 00:00:05.000\n<v Jane>${line}\n\n00:00:06.000 --> 00:00:09.000\n<v Kim>Thanks, please send the customer list.\n`);
  return cli(dataDir, ["import", file, "--relationship", String(relationshipId), "--type", "investment_screening",
    "--title", title, "--started-at", startedAt, "--json"]).meeting_id;
}

describe("the relationship workspace", () => {
  const dataDir = tempDataDir();
  let app;
  let llm;
  let acmeId;

  before(async () => {
    llm = await startLlmServer({
      action_items: { items: [{ text: ACTION, assignee: "Jane", due: null, confidence: 0.9 }] },
      meeting_summary: { summary: `${SUMMARY}\nMore detail below.`, key_points: [], decisions: [] },
    });
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const acme = cli(dataDir, ["relationships", "add", NAME, "--type", "deal", "--industry", "Robotics SaaS",
      "--stage", "Series A", "--tag", "hardware", "--importance", "high", "--contact-name", "Jane Park",
      "--contact-title", "CEO", "--member", "Kim Lee (CTO)", "--first-contact", "2026-07-01",
      "--next-meeting", twoDaysAgo, "--json"]);
    acmeId = acme.id;
    const first = importMeeting(dataDir, acme.id, "Acme intro", "2026-08-03T10:00:00Z", "Our MRR is $50K.");
    const second = importMeeting(dataDir, acme.id, "Acme metrics", "2026-09-07T10:00:00Z", "Our MRR is $60K now.");
    const third = importMeeting(dataDir, acme.id, "Acme partner call", "2026-10-05T10:00:00Z", "Our MRR is $70K.");
    cli(dataDir, ["analyze", String(first), "--no-llm", "--json"]);
    cli(dataDir, ["analyze", String(second), "--no-llm", "--json"]);
    cli(dataDir, ["config", "llm", "--base-url", llm.baseUrl, "--model", "e2e-model", "--no-key", "--no-stream", "--json"]);
    await analyzeWithModel(dataDir, third);
    app = await launchApp(dataDir);
  });

  after(async () => {
    try {
      await app?.stop();
    } finally {
      await llm?.close();
      removeDir(dataDir);
    }
  });

  it("opens on Home with the overdue follow-up and the action item to approve", async () => {
    const { session } = app;
    await waitFor("Acme due on Home", async () =>
      (await session.textOf("[data-testid=home-due]"))?.includes(NAME),
    );
    assert.match(await session.textOf("[data-testid=due-relationship]"), /\uae30\ud55c \uc9c0\ub0a8/, "marked overdue in Korean");
    await waitFor("the action item to approve", async () =>
      (await session.textOf("[data-testid=home-pending]"))?.includes(ACTION),
    );
    assert.match(await session.textOf("[data-testid=home-recent]"), /Acme partner call/);
    await screenshots(session, "home");
  });

  it("lists relationships by type, tag and order, with their next meeting and open action items", async () => {
    const { session } = app;
    const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000).toISOString();
    cli(dataDir, ["relationships", "add", "Beta Health", "--type", "client", "--tag", "health", "--stage", "Seed",
      "--next-meeting", threeDaysAgo, "--json"]);
    await session.click(await session.waitFind("[data-testid=nav-relationships]"));
    const rows = () =>
      session.execute("return [...document.querySelectorAll('[data-testid=relationship-row]')].map((r) => r.innerText)");
    const names = async () => (await rows()).map((r) => r.split(/[\t\n]/)[0]);
    const choose = async (select, value) => {
      await session.click(await session.find(`[data-testid=relationship-filters] select[name=${select}] option[value="${value}"]`));
    };
    await waitFor("both relationships listed", async () => (await rows()).length === 2);
    assert.deepEqual(await names(), [NAME, "Beta Health"], "the one met most recently first");
    const acme = (await rows())[0];
    assert.match(acme, /\t1$/, `its one open action item: ${acme}`);
    assert.equal(
      await session.execute("return document.querySelectorAll('[data-testid=next-meeting-cell].overdue').length"),
      2,
      "both overdue next meetings highlighted",
    );

    await choose("sort", "next_meeting");
    await waitFor("the most overdue first", async () => (await names())[0] === "Beta Health");
    await choose("sort", "engagement");
    await waitFor("the one met first by engagement", async () => (await names())[0] === NAME);
    assert.match(await session.textOf("[data-testid=engagement-means]"), /90\uc77c/, "what engagement means, in Korean");

    await choose("tag", "health");
    await waitFor("only the tagged one", async () => (await names()).join() === "Beta Health");
    await choose("tag", "");
    await choose("type", "deal");
    await waitFor("only the deal", async () => (await names()).join() === NAME);
    await screenshots(session, "relationships-list");
    // Back from a relationship's page, the list is as it was left.
    await session.click(await session.find("[data-testid=relationship-row] td"));
    await session.waitFind("[data-testid=relationship-header]");
    await session.click(await session.find("[data-testid=relationship-header] .back"));
    await waitFor("the filter kept", async () => (await names()).join() === NAME);
    await session.click(await session.find("[data-testid=clear-filters]"));
    await waitFor("both again", async () => (await rows()).length === 2);
    await session.click(await session.find("[data-testid=nav-home]"));
    await waitFor("Home again", async () => (await session.textOf("[data-testid=home-due]"))?.includes(NAME));
  });

  it("shows the relationship's header, timeline and open action items", async () => {
    const { session } = app;
    await session.execute(
      "[...document.querySelectorAll('[data-testid=due-relationship] button')].find((b) => b.innerText.includes(arguments[0])).click()",
      [NAME],
    );
    await session.waitFind("[data-testid=relationship-header]");
    assert.equal(await session.textOf("[data-testid=relationship-name]"), NAME);
    const header = await session.textOf("[data-testid=relationship-header]");
    for (const part of ["Robotics", "Series A", "hardware", "Jane Park, CEO", "Kim Lee"]) {
      assert.ok(header.includes(part), `the header shows ${part}: ${header}`);
    }
    assert.ok(
      await session.execute("return document.querySelector('[data-testid=next-meeting]').classList.contains('overdue')"),
      "the overdue next meeting is highlighted",
    );

    await waitFor("three meetings on the timeline", async () =>
      (await session.execute("return document.querySelectorAll('[data-testid=timeline-entry]').length")) === 3,
    );
    const entries = await session.execute(
      "return [...document.querySelectorAll('[data-testid=timeline-entry]')].map((e) => e.innerText)",
    );
    assert.match(entries[0], /Acme partner call/, "newest first");
    assert.ok(entries[0].includes(SUMMARY), "the summary's first line");
    assert.ok(!entries[0].includes("More detail below"), "only its first line");
    assert.ok(entries[0].includes(ACTION), "its open action item");
    assert.match(entries[1], /Acme metrics[\s\S]*60,000/, "the figure heard in the second meeting");
    assert.match(entries[2], /Acme intro[\s\S]*50,000/, "the figure heard in the first meeting");
    assert.ok((await session.textOf("[data-testid=relationship-open-items]")).includes(ACTION));
    // MRR over the three meetings, drawn over the Series A SaaS peers' band.
    const mrr = "[data-testid=relationship-facts] [data-testid=fact-metric][data-metric=mrr]";
    await waitFor("the MRR chart with a point per meeting", async () =>
      (await session.execute("return document.querySelectorAll(arguments[0]).length", [`${mrr} [data-testid=fact-trend] circle`])) === 3,
    );
    assert.ok(await session.find(`${mrr} [data-testid=fact-trend-band]`), "the peers' band behind it");
    await screenshots(session, "relationship");
    // A figure being corrected, in both languages at both sizes.
    await session.click(await session.waitFind("[data-testid=relationship-facts] [data-testid=fact-correct]"));
    await session.waitFind("[data-testid=fact-correction]");
    await screenshots(session, "fact-correction", () =>
      session.execute("document.querySelector('[data-testid=fact-correction]').scrollIntoView({ block: 'center' });"),
    );
    await session.click(await session.find("[data-testid=fact-correction] button[type=button]"));

    // Rejecting the item closes it: it leaves the open items and the timeline.
    await session.click(await session.find("[data-testid=relationship-open-items] [data-testid=reject]"));
    await waitFor("the rejected item gone from the open items", async () =>
      !(await session.textOf("[data-testid=relationship-open-items]")).includes(ACTION),
    );
    assert.ok(!(await session.textOf("[data-testid=timeline]")).includes(ACTION));
  });

  it("adds a deck: listed, found by search, its figure an unverified fact citing page 2 until verified", async () => {
    const { session } = app;
    const folder = join(dataDir, "..");
    const deckName = `deck-${Date.now()}.pdf`;
    const deck = join(folder, deckName);
    writeFileSync(deck, pdf([["Acme Robotics Series A", "Warehouse picking robots"], ["Traction", "MRR $85K", "Zephyrine pilots in 12 warehouses"]]));
    const notes = join(folder, `notes-${Date.now()}.txt`);
    writeFileSync(notes, "Call notes: ask about the pilot contracts.\n");
    const broken = join(folder, "broken.pdf");
    writeFileSync(broken, "%PDF-1.4\nthis is not really a PDF\n");

    // The native file dialog and a drag from the desktop cannot be driven over
    // WebDriver. Both hand their paths to the section's one `addFiles`, which calls the
    // generated `add_relationship_file` command once per path; the test calls that same
    // command through the window's IPC, then reopens the page, which reads it afresh.
    // (An answer under the key "error" would read as the driver's own error.)
    const invoke = async (command, args) => {
      await session.execute(
        `window.__e2eFiles = null;
         window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1]).then(
           (ok) => { window.__e2eFiles = { ok }; }, (failed) => { window.__e2eFiles = { failed }; });`,
        [command, args],
      );
      return waitFor(`${command} to answer`, () => session.execute("return window.__e2eFiles"));
    };
    const added = await invoke("add_relationship_file", { relationshipId: acmeId, path: deck });
    assert.ok(added.ok, JSON.stringify(added));
    assert.equal(added.ok.parts, 2);
    assert.deepEqual(added.ok.facts.map((f) => [f.key, f.value.value, f.source, f.confidence]), [["mrr", 85000, `${deckName} p.2`, "unverified"]]);
    assert.ok((await invoke("add_relationship_file", { relationshipId: acmeId, path: notes })).ok);
    // A broken file is refused with its name and nothing of it is stored.
    const refused = await invoke("add_relationship_file", { relationshipId: acmeId, path: broken });
    assert.equal(refused.failed?.kind, "file_damaged", JSON.stringify(refused));
    assert.equal(refused.failed.subject, "broken.pdf");
    const listed = cli(dataDir, ["relationships", "files", "list", String(acmeId), "--json"]);
    assert.deepEqual(listed.map((f) => f.name).sort(), [deckName, notes.split("/").pop()].sort());

    // Reopened, the page lists both files with what was read out of them.
    await session.click(await session.find("[data-testid=nav-home]"));
    await session.execute(
      "[...document.querySelectorAll('[data-testid=due-relationship] button')].find((b) => b.innerText.includes(arguments[0])).click()",
      [NAME],
    );
    await waitFor("the deck listed", async () =>
      (await session.textOf("[data-testid=relationship-files]")).includes(deckName),
    );
    const deckRow = await session.execute(
      `const row = [...document.querySelectorAll('[data-testid=file]')].find((r) => r.innerText.includes(arguments[0]));
       return { parts: row.querySelector('[data-testid=file-parts]').innerText, figures: row.querySelector('[data-testid=file-figures]').innerText };`,
      [deckName],
    );
    // Korean, the default: "2 pages", "1 figure".
    assert.deepEqual(deckRow, { parts: "2\ucabd", figures: "\uc218\uce58 1\uac1c" });

    // Removing the notes asks first, then they are gone.
    const notesRow = `[data-testid=file][data-file-id="${listed.find((f) => f.name !== deckName).id}"]`;
    await session.click(await session.find(`${notesRow} [data-testid=file-remove]`));
    await session.waitFind(`${notesRow} [data-testid=file-remove-confirm]`);
    await screenshots(session, "relationship-files", () =>
      session.execute("document.querySelector('[data-testid=relationship-files]').scrollIntoView({ block: 'start' });"),
    );
    await session.click(await session.waitFind(`${notesRow} [data-testid=file-remove-yes]:not([disabled])`));
    await waitFor("the notes removed", async () => (await session.find(notesRow)) === null);
    assert.equal(cli(dataDir, ["relationships", "files", "list", String(acmeId), "--json"]).length, 1);

    // The deck's figure is an unverified fact citing page 2; verified here, verified everywhere.
    const fact = `[data-testid=fact][data-fact-id="${added.ok.facts[0].id}"]`;
    await waitFor("the deck's figure among the facts", async () =>
      (await session.textOf(fact)).includes(`${deckName} p.2`),
    );
    assert.match(await session.textOf(`${fact} [data-testid=fact-value]`), /85,000/);
    const confidence = `${fact} [data-testid=fact-confidence]`;
    assert.equal(await session.execute("return document.querySelector(arguments[0]).value", [confidence]), "unverified");
    await pick(session, confidence, "verified");
    await waitFor("the figure verified in the table", () =>
      session.execute(
        "const s = document.querySelector(arguments[0]); return s.value === 'verified' && s.classList.contains('confidence-verified') && !s.disabled",
        [confidence],
      ),
    );
    const shown = cli(dataDir, ["relationships", "show", String(acmeId), "--json"]);
    assert.equal(shown.data.find((d) => d.source === `${deckName} p.2`)?.confidence, "verified");

    // The deck's text is found by the app's search, with its page.
    await session.click(await session.find("[data-testid=nav-search]"));
    await session.type(await session.waitFind("[data-testid=search-input]"), "Zephyrine");
    await session.click(await session.find("form[role=search] button[type=submit]"));
    await waitFor("the deck found on page 2", async () =>
      (await session.textOf("[data-testid=search-results]")).includes(`${deckName} p.2`),
    );

    // Back to the relationship for the next test.
    await session.click(await session.find("[data-testid=nav-home]"));
    await session.execute(
      "[...document.querySelectorAll('[data-testid=due-relationship] button')].find((b) => b.innerText.includes(arguments[0])).click()",
      [NAME],
    );
    await session.waitFind("[data-testid=edit-relationship]");
  });

  it("edits behind the Edit button and starts a meeting with the relationship chosen", async () => {
    const { session } = app;
    await session.click(await session.find("[data-testid=edit-relationship]"));
    await session.waitFind("[data-testid=relationship-form] input[name=name]");
    assert.equal(
      await session.execute("return document.querySelector('[data-testid=relationship-form] input[name=name]').value"),
      NAME,
    );
    await session.click(await session.find("[data-testid=relationship-form] .form-actions .button.ghost"));
    await session.click(await session.waitFind("[data-testid=start-meeting-with]"));
    await session.waitFind("[data-testid=record-form]");
    await waitFor("the relationship preselected", async () =>
      (await session.execute(
        "const s = document.querySelector('[data-testid=record-form] select[name=record-relationship]'); return s && s.selectedOptions[0]?.innerText",
      )) === NAME,
    );
  });
});
