// End to end: the real app binary (UI built into it), a real database created by the
// real CLI, driven through WebDriver under Xvfb. Run by scripts/e2e.sh.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  appPid,
  cli,
  e2eModel,
  launchApp,
  removeDir,
  root,
  saveScreenshot,
  startLlmServer,
  tempDataDir,
  useTestModel,
} from "./harness.mjs";
import { screenshots } from "./screens.mjs";
import { waitFor } from "./webdriver.mjs";

/** Starts recording a meeting titled `title` from the Record page, on the test model
 * (`useTestModel` made it the default before the app started). */
async function startRecording(session, title) {
  await session.click(await session.waitFind("[data-testid=nav-record]"));
  await session.type(await session.waitFind("[data-testid=record-form] input[name=title]"), title);
  await waitFor("the Start button enabled by the default model", async () =>
    session.execute("const b = document.querySelector('[data-testid=start-recording]'); return b !== null && !b.disabled;"),
  );
  await session.click(await session.find("[data-testid=start-recording]"));
  await session.waitFind("[data-testid=recording]", { timeoutMs: 60_000 });
}

/** Waits for the live transcript to show a line from the other side of the call. */
function waitForTheirLine(session) {
  return waitFor(
    "a line from the other side",
    async () => (await session.find("[data-testid=live-transcript] li[data-source=them]")) !== null,
    { timeoutMs: 60_000 },
  );
}

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
    // The app opens on Home; the list is one click away.
    await session.click(await session.waitFind("[data-testid=nav-meetings]"));
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
    useTestModel(dataDir);
    app = await launchApp(dataDir);
  });

  after(async () => {
    await app?.stop();
    removeDir(dataDir);
  });

  it("shows what the call says as it is said, and keeps the meeting", async () => {
    const { session } = app;
    await startRecording(session, "Live pitch");
    // The call plays through the virtual output; its words show up as "them".
    execFileSync("paplay", ["--device=meet", speech]);
    await waitForTheirLine(session);
    await saveScreenshot(session, "recording");

    await session.click(await session.find("[data-testid=stop-recording]"));
    // Analysed as soon as it ends; with no language model set up, offline only.
    const report = await session.waitFind("[data-testid=analysis-report]", { timeoutMs: 60_000 });
    assert.match(await session.text(report), /언어 모델이 설정되지 않아 언어 모델 단계를 건너뛰었습니다/);
    await session.click(await session.find("[data-testid=open-recorded]"));
    const heading = await session.waitFind("[data-testid=meeting-title]");
    assert.equal(await session.text(heading), "Live pitch");

    const meetings = cli(dataDir, ["meetings", "list", "--json"]);
    const recorded = meetings.items.find((m) => m.title === "Live pitch");
    assert.equal(recorded?.status, "completed", JSON.stringify(meetings));
    assert.ok(recorded.segment_count >= 1, JSON.stringify(recorded));
    assert.equal(recorded.audio_paths.length, 2);
  });

  it("transcribes the recordings again in place of the live transcript", async () => {
    const { session } = app;
    const before = cli(dataDir, ["meetings", "list", "--json"]).items.find((m) => m.title === "Live pitch");
    const live = cli(dataDir, ["meetings", "show", String(before.id), "--json"]).segments;
    assert.ok(live.length >= 1 && live.every((s) => !s.is_final), JSON.stringify(live));

    await session.click(await session.waitFind("[data-testid=retranscribe] summary"));
    // The default model is chosen already: the one the meeting was recorded with.
    const chosen = await session.execute(
      "return document.querySelector('[data-testid=retranscribe] select[name=model-choice]').value;",
    );
    assert.equal(chosen, e2eModel);
    await session.click(await session.find("[data-testid=retranscribe-start]"));
    const done = await session.waitFind("[data-testid=retranscribe-done]", { timeoutMs: 120_000 });
    await saveScreenshot(session, "retranscribed");

    const after = cli(dataDir, ["meetings", "show", String(before.id), "--json"]).segments;
    const added = after.filter((a) => a.is_final).length;
    const replaced = live.length - after.filter((a) => !a.is_final).length;
    assert.ok(added >= 1, "the same model that heard the call live hears it again");
    // The notice counts what the store now holds.
    assert.match(await session.text(done), new RegExp(`\\b${added}\\b[^\\d]+\\b${replaced}\\b`));
    const shown = await session.execute(
      "return document.querySelectorAll('[data-testid=transcript] li').length",
    );
    assert.equal(shown, after.length, "the page shows the new transcript");
  });

  it("plays the recordings from a clicked line, following it, with space to pause", async () => {
    const { session } = app;
    const audio = await session.waitFind("[data-testid=player-audio]");
    const lines = await session.execute(
      "return [...document.querySelectorAll('[data-testid=transcript] li')].map((l) => Number(l.dataset.startMs));",
    );
    // The last line with two seconds of recording after it, so it plays long enough.
    const durationMs = await waitFor("the recording's length", async () => {
      const seconds = await session.execute("return arguments[0].duration;", [
        { "element-6066-11e4-a52e-4f735466cecf": audio },
      ]);
      return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : null;
    });
    const index = Math.max(0, lines.findLastIndex((start) => start < durationMs - 2_000));
    const startMs = lines[index];
    // Where the player lands once the seek is done, as the element reports it.
    await session.execute(
      "const a = arguments[0]; window.__seekedAt = null; a.addEventListener('seeked', () => { window.__seekedAt = a.currentTime; }, { once: true });",
      [{ "element-6066-11e4-a52e-4f735466cecf": audio }],
    );
    await session.click(await session.find(`[data-testid=transcript] li[data-index="${index}"] [data-testid=play-line]`));
    const landed = await waitFor("the seek to the line", () => session.execute("return window.__seekedAt;"), {
      timeoutMs: 30_000,
    });
    assert.ok(Math.abs(landed * 1000 - startMs) <= 300, `landed at ${landed} s for a line at ${startMs} ms`);
    // It plays: time moves on, and the line is the one highlighted.
    await waitFor("the recording playing", () =>
      session.execute("const a = arguments[0]; return !a.paused && a.currentTime > arguments[1] + 0.3;", [
        { "element-6066-11e4-a52e-4f735466cecf": audio },
        landed,
      ]),
    );
    assert.equal(
      await session.execute("return document.querySelector('[data-testid=transcript] li[aria-current=true]')?.dataset.index;"),
      String(index),
    );
    await saveScreenshot(session, "meeting-playing");
    // Space pauses (the focus is on the page, not in a field): still playing just before.
    await session.execute("document.activeElement?.blur();");
    assert.equal(
      await session.execute("return arguments[0].paused;", [{ "element-6066-11e4-a52e-4f735466cecf": audio }]),
      false,
      "the recording ended before space could pause it",
    );
    await session.press(" ");
    await waitFor("the player paused by space", () =>
      session.execute("return arguments[0].paused;", [{ "element-6066-11e4-a52e-4f735466cecf": audio }]),
    );
    // Speed, kept by the element.
    await session.click(await session.find("select[name=player-speed] option[value='1.5']"));
    assert.equal(
      await session.execute("return arguments[0].playbackRate;", [{ "element-6066-11e4-a52e-4f735466cecf": audio }]),
      1.5,
    );
  });

  it("corrects a line and names the call's side: search and the Markdown export see it, undo walks back", async () => {
    const { session } = app;
    const meeting = cli(dataDir, ["meetings", "list", "--json"]).items.find((m) => m.title === "Live pitch");
    const line = "[data-testid=transcript] li.source-them";
    const original = await session.textOf(`${line} .segment-text`);
    // The line's actions show on hover; a click through the page is what a pointer does.
    await session.execute(`document.querySelector("${line} [data-testid=line-edit]").click();`);
    await session.type(await session.waitFind(`${line} textarea[name=line-text]`), "Our runway is eighteen months, says Zephyrine.");
    await session.click(await session.find(`${line} [data-testid=line-save]`));
    await waitFor("the corrected line on the page", async () =>
      (await session.textOf(`${line} .segment-text`)).includes("Zephyrine"),
    );
    assert.equal(cli(dataDir, ["search", "Zephyrine", "--json"]).total, 1, "search sees the correction at once");

    await session.execute(`document.querySelector("${line} [data-testid=line-speaker]").click();`);
    await session.type(await session.waitFind(`${line} input[name=line-speaker]`), "Dana Lee");
    await session.click(await session.find(`${line} input[name=whole-side]`));
    await session.click(await session.find(`${line} [data-testid=speaker-save]`));
    await waitFor("the call's side named", async () => (await session.textOf(`${line} .speaker`)) === "Dana Lee");
    await saveScreenshot(session, "meeting-corrected");

    const markdown = join(dataDir, "..", `${Date.now()}-corrected.md`);
    cli(dataDir, ["export", String(meeting.id), "--format", "md", "--out", markdown, "--json"]);
    const written = readFileSync(markdown, "utf8");
    removeDir(markdown);
    assert.ok(written.includes("Zephyrine") && written.includes("Dana Lee"), written);

    // Undo: the side's name first, then the text.
    await session.click(await session.waitFind("[data-testid=undo-correction]"));
    await waitFor("the side's name undone", async () => (await session.textOf(`${line} .speaker`)) !== "Dana Lee");
    await session.click(await session.waitFind("[data-testid=undo-correction]"));
    await waitFor("the text undone", async () => (await session.textOf(`${line} .segment-text`)) === original);
    assert.equal(cli(dataDir, ["search", "Zephyrine", "--json"]).total, 0);
  });
});

