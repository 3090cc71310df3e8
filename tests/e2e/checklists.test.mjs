// End to end: the user's checklists and glossary in the real app window. An item added
// to a meeting type's checklist and one added to a relationship's own checklist are
// covered in a meeting that mentions their keywords, both in an imported transcript and
// live, as a sentence is spoken on the call (real PulseAudio devices, real tiny.en
// weights); a glossary term's definition edited in the app is what the database holds.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { cli, launchApp, removeDir, tempDataDir } from "./harness.mjs";
import { pick, screenshots } from "./screens.mjs";
import { waitFor } from "./webdriver.mjs";

/** Fills an item form under `scope` and saves it. */
async function addItem(session, scope, text, keywords) {
  const form = `${scope} [data-testid=checklist-editor] > [data-testid=checklist-item-form]`;
  await session.type(await session.waitFind(`${form} input[name=item-text]`), text);
  await session.type(await session.find(`${form} input[name=item-keywords]`), keywords);
  await session.click(await session.find(`${form} [data-testid=item-save]`));
  await waitFor(`“${text}” in the list`, async () => (await itemTexts(session, scope)).includes(text));
}

function itemTexts(session, scope) {
  return session.execute(
    `return [...document.querySelectorAll(arguments[0] + " [data-testid=checklist-item-text]")].map((e) => e.innerText);`,
    [scope],
  );
}

/** Clicks the first element under `css` whose text includes `text`. */
async function clickText(session, css, text) {
  await waitFor(`“${text}” in ${css}`, () =>
    session.execute(
      `const e = [...document.querySelectorAll(arguments[0])].find((e) => e.innerText.includes(arguments[1]));
       if (e) e.click();
       return e !== undefined;`,
      [css, text],
    ),
  );
}

/** One value of the app's database, read with SQLite itself. */
function dbValue(dataDir, sql, param) {
  const script = "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2], (sys.argv[3],)).fetchone()[0])";
  return execFileSync("python3", ["-c", script, join(dataDir, "onno.db"), sql, param], { encoding: "utf8" }).trim();
}

const speechModels = process.env.ONNO_SPEECH_MODELS;
if (speechModels === undefined) throw new Error("ONNO_SPEECH_MODELS is not set: run scripts/speech-models.sh");

