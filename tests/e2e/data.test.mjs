// End to end: deleting one meeting, one relationship and then everything from the app
// window, each after a confirmation that says what goes, and the audit log in Settings
// that records it. What is gone is checked where it lived: the CLI's lists and search,
// the database's rows and full-text indexes (sqlite3), and the data folder's files.
// Exporting through the system's save dialog is not driven here: it is a native GTK
// dialog that WebDriver cannot reach.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { cli, e2eModel, launchApp, removeDir, tempDataDir } from "./harness.mjs";
import { screenshots, setLocale } from "./screens.mjs";
import { waitFor } from "./webdriver.mjs";

const WORD = "zeppelin";
const FTS_TABLES = ["transcript_fts", "notes_fts", "summaries_fts", "relationships_fts", "meetings_fts", "file_parts_fts"];

/** One number from the app's database (read beside the running app; WAL allows it). */
function sql(dataDir, query) {
  return Number(execFileSync("sqlite3", [join(dataDir, "onno.db"), query], { encoding: "utf8" }).trim());
}

/** How many rows of every full-text index match `WORD`. */
function ftsHits(dataDir) {
  return FTS_TABLES.map((table) => sql(dataDir, `SELECT count(*) FROM ${table} WHERE ${table} MATCH '${WORD}'`));
}

/** Scrolls what matches `css` into the window (`block`: where), for a screenshot of it. */
function scrollTo(session, css, block = "start") {
  return session.execute("document.querySelector(arguments[0])?.scrollIntoView({ block: arguments[1] })", [css, block]);
}

/** Waits up to a minute for the text of what matches `css` to pass `test` (counts come
 * from the store when a box opens); a timeout says what the text was. */
async function waitForText(session, what, css, test) {
  let text = "";
  await waitFor(what, async () => test((text = await session.textOf(css))), { timeoutMs: 60_000 }).catch((error) => {
    throw new Error(`${error.message}; it said: ${JSON.stringify(text)}`);
  });
}

/** Clicks the row of a list whose text holds `text`. */
async function openRow(session, rowCss, text) {
  await waitFor(`${text} in the list`, () =>
    session.execute(
      "return [...document.querySelectorAll(arguments[0])].some((r) => r.innerText.includes(arguments[1]))",
      [rowCss, text],
    ),
  );
  await session.execute(
    "[...document.querySelectorAll(arguments[0])].find((r) => r.innerText.includes(arguments[1])).querySelector('td').click()",
    [rowCss, text],
  );
}

/** A relationship with one attached file, through the CLI. */
function relationshipWithFile(dataDir, name) {
  const relationship = cli(dataDir, ["relationships", "add", name, "--type", "deal", "--json"]);
  const deck = join(dataDir, "..", `${Date.now()}-${WORD}-deck.txt`);
  writeFileSync(deck, `${name} ${WORD} deck: MRR $50K`);
  cli(dataDir, ["relationships", "files", "add", String(relationship.id), deck, "--category", "pitch_deck", "--json"]);
  return relationship;
}