// The two ways a running app is asked to quit: the window manager's close button
// (WM_DELETE_WINDOW) and SIGTERM, as at logout or shutdown.
const quitting = [
  {
    how: "closing the window",
    quit: (pid) => execFileSync(join(root, "tests/e2e/close-window.py"), [String(pid)]),
  },
  { how: "SIGTERM", quit: (pid) => process.kill(pid, "SIGTERM") },
];

for (const { how, quit } of quitting) {
  describe(`quitting the app by ${how} while recording`, () => {
    const dataDir = tempDataDir();
    const speech = join(dataDir, "them.wav");
    let app;

    before(async () => {
      execFileSync("espeak-ng", ["-w", speech, "We closed the seed round in March."]);
      useTestModel(dataDir);
      app = await launchApp(dataDir);
    });

    after(async () => {
      await app?.stop();
      removeDir(dataDir);
    });

    it("finishes the meeting: what was said, the recordings and the end time are kept", async () => {
      const { session } = app;
      const title = `Quit by ${how}`;
      await startRecording(session, title);
      execFileSync("paplay", ["--device=meet", speech]);
      await waitForTheirLine(session);

      quit(appPid(dataDir));
      // Without the app finishing it, the meeting would stay "recording" until the next
      // start found it interrupted.
      const closed = await waitFor(
        "the meeting finished by the app on its way out",
        async () => {
          const { items } = cli(dataDir, ["meetings", "list", "--json"]);
          const meeting = items.find((m) => m.title === title);
          return meeting?.status === "completed" ? meeting : null;
        },
        { timeoutMs: 60_000 },
      );
      assert.ok(closed.segment_count >= 1, JSON.stringify(closed));
      assert.ok(closed.ended_at, JSON.stringify(closed));
      assert.equal(closed.audio_paths.length, 2);
      for (const path of closed.audio_paths) {
        // A finished WAV's header counts every byte after it.
        const wav = readFileSync(join(dataDir, path));
        assert.equal(wav.readUInt32LE(4), wav.length - 8, `${path}: RIFF size`);
      }
    });
  });
}