describe("checklists and glossary from the app", () => {
  const dataDir = tempDataDir();
  let app;
  let gamma;

  before(async () => {
    gamma = cli(dataDir, ["relationships", "add", "Gamma Bio", "--type", "deal", "--json"]);
    // Covering an item live needs the words: real English weights.
    cli(dataDir, ["models", "default", join(speechModels, "models", "ggml-tiny.en.bin"), "--json"]);
    app = await launchApp(dataDir);
  });

  after(async () => {
    await app?.stop();
    removeDir(dataDir);
  });

  it("covers items the user added, for the meeting type and the relationship", async () => {
    const { session } = app;
    const page = "[data-testid=checklists-page]";
    await session.click(await session.waitFind("[data-testid=nav-checklists]"));
    await pick(session, "[data-testid=checklist-type]", "investment_screening");
    const shipped = await session.waitFind(`${page} [data-testid=checklist-item]`);
    assert.ok(shipped, "the shipped checklist is shown");
    await addItem(session, page, "데이터룸 접근", "데이터룸, data room");

    // Moved up one place, then a throwaway item deleted after its confirmation.
    const before = await itemTexts(session, page);
    await session.execute(
      `const rows = document.querySelectorAll(arguments[0] + " [data-testid=checklist-item]");
       rows[rows.length - 1].querySelector("[data-testid=item-up]").click();`,
      [page],
    );
    await waitFor("the item one place up", async () => {
      const now = await itemTexts(session, page);
      return now.at(-2) === "데이터룸 접근" && now.length === before.length;
    });
    await addItem(session, page, "지울 항목", "임시");
    await session.execute(
      `const rows = document.querySelectorAll(arguments[0] + " [data-testid=checklist-item]");
       rows[rows.length - 1].querySelector("[data-testid=item-delete]").click();`,
      [page],
    );
    await session.click(await session.waitFind(`${page} [data-testid=delete-confirm] [data-testid=delete-yes]`));
    await waitFor("the throwaway item gone", async () => !(await itemTexts(session, page)).includes("지울 항목"));
    // From the top: the title, the type picker and the first items.
    await session.execute(`document.querySelector(".content")?.scrollTo(0, 0); window.scrollTo(0, 0);`);
    await screenshots(session, "checklists");

    // The relationship's own checklist, on its page.
    await session.click(await session.find("[data-testid=nav-relationships]"));
    await clickText(session, "[data-testid=relationship-row] td", "Gamma Bio");
    const own = "[data-testid=relationship-checklist]";
    await session.waitFind(own);
    await addItem(session, own, "특허 현황", "특허, patent");
    await session.execute(`document.querySelector(arguments[0]).scrollIntoView();`, [own]);
    await screenshots(session, "relationship-checklist");

    const vtt = join(dataDir, "..", `${Date.now()}-gamma.vtt`);
    writeFileSync(
      vtt,
      "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Dana>The data room opens next week.\n\n" +
        "00:00:05.000 --> 00:00:08.000\n<v Dana>We filed two patents last spring.\n",
    );
    const args = ["import", vtt, "--title", "Gamma screening", "--type", "investment_screening"];
    cli(dataDir, [...args, "--relationship", String(gamma.id), "--json"]);

    await session.click(await session.find("[data-testid=nav-meetings]"));
    await clickText(session, "[data-testid=meeting-row] td", "Gamma screening");
    await waitFor(
      "both items covered on the meeting's page",
      async () => {
        const covered = await session.execute(
          `return [...document.querySelectorAll("[data-testid=checklist] li.covered")].map((e) => e.innerText);`,
        );
        return ["데이터룸 접근", "특허 현황"].every((t) => covered.some((c) => c.includes(t)));
      },
      { timeoutMs: 30_000 },
    );
  });

  it("covers the user's items live, as they are said on the call", async () => {
    const { session } = app;
    const said = join(dataDir, "..", `${Date.now()}-said.wav`);
    // A greeting first, as a call starts: the claims are not the utterance's first words,
    // which a busy machine's live decoding once misheard ("We filed two patents" as
    // "If I ought to pay attention to").
    execFileSync("espeak-ng", [
      "-w",
      said,
      "Good morning, everyone. We filed two patents last spring, and our security audit was finished in March.",
    ]);
    // An item added just now on the relationship's page, and the meeting started from
    // there, so its own checklist applies.
    await session.click(await session.find("[data-testid=nav-relationships]"));
    await clickText(session, "[data-testid=relationship-row] td", "Gamma Bio");
    await addItem(session, "[data-testid=relationship-checklist]", "보안 감사", "보안 감사, security audit");
    await session.click(await session.waitFind("[data-testid=start-meeting-with]"));
    await pick(session, "[data-testid=record-form] select[name=type]", "investment_screening");
    await session.type(await session.find("[data-testid=record-form] input[name=title]"), "Gamma live");
    await waitFor("the Start button enabled by the default model", async () =>
      session.execute("const b = document.querySelector('[data-testid=start-recording]'); return b !== null && !b.disabled;"),
    );
    await session.click(await session.find("[data-testid=start-recording]"));
    await session.waitFind("[data-testid=recording]", { timeoutMs: 60_000 });
    const open = await session.execute(
      `return [...document.querySelectorAll("[data-testid=checklist] li:not(.covered)")].map((e) => e.innerText);`,
    );
    assert.ok(["보안 감사", "특허 현황"].every((i) => open.some((t) => t.includes(i))), `open before they are said: ${open}`);

    execFileSync("paplay", ["--device=meet", said]);
    await waitFor(
      "both of the user's items covered live",
      async () => {
        const covered = await session.execute(
          `return [...document.querySelectorAll("[data-testid=checklist] li.covered")].map((e) => e.innerText);`,
        );
        return ["보안 감사", "특허 현황"].every((t) => covered.some((c) => c.includes(t)));
      },
      { timeoutMs: 90_000 },
    ).catch(async (error) => {
      throw new Error(`${error.message}; the window shows: ${await session.textOf("main")}`);
    });
    await session.click(await session.find("[data-testid=stop-recording]"));
    await session.waitFind("[data-testid=open-recorded]", { timeoutMs: 60_000 });
  });

  it("saves a glossary term's edited definition", async () => {
    const { session } = app;
    await session.click(await session.find("[data-testid=nav-checklists]"));
    const glossary = "[data-testid=glossary]";
    await session.type(await session.waitFind(`${glossary} input[name=glossary-search]`), "runway");
    await clickText(session, `${glossary} [data-testid=term-row] td`, "Runway");
    const form = "[data-testid=glossary-form]";
    const definition = "남은 현금으로 버틸 수 있는 개월 수 (우리 팀 기준).";
    await session.type(await session.waitFind(`${form} textarea[name=definition_ko]`), definition);
    await session.execute(`document.querySelector("[data-testid=glossary]").scrollIntoView();`);
    await screenshots(session, "glossary");
    await session.click(await session.find(`${form} [data-testid=term-save]`));
    await waitFor("the form closed and the table updated", async () =>
      (await session.find(form)) === null && (await session.textOf(glossary)).includes(definition),
    );
    assert.equal(dbValue(dataDir, "SELECT definition_ko FROM glossary_terms WHERE term = ?", "Runway"), definition);
  });
});