describe("deleting from the app", () => {
  const dataDir = tempDataDir();
  let app;
  let partners;
  let recorded;
  let kept;

  before(async () => {
    partners = relationshipWithFile(dataDir, "Zeppelin Partners");
    // A real recording: both sides' WAV files in the meeting's folder.
    const out = cli(dataDir, [
      "record", "--title", `${WORD} review`, "--duration", "2", "--model", e2eModel,
      "--relationship", String(partners.id), "--json",
    ]);
    recorded = { id: out.meeting_id };
    const vtt = join(dataDir, "..", `${Date.now()}-kept.vtt`);
    writeFileSync(vtt, `WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Alice>The ${WORD} budget is ten million.\n`);
    const imported = cli(dataDir, ["import", vtt, "--title", "Kept call", "--relationship", String(partners.id), "--json"]);
    kept = { id: imported.meeting_id };
    app = await launchApp(dataDir);
    await setLocale(app.session, "ko");
  });

  after(async () => {
    await app?.stop();
    removeDir(dataDir);
  });

  it("deletes a meeting from its page: gone from the list, search, the database and the disk", async () => {
    const { session } = app;
    const folder = join(dataDir, "meetings", String(recorded.id));
    assert.ok(existsSync(join(folder, "mic.wav")), "the recording is there before");
    await session.click(await session.waitFind("[data-testid=nav-meetings]"));
    await openRow(session, "[data-testid=meeting-row]", `${WORD} review`);
    await session.click(await session.waitFind("[data-testid=delete-meeting]"));
    await waitFor("what goes", async () => /녹음 2개/.test(await session.textOf("[data-testid=delete-meeting-goes]")));
    await screenshots(session, "meeting-delete");
    await session.click(await session.find("[data-testid=delete-meeting-yes]"));

    await session.waitFind("[data-testid=meetings-table]");
    await waitFor("the meeting gone from the list", async () => {
      const list = await session.textOf("[data-testid=meetings-table]");
      return list.includes("Kept call") && !list.includes(`${WORD} review`);
    });
    const listed = cli(dataDir, ["meetings", "list", "--json"]).items.map((m) => m.id);
    assert.deepEqual(listed, [kept.id]);
    const hits = cli(dataDir, ["search", WORD, "--json"]).hits;
    assert.ok(hits.every((h) => h.meeting_id !== recorded.id), JSON.stringify(hits));
    assert.equal(sql(dataDir, `SELECT count(*) FROM meetings WHERE id = ${recorded.id}`), 0);
    assert.equal(sql(dataDir, `SELECT count(*) FROM transcript_segments WHERE meeting_id = ${recorded.id}`), 0);
    assert.equal(sql(dataDir, `SELECT count(*) FROM meetings_fts WHERE rowid = ${recorded.id}`), 0);
    assert.ok(!existsSync(folder), "the recordings folder is gone");

    await session.click(await session.find("[data-testid=nav-settings]"));
    await waitFor("the deletion in the audit log", async () =>
      (await session.textOf("[data-testid=audits-table]")).includes(`미팅 #${recorded.id}`),
    );
    await screenshots(session, "settings-audit", () => scrollTo(session, "[data-testid=audit-log]"));
  });

  it("deletes a relationship from its page: its file and figures go, its meetings stay", async () => {
    const { session } = app;
    await session.click(await session.find("[data-testid=nav-relationships]"));
    await openRow(session, "[data-testid=relationship-row]", "Zeppelin Partners");
    // The sections above the delete button load on their own and push it down as they
    // arrive; a click while they still move can land on whatever has just taken its place.
    await waitFor(
      "the page's meetings, figures and files",
      async () =>
        (await session.textOf("[data-testid=timeline]")).includes("Kept call") &&
        (await session.find("[data-testid=fact-metric]")) !== null &&
        (await session.find("[data-testid=file]")) !== null,
    );
    await session.click(await session.waitFind("[data-testid=delete-relationship]"));
    await waitForText(session, "what goes and stays", "[data-testid=delete-relationship-confirm]", (said) =>
      said.includes("첨부 파일 1개") && said.includes("미팅 1개"),
    );
    await screenshots(session, "relationship-delete", () => scrollTo(session, "[data-testid=delete-relationship-confirm]"));
    await session.click(await session.find("[data-testid=delete-relationship-yes]"));
    await waitFor("the relationship gone from the list", async () =>
      !(await session.textOf(".page")).includes("Zeppelin Partners"),
    );
    assert.equal(cli(dataDir, ["relationships", "list", "--json"]).total, 0);
    assert.ok(!existsSync(join(dataDir, "files", String(partners.id))), "its files are gone");
    const meeting = cli(dataDir, ["meetings", "show", String(kept.id), "--json"]);
    assert.equal(meeting.meeting.relationship_id, null);
  });

  it("writes storing and forgetting the language model key to the audit log, never the key", async () => {
    const { session } = app;
    const key = "sk-audit-e2e-4711";
    await session.click(await session.find("[data-testid=nav-settings]"));
    const form = "[data-testid=llm-settings-form]";
    await session.type(await session.waitFind(`${form} input[name=base_url]`), "http://127.0.0.1:9/v1");
    await session.type(await session.find(`${form} input[name=model]`), "test-model");
    await session.type(await session.find(`${form} input[name=key]`), key);
    await session.click(await session.find(`${form} button[type=submit]`));
    await session.click(await session.waitFind("[data-testid=forget-key]", { timeoutMs: 30_000 }));
    await waitFor("both key changes in Settings' log", async () => {
      const log = await session.textOf("[data-testid=audits-table]");
      return (log.match(/언어 모델 키/g) ?? []).length === 2 && log.includes("키체인에서 삭제");
    });
    const entries = cli(dataDir, ["audit", "--json"]).items.filter((e) => e.action === "key_change");
    assert.deepEqual(entries.map((e) => [e.resource, e.details.change]), [
      ["llm_api_key", "removed"],
      ["llm_api_key", "stored"],
    ]);
    assert.ok(!JSON.stringify(cli(dataDir, ["audit", "--json"])).includes(key), "the key itself is never logged");
  });

  it("deletes everything from Settings: no row, no index entry, no file; the log records it", async () => {
    const { session } = app;
    relationshipWithFile(dataDir, "Second Partners");
    assert.ok(ftsHits(dataDir).some((n) => n > 0), "the word is indexed before");
    await session.click(await session.find("[data-testid=nav-settings]"));
    await session.click(await session.waitFind("[data-testid=delete-everything]"));
    await waitForText(session, "the counts", "[data-testid=delete-everything-goes]", (goes) =>
      goes.includes("미팅 1개") && goes.includes("관계 1개"),
    );
    const confirm = "[data-testid=delete-everything-confirm]";
    await screenshots(session, "settings-delete-everything", () => scrollTo(session, confirm, "center"));
    const yes = "[data-testid=delete-everything-yes]";
    const disabled = () => session.execute("return document.querySelector(arguments[0]).disabled", [yes]);
    assert.equal(await disabled(), true, "not before the word is typed");
    await session.type(await session.find("[data-testid=delete-everything-word]"), "삭제");
    await waitFor("the delete allowed", async () => (await disabled()) === false);
    await session.click(await session.find(yes));
    await session.waitFind("[data-testid=deleted-everything]", { timeoutMs: 30_000 });

    assert.equal(cli(dataDir, ["meetings", "list", "--json"]).total, 0);
    assert.equal(cli(dataDir, ["relationships", "list", "--json"]).total, 0);
    assert.equal(cli(dataDir, ["search", WORD, "--json"]).total, 0);
    for (const table of ["meetings", "transcript_segments", "relationships", "relationship_files", "relationship_data", "notes"]) {
      assert.equal(sql(dataDir, `SELECT count(*) FROM ${table}`), 0, table);
    }
    assert.deepEqual(ftsHits(dataDir), FTS_TABLES.map(() => 0));
    for (const folder of ["meetings", "files", "imports"]) {
      assert.ok(!existsSync(join(dataDir, folder)), `${folder}/ is gone`);
    }
    const log = cli(dataDir, ["audit", "--json"]).items.map((e) => `${e.action} ${e.resource}`);
    assert.ok(log.includes("delete everything") && log.includes("delete everything/files"), log.join("\n"));
    await waitFor("the deletion in Settings' log", async () =>
      (await session.textOf("[data-testid=audits-table]")).includes("전체"),
    );
    await session.click(await session.find("[data-testid=nav-meetings]"));
    await waitFor("the empty meetings list", async () => (await session.find(".empty")) !== null);
  });
});