describe("a meeting with the language model", () => {
  const dataDir = tempDataDir();
  const speech = join(dataDir, "them.wav");
  let app;
  let llm;

  before(async () => {
    execFileSync("espeak-ng", [
      "-w",
      speech,
      "Our revenue grew ten percent last quarter, mostly from enterprise customers. We will send you the customer list next Friday.",
    ]);
    llm = await startLlmServer({
      question_suggestions: {
        questions: [{ question: "What is your monthly churn?", priority: "critical", reason: "Growth was given without retention." }],
      },
      action_items: {
        items: [{ text: "Send the customer list", assignee: "Them", due: "next Friday", confidence: 0.8 }],
      },
      meeting_summary: {
        summary: "The call covered growth and the next steps.",
        key_points: ["Revenue grew ten percent"],
        decisions: ["They share the customer list"],
      },
    }, { delayMs: { meeting_summary: 2_000 } });
    useTestModel(dataDir);
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

  it("is set up on the Settings page and kept in the database", async () => {
    const { session } = app;
    await session.click(await session.waitFind("[data-testid=nav-settings]"));
    await session.type(await session.waitFind("[data-testid=llm-settings-form] input[name=base_url]"), llm.baseUrl);
    await session.type(await session.find("[data-testid=llm-settings-form] input[name=model]"), "e2e-model");
    await session.click(await session.find("[data-testid=llm-settings-form] button[type=submit]"));
    await session.waitFind("[data-testid=llm-settings-form] [role=status]");
    await saveScreenshot(session, "settings");

    const shown = cli(dataDir, ["config", "llm", "--json"]);
    assert.equal(shown.settings?.base_url, llm.baseUrl, JSON.stringify(shown));
    assert.equal(shown.settings.model, "e2e-model");
    assert.equal(shown.settings.enabled, true);
  });

  it("keeps recordings as long as the Settings page says", async () => {
    const { session } = app;
    const form = "[data-testid=retention-form]";
    await session.click(await session.waitFind(`${form} select[name=retention] option[value=days30]`));
    await session.click(await session.find(`${form} button[type=submit]`));
    await session.waitFind(`${form} [role=status]`);
    assert.equal(cli(dataDir, ["config", "audio-retention", "--json"]).audio_retention, "30");
  });

  it("sets the languages spoken in meetings on the Settings page", async () => {
    const { session } = app;
    const form = "[data-testid=spoken-languages-form]";
    const field = `${form} input[name=spoken-languages]`;
    const input = await session.waitFind(field);
    assert.equal(await session.execute("return document.querySelector(arguments[0]).value", [field]), "ko en",
      "Korean and English by default");
    await session.execute("document.querySelector(arguments[0]).scrollIntoView({ block: 'center' })", [field]);
    await session.type(input, "Japanese, ko");
    await session.click(await session.find(`${form} button[type=submit]`));
    await waitFor("the languages saved, by name", async () =>
      /\uc77c\ubcf8\uc5b4, \ud55c\uad6d\uc5b4/.test((await session.textOf(`${form} [role=status]`)) ?? ""),
    );
    assert.deepEqual(cli(dataDir, ["config", "languages", "--json"]).spoken_languages, ["ja", "ko"]);
    await screenshots(session, "settings-languages");
    // An unknown language is refused in words, and what was stored stays.
    await session.type(await session.find(`${form} input[name=spoken-languages]`), "ko klingon");
    await session.click(await session.find(`${form} button[type=submit]`));
    await waitFor("the unknown language refused in Korean", async () =>
      /\ubaa8\ub974\ub294 \uc5b8\uc5b4/.test((await session.textOf(`${form} [role=alert]`)) ?? ""),
    );
    assert.deepEqual(cli(dataDir, ["config", "languages", "--json"]).spoken_languages, ["ja", "ko"]);
    // Back to the default for the call below.
    await session.type(await session.find(`${form} input[name=spoken-languages]`), "ko en");
    await session.click(await session.find(`${form} button[type=submit]`));
    await waitFor("the default stored again", async () =>
      cli(dataDir, ["config", "languages", "--json"]).spoken_languages.join() === "ko,en",
    );
  });

  it("suggests a question during the call, which the user marks asked", async () => {
    const { session } = app;
    await startRecording(session, "Assisted call");
    execFileSync("paplay", ["--device=meet", speech]);
    const question = await session
      .waitFind("[data-testid=question][data-priority=critical]", { timeoutMs: 60_000 })
      .catch(async (error) => {
        // Suggestions wait for five seconds of new speech, read from the lines' spans.
        const [meeting] = cli(dataDir, ["meetings", "list", "--json"]).items ?? [];
        const lines = meeting ? cli(dataDir, ["meetings", "show", String(meeting.id), "--json"]).segments : [];
        const spans = (lines ?? []).map((s) => `${s.source} ${s.start_ms}-${s.end_ms}`).join(", ");
        const shown = await session.textOf("main");
        throw new Error(`${error.message}; ${llm.requests.length} model requests; lines ${spans}; the window shows: ${shown}`);
      });
    assert.match(await session.text(question), /What is your monthly churn\?/);
    await saveScreenshot(session, "suggestions");
    await session.click(await session.find("[data-testid=question] [data-testid=mark-used]"));
    await waitFor("the question marked asked", async () =>
      (await session.find("[data-testid=question].done")) !== null,
    );

    // The model saw the call's words as quoted data: the committed line is in the request.
    const line = await session.textOf("[data-testid=live-transcript] li[data-source=them] .segment-text");
    const asked = llm.requests.find((r) => r.body.includes("question_suggestions"));
    assert.ok(asked, "a suggestion request was made");
    const sent = JSON.parse(asked.body).messages.map((m) => m.content).join("\n");
    assert.match(sent, /<<<TRANSCRIPT\n\[\d\d:\d\d\] Them: [\s\S]*TRANSCRIPT>>>/);
    const word = (line.match(/[\p{L}\p{N}]{2,}/gu) ?? []).sort((a, b) => b.length - a.length)[0];
    assert.ok(word !== undefined, `a word in the line "${line}"`);
    assert.ok(sent.includes(word), `"${word}" of the line was sent`);

    await session.click(await session.find("[data-testid=stop-recording]"));
    // The meeting is analysed as soon as it ends, without the user asking. Opened at
    // once, its page shows that analysis under way, then what it stored.
    await session.click(await session.waitFind("[data-testid=open-recorded]", { timeoutMs: 60_000 }));
    await session.waitFind("[data-testid=insights] [data-testid=analysis-running]");
    const summary = await session.waitFind("[data-testid=summary]", { timeoutMs: 60_000 });
    assert.match(await session.text(summary), /Revenue grew ten percent/);
  });

  it("analyses the meeting afterwards: action items to approve and a summary", async () => {
    const { session } = app;
    const asked = await session.waitFind("[data-testid=question].done");
    assert.match(await session.text(asked), /What is your monthly churn\?/, "the mark was kept");
    const summaries = llm.requests.filter((r) => r.body.includes("meeting_summary")).length;
    assert.ok(summaries >= 1, "the summary was asked for when the recording ended");

    // Asked again, it runs again.
    await session.click(await session.find("[data-testid=analyze]"));
    await waitFor(
      "a second summary request",
      async () => llm.requests.filter((r) => r.body.includes("meeting_summary")).length > summaries,
    );
    await session.waitFind("[data-testid=analysis-report]", { timeoutMs: 60_000 });
    const summary = await session.waitFind("[data-testid=summary]");
    assert.match(await session.text(summary), /Revenue grew ten percent/);
    const items = await session.execute("return document.querySelectorAll('[data-testid=action-item]').length");
    assert.equal(items, 1, "a second analysis adds no second copy of the action item");
    const item = await session.waitFind("[data-testid=action-item]");
    assert.match(await session.text(item), /Send the customer list/);
    await session.click(await session.find("[data-testid=action-item] [data-testid=approve]"));
    await waitFor("the action item approved", async () =>
      (await session.find("[data-testid=action-item].status-approved")) !== null,
    );
    await session.waitFind("[data-testid=llm-usage]");
    await saveScreenshot(session, "insights");
  });

  it("keeps the user's edits to an action item and the summary through another analysis", async () => {
    const { session } = app;
    const item = "[data-testid=action-item]";
    await session.click(await session.find(`${item} [data-testid=edit]`));
    await session.type(await session.waitFind("[data-testid=action-editor] input[name=action-text]"), "Send the enterprise customer list");
    await session.type(await session.find("[data-testid=action-editor] input[name=action-owner]"), "Mina");
    await session.click(await session.find("[data-testid=action-save]"));
    await waitFor("the edited action item", async () => /enterprise customer list/.test(await session.textOf(item)));
    assert.match(await session.textOf(item), /Mina/);
    assert.match(await session.textOf(item), /Send the customer list/, "the model's words stay visible beside the edit");
    await session.click(await session.find(`${item} [data-testid=complete]`));
    await session.waitFind(`${item}.status-completed`);

    await session.click(await session.find("[data-testid=summary-edit]"));
    await session.type(
      await session.waitFind("[data-testid=summary-editor] textarea[name=summary-content]"),
      "Mina sends the enterprise list; we decide on the pilot next week.",
    );
    await session.click(await session.find("[data-testid=summary-save]"));
    await session.waitFind("[data-testid=summary-edited]");

    // Analysed again, the model answers as before: neither edit is undone.
    const summaries = llm.requests.filter((r) => r.body.includes("meeting_summary")).length;
    const extractions = llm.requests.filter((r) => r.body.includes("action_items")).length;
    await session.click(await session.find("[data-testid=analyze]"));
    await waitFor(
      "another action item request",
      async () => llm.requests.filter((r) => r.body.includes("action_items")).length > extractions,
    );
    await session.waitFind("[data-testid=analysis-report]", { timeoutMs: 60_000 });
    // It says what changed: nothing new, the user's summary kept.
    const report = await session.textOf("[data-testid=analysis-report]");
    assert.match(report, /\uC0C8 \uC561\uC158 \uC544\uC774\uD15C 0\uAC1C/, report);
    assert.match(report, /\uC9C1\uC811 \uC218\uC815\uD55C \uC694\uC57D\uC740 \uADF8\uB300\uB85C \uB450\uC5C8\uC2B5\uB2C8\uB2E4/, report);
    assert.match(await session.textOf("[data-testid=summary]"), /we decide on the pilot next week/);
    assert.equal(
      llm.requests.filter((r) => r.body.includes("meeting_summary")).length,
      summaries,
      "no call is spent on a summary the user wrote",
    );
    const items = await session.execute("return document.querySelectorAll('[data-testid=action-item]').length");
    assert.equal(items, 1, "the reworded item is not added again");
    await session.waitFind(`${item}.status-completed`);
    await screenshots(session, "insights-edited", () =>
      session.execute("document.querySelector('[data-testid=summary]').scrollIntoView({ block: 'start' });"),
    );
    // The action item's editor, in both languages at both sizes.
    await session.click(await session.find(`${item} [data-testid=edit]`));
    await session.waitFind("[data-testid=action-editor]");
    await screenshots(session, "action-editor", () =>
      session.execute("document.querySelector('[data-testid=action-editor]').scrollIntoView({ block: 'center' });"),
    );
    await session.click(await session.find("[data-testid=action-editor] button[type=button]"));

    // Removed, it stays removed when the meeting is analysed again.
    await session.click(await session.find(`${item} [data-testid=remove]`));
    await session.click(await session.waitFind("[data-testid=remove-yes]"));
    await waitFor("the action item removed", async () => (await session.find(item)) === null);
    const before = llm.requests.filter((r) => r.body.includes("action_items")).length;
    await session.click(await session.find("[data-testid=analyze]"));
    await waitFor(
      "a third action item request",
      async () => llm.requests.filter((r) => r.body.includes("action_items")).length > before,
    );
    await session.waitFind("[data-testid=analysis-report]", { timeoutMs: 60_000 });
    assert.equal(await session.find(item), null, "a removed item does not come back");
  });
});
