// End to end: a new user on an empty data folder goes through the first-run setup in
// the real app: language, the consent notice, the device check with moving meters
// (speech played into the private PulseAudio server's virtual devices), a speech model
// (real Whisper tiny.en weights) downloaded from a local HTTP server with progress and
// made the default, the real Silero voice detector fetched beside it without being
// asked for, the language model's connection test. Then the first meeting: started
// with a new relationship and two participants, the call's words live on screen and in
// the overlay opened by its hotkey, and after Stop the relationship's page lists the
// meeting and the figures said in it. Screenshots of each step in Korean and English, at
// 1280×800 and 1024×700.

import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { cli, launchApp, removeDir, root, saveScreenshot, startLlmServer, tempDataDir } from "./harness.mjs";
import { waitFor } from "./webdriver.mjs";

// The first run downloads real weights: the meeting after it must show the words said.
// scripts/speech-models.sh converts them; e2e.sh finds its cache.
const MODEL = "tiny.en";
const FILE = "ggml-tiny.en.bin";
const speechModels = process.env.ONNO_SPEECH_MODELS;
if (speechModels === undefined) throw new Error("ONNO_SPEECH_MODELS is not set: run scripts/speech-models.sh");
const realModel = join(speechModels, "models", FILE);
// The voice detector the app fetches with the first speech model.
const VAD_FILE = "ggml-silero-v6.2.3.bin";
const realVad = join(speechModels, "models", VAD_FILE);
const SIZES = [
  [1280, 800],
  [1024, 700],
];

/**
 * A model server on loopback: `/<FILE>` is the speech model, sent in pieces
 * with a pause between them so that the download takes a few seconds and its progress
 * can be seen; `/<VAD_FILE>` is the voice detector, sent at once. Every request is
 * counted.
 */
async function startModelServer(bytes, vadBytes) {
  const requests = [];
  const server = createServer((req, res) => {
    requests.push(req.url);
    if (req.url === `/${VAD_FILE}`) {
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": vadBytes.length });
      res.end(vadBytes);
      return;
    }
    if (req.url !== `/${FILE}`) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/octet-stream", "content-length": bytes.length });
    const piece = Math.ceil(bytes.length / 40);
    let at = 0;
    const next = () => {
      if (at >= bytes.length || res.destroyed) {
        res.end();
        return;
      }
      res.write(bytes.subarray(at, at + piece));
      at += piece;
      setTimeout(next, 75);
    };
    next();
  });
  await new Promise((resolveListen) => server.listen(0, "127.0.0.1", resolveListen));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    close: () =>
      new Promise((resolveClose) => {
        server.closeAllConnections();
        server.close(resolveClose);
      }),
  };
}

/**
 * A manifest with the served model as its one speech model and the served voice
 * detector, each checked by its SHA-256.
 */
function writeManifest(path, bytes, vadBytes) {
  const entry = (name, file, content, languages, kind) => [
    "[[model]]",
    `name = "${name}"`,
    `file = "${file}"`,
    `url = "https://models.invalid/${file}"`,
    `size = ${content.length}`,
    `sha256 = "${createHash("sha256").update(content).digest("hex")}"`,
    `languages = "${languages}"`,
    `kind = "${kind}"`,
    "",
  ];
  writeFileSync(
    path,
    [...entry(MODEL, FILE, bytes, "en", "whisper"), ...entry("silero-v6.2.3", VAD_FILE, vadBytes, "multilingual", "vad")].join(
      "\n",
    ),
  );
}

async function pick(session, selectCss, value) {
  await session.click(await session.waitFind(`${selectCss} option[value="${value}"]`));
}

/** Screenshots of what the window shows now, in every size; back to the first after.
 * `prepare` runs after each resize (a scroll the new size undid). */
async function screenshots(session, name, prepare = async () => {}) {
  for (const [width, height] of SIZES) {
    await session.setWindowSize(width, height).catch((error) => console.warn(`resize: ${error.message}`));
    // Let the layout settle at the new size.
    await new Promise((wake) => setTimeout(wake, 300));
    await prepare();
    const overflow = await session.execute(
      "const m = document.querySelector('main'); return m.scrollWidth - m.clientWidth;",
    );
    assert.ok(overflow <= 0, `${name} at ${width}×${height} overflows by ${overflow}px`);
    await saveScreenshot(session, `${name}-${width}x${height}`);
  }
  await session.setWindowSize(SIZES[0][0], SIZES[0][1]).catch(() => {});
}

/** Screenshots in Korean and in English, the sidebar's language picker switching. */
async function bothLanguages(session, name, prepare) {
  await screenshots(session, `${name}-ko`, prepare);
  await session.click(await session.find("[data-testid=locale] option[value=en]"));
  await screenshots(session, `${name}-en`, prepare);
  await session.click(await session.find("[data-testid=locale] option[value=ko]"));
}

/**
 * Goes to the next step, `step`. A click that lands while the page re-renders (a
 * language switch just before) can be lost on a busy machine, so it is repeated once
 * the step has not come within a few seconds.
 */
async function nextStep(session, step) {
  const shown = `[data-testid=first-run][data-step=${step}]`;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    await session.click(await session.waitFind("[data-testid=setup-next]"));
    const found = await session.waitFind(shown, { timeoutMs: 5_000 }).catch(() => null);
    if (found !== null) return;
  }
  throw new Error(`the setup did not go on to ${step}`);
}

/** The peaks a source's meter showed over `ms` milliseconds. */
async function peaks(session, source, ms) {
  const seen = [];
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const peak = await session.execute(
      "const e = document.querySelector(arguments[0]); return e ? Number(e.dataset.peak) : null;",
      [`[data-testid=level-${source}]`],
    );
    if (peak !== null) seen.push(peak);
    await new Promise((wake) => setTimeout(wake, 100));
  }
  return seen;
}

describe("the first run on an empty data folder", () => {
  const dataDir = tempDataDir();
  const manifest = join(dataDir, "..", `${dataDir.split("/").pop()}-manifest.toml`);
  const speech = join(dataDir, "speech.wav");
  const pitch = join(dataDir, "pitch.wav");
  const bytes = readFileSync(realModel);
  const vadBytes = readFileSync(realVad);
  let models;
  let llm;
  let app;

  before(async () => {
    execFileSync("espeak-ng", ["-w", speech, "Testing the microphone and the speakers, one two three."]);
    // Two sentences with the pause a speaker leaves between claims: espeak's own
    // sentence gap is so short that where the detector splits them varies from run to run.
    // "The runway", not "Our runway": tiny.en hears espeak's "our runway" as "I will run
    // waiting" when the utterance stands alone, as a live meeting decodes it.
    execFileSync("espeak-ng", [
      "-m",
      "-s",
      "150",
      "-w",
      pitch,
      '<speak>Our monthly recurring revenue is fifty thousand dollars. <break time="1200ms"/> The runway is eighteen months.</speak>',
    ]);
    writeManifest(manifest, bytes, vadBytes);
    models = await startModelServer(bytes, vadBytes);
    llm = await startLlmServer({ connection_test: { reply: "ok" } });
    app = await launchApp(dataDir, { ONNO_MODELS_MANIFEST: manifest, ONNO_MODELS_BASE_URL: models.url });
  });

  after(async () => {
    try {
      await app?.stop();
    } finally {
      await models?.close();
      await llm?.close();
      removeDir(dataDir);
      removeDir(manifest);
    }
  });

  it("opens the setup at the language step, in Korean", async () => {
    const { session } = app;
    const setup = await session.waitFind("[data-testid=first-run][data-step=language]");
    assert.match(await session.text(setup), /Onno 설정/);
    await bothLanguages(session, "setup-language");
  });

  it("shows the consent notice in both languages, to read to the other side", async () => {
    const { session } = app;
    await nextStep(session, "consent");
    assert.match(await session.textOf("[data-testid=consent-ko]"), /녹음/);
    assert.match(await session.textOf("[data-testid=consent-en]"), /recorded/);
    await bothLanguages(session, "setup-consent");
  });

  it("checks both devices with meters that follow what is played", async () => {
    const { session } = app;
    await nextStep(session, "devices");
    await session.waitFind("[data-testid=device-check]");
    // Silence first: both meters at the floor.
    const quiet = await peaks(session, "system", 800);
    assert.ok(quiet.length > 0 && Math.max(...quiet) < -50, `quiet: ${quiet}`);
    // The call's side plays through the virtual output, "me" into the virtual microphone.
    const them = spawn("paplay", ["--device=meet", speech]);
    const me = spawn("paplay", ["--device=micfeed", speech]);
    // paplay takes a moment to start on a busy machine: wait for sound, then watch it.
    for (const source of ["system", "mic"]) {
      await waitFor(`the ${source} meter to move`, async () => Math.max(...(await peaks(session, source, 100))) > -40, {
        timeoutMs: 15_000,
      });
    }
    const system = await peaks(session, "system", 1500);
    await screenshots(session, "setup-devices-ko");
    await Promise.all([them, me].map((p) => new Promise((done) => (p.exitCode !== null ? done() : p.once("exit", done)))));
    assert.ok(new Set(system).size > 2, `the system meter follows the sound: ${system}`);
    await session.click(await session.find("[data-testid=locale] option[value=en]"));
    await screenshots(session, "setup-devices-en");
    await session.click(await session.find("[data-testid=locale] option[value=ko]"));
  });

  it("downloads the speech model with progress and makes it the default", async () => {
    const { session } = app;
    await nextStep(session, "speech_model");
    const card = `[data-testid="model-${MODEL}"]`;
    // This user's meetings are in English: the English-only model is offered.
    await session.click(await session.waitFind("[data-testid=speech-en]"));
    await session.click(await session.waitFind(`${card} [data-testid=download]`));
    const progress = await waitFor("the download's progress", async () => {
      const done = await session.execute(
        "const e = document.querySelector(arguments[0]); return e ? Number(e.dataset.done) : null;",
        [`${card} [data-testid=download-progress]`],
      );
      return done !== null && done > 0 && done < bytes.length ? done : null;
    });
    assert.ok(progress > 0);
    await saveScreenshot(session, "setup-model-downloading-ko");
    await session.waitFind(`${card}[data-installed=true]`, { timeoutMs: 60_000 });
    await waitFor("the model ready as the default", async () =>
      (await session.textOf("[data-testid=model-status]")).includes(MODEL),
    );
    assert.match(await session.textOf(card), /기본 모델/);
    // The voice detector follows the speech model, unasked, into the models folder.
    await waitFor("the voice detector downloaded", async () => existsSync(join(dataDir, "models", VAD_FILE)));
    assert.deepEqual(models.requests, [`/${FILE}`, `/${VAD_FILE}`]);
    assert.equal(cli(dataDir, ["models", "default", "--json"]).default, MODEL);
    await bothLanguages(session, "setup-model");
  });

  it("tests the language model connection and tells a wrong URL apart", async () => {
    const { session } = app;
    await nextStep(session, "language_model");
    const form = "[data-testid=llm-step]";
    await session.type(await session.waitFind(`${form} input[name=base_url]`), "http://127.0.0.1:9/v1");
    await session.type(await session.find(`${form} input[name=model]`), "e2e-model");
    await session.click(await session.find(`${form} input[name=keyless]`));
    await session.click(await session.find("[data-testid=llm-test]"));
    const problem = await session.waitFind("[data-testid=llm-test-problem]", { timeoutMs: 30_000 });
    assert.match(await session.text(problem), /URL/);

    await session.type(await session.find(`${form} input[name=base_url]`), llm.baseUrl);
    await session.click(await session.find("[data-testid=llm-test]"));
    const ok = await session.waitFind("[data-testid=llm-test-ok]", { timeoutMs: 30_000 });
    assert.match(await session.text(ok), /JSON 스키마/);
    await bothLanguages(session, "setup-llm");
  });

  it("finishes on the Record page, ready to start with the downloaded model", async () => {
    const { session } = app;
    await session.click(await session.find("[data-testid=setup-finish]"));
    await session.waitFind("[data-testid=record-form]");
    await session.waitFind("[data-testid=consent-reminder]");
    await waitFor("the Start button enabled", async () =>
      session.execute("const b = document.querySelector('[data-testid=start-recording]'); return b !== null && !b.disabled;"),
    );
    const chosen = await session.execute("return document.querySelector('select[name=model-choice]').value;");
    assert.equal(chosen, MODEL);
    await bothLanguages(session, "record-ready");
  });

  it("shows the Models page with the installed default", async () => {
    const { session } = app;
    await session.click(await session.find("[data-testid=nav-models]"));
    await session.waitFind(`[data-testid=models-page] [data-testid="model-${MODEL}"][data-installed=true]`);
    // The voice detector that came with it is named, and what it is for.
    assert.match(await session.textOf("[data-testid=voice-detector][data-installed=true]"), /Silero.*설치됨/);
    await bothLanguages(session, "models");
  });

  it("starts the first meeting with a new relationship and two participants; the call's words show as said", async () => {
    const { session } = app;
    await session.click(await session.find("[data-testid=nav-record]"));
    const form = "[data-testid=record-form]";
    await session.type(await session.waitFind(`${form} input[name=title]`), "Acme Robotics intro");
    await pick(session, `${form} select[name=type]`, "investment_screening");
    await pick(session, `${form} select[name=language]`, "en");
    await pick(session, `${form} select[name=record-relationship]`, "new");
    await session.type(await session.waitFind(`${form} input[name=record-relationship-name]`), "Acme Robotics");
    await session.type(
      await session.find("[data-testid=record-participants] .participant:nth-of-type(1) input[name=record-participant-name]"),
      "Jiwon",
    );
    for (const [name, email] of [["김민수", "minsu@acme.ai"], ["Dana Lee", ""]]) {
      await session.click(await session.find("[data-testid=record-add-participant]"));
      const rows = await session.execute(
        "return document.querySelectorAll('[data-testid=record-participants] input[name=record-participant-name]').length",
      );
      const row = `[data-testid=record-participants] .participant:nth-of-type(${rows})`;
      await session.type(await session.find(`${row} input[name=record-participant-name]`), name);
      if (email) await session.type(await session.find(`${row} input[name=record-participant-email]`), email);
    }
    // The scripted language model answers only the connection test: this meeting goes without it.
    await session.click(await session.find(`${form} input[name=use-llm]`));
    await session.click(await session.find("[data-testid=start-recording]"));
    await session.waitFind("[data-testid=recording]", { timeoutMs: 90_000 });

    execFileSync("paplay", ["--device=meet", pitch]);
    const line = await waitFor(
      "the call's words in the live transcript",
      async () => {
        const text = await session.execute(
          "return [...document.querySelectorAll('[data-testid=live-transcript] li[data-source=them]')].map((l) => l.innerText).join(' ');",
        );
        // Both sentences: the relationship's page shows a figure from each.
        return /revenue/i.test(text) && /runway/i.test(text) ? text : null;
      },
      { timeoutMs: 90_000 },
    ).catch(async (error) => {
      throw new Error(`${error.message}; the window shows: ${await session.textOf("main")}`);
    });
    assert.match(line, /50,000|fifty thousand/i);
    await bothLanguages(session, "first-meeting-live");
  });

  it("opens the overlay with its hotkey, showing the call's words", async () => {
    const { session } = app;
    const main = await session.windowHandle();
    execFileSync("/usr/bin/python3", [join(root, "tests/e2e/press-keys.py"), "Control_L", "Shift_L", "o"]);
    const overlay = await waitFor("the overlay window", async () =>
      (await session.windowHandles()).find((h) => h !== main),
    );
    await session.switchToWindow(overlay);
    try {
      await waitFor("the call's words in the overlay", async () =>
        /revenue/i.test(await session.textOf("[data-testid=overlay-lines]")),
      );
      await saveScreenshot(session, "first-meeting-overlay");
    } finally {
      await session.switchToWindow(main);
    }
  });

  it("after Stop, lists the meeting and the figures said in it on the relationship's page", async () => {
    const { session } = app;
    await session.click(await session.find("[data-testid=stop-recording]"));
    await session.waitFind("[data-testid=analysis-report]", { timeoutMs: 120_000 });
    await session.click(await session.find("[data-testid=nav-relationships]"));
    await waitFor("Acme Robotics in the list", async () =>
      (await session.textOf("[data-testid=relationships-table]")).includes("Acme Robotics"),
    );
    await session.execute(`
      const row = [...document.querySelectorAll("[data-testid=relationship-row]")]
        .find((r) => r.innerText.includes("Acme Robotics"));
      row.querySelector("td").click();
    `);
    await waitFor("the meeting on the relationship's page", async () =>
      (await session.textOf("[data-testid=relationship-meetings]")).includes("Acme Robotics intro"),
    );
    const mrr = "[data-testid=relationship-facts] [data-testid=fact-metric][data-metric=mrr]";
    await session.waitFind(mrr, { timeoutMs: 30_000 });
    assert.equal(await session.textOf(`${mrr} [data-testid=fact-value]`), "$50,000");
    const runway = "[data-testid=relationship-facts] [data-testid=fact-metric][data-metric=runway]";
    assert.match(await session.textOf(`${runway} [data-testid=fact-value]`), /^18개월$/);
    await session.execute("document.querySelector('[data-testid=relationship-facts]').scrollIntoView();");
    await bothLanguages(session, "relationship-figures");

    // Checked by the user: verified, as the command line sees it too.
    await pick(session, `${mrr} select[data-testid=fact-confidence]`, "verified");
    const relationship = cli(dataDir, ["relationships", "list", "--json"]).items.find((r) => r.name === "Acme Robotics");
    await waitFor("the figure verified in the database", async () => {
      const shown = cli(dataDir, ["relationships", "show", String(relationship.id), "--json"]);
      return shown.data.find((d) => d.key === "mrr")?.confidence === "verified";
    });
    // Corrected: the right value replaces the heard one, verified.
    await session.click(await session.find(`${mrr} [data-testid=fact-correct]`));
    await session.type(await session.waitFind(`${mrr} [data-testid=fact-correction] input[name=fact-value]`), "55000");
    await session.click(await session.find(`${mrr} [data-testid=fact-correct-save]`));
    await waitFor("the corrected figure shown", async () => (await session.textOf(`${mrr} [data-testid=fact-value]`)) === "$55,000");
    await waitFor("the corrected figure in the database", async () => {
      const shown = cli(dataDir, ["relationships", "show", String(relationship.id), "--json"]);
      const figure = shown.data.find((d) => d.key === "mrr");
      return figure?.value?.value === 55000 && figure.confidence === "verified";
    });
    // Removed: gone from the page and from the database's list.
    await session.click(await session.find(`${runway} [data-testid=fact-remove]`));
    await session.click(await session.waitFind(`${runway} [data-testid=fact-remove-confirm]`));
    await waitFor("the runway figure gone", async () => (await session.find(runway)) === null);
    const shown = cli(dataDir, ["relationships", "show", String(relationship.id), "--json"]);
    assert.deepEqual(
      shown.data.map((d) => d.key),
      ["mrr"],
    );

    // A figure's source opens the meeting it was heard in, whose page shows what was heard.
    await session.click(await session.find(`${mrr} [data-testid=fact-source]`));
    await waitFor("the figures heard on the meeting's page", async () =>
      /mrr/.test(await session.textOf("[data-testid=findings]")),
    );
    await bothLanguages(session, "meeting-findings");
  });
});

describe("the Record page without a speech model", () => {
  const dataDir = tempDataDir();
  let app;

  before(async () => {
    app = await launchApp(dataDir, { ONNO_MODELS_BASE_URL: "http://127.0.0.1:9" });
  });

  after(async () => {
    await app?.stop();
    removeDir(dataDir);
  });

  it("cannot start, says why and links to the Models page, which says where to save a file offline", async () => {
    const { session } = app;
    await session.waitFind("[data-testid=first-run]");
    await session.click(await session.find("[data-testid=setup-later]"));
    await session.waitFind("[data-testid=record-form]");
    const start = await session.waitFind("[data-testid=start-recording]");
    assert.equal(await session.execute("return arguments[0].disabled;", [{ "element-6066-11e4-a52e-4f735466cecf": start }]), true);
    await session.waitFind("[data-testid=no-model]");
    await screenshots(session, "record-no-model-ko");
    await session.click(await session.find("[data-testid=open-models]"));
    await session.waitFind("[data-testid=models-page]");
    // Nothing listens at the mirror: the download fails at once and names the path.
    await session.click(await session.waitFind("[data-testid=model-tiny] [data-testid=download]"));
    const offline = await session.waitFind("[data-testid=model-tiny] [data-testid=download-offline]", { timeoutMs: 30_000 });
    await session.execute("arguments[0].scrollIntoView({ block: 'center' });", [
      { "element-6066-11e4-a52e-4f735466cecf": offline },
    ]);
    const text = await session.text(offline);
    assert.match(text, /ggml-tiny\.bin/);
    assert.ok(text.includes(join(dataDir, "models")), text);
    await bothLanguages(session, "models-offline");
    // Without the voice detector the page says what is missing and what it would do.
    const detector = "[data-testid=voice-detector][data-installed=false]";
    assert.match(await session.textOf(detector), /Silero/);
    await bothLanguages(session, "models-no-voice-detector", () =>
      session.execute("document.querySelector(arguments[0]).scrollIntoView({ block: 'center' })", [detector]),
    );
  });
});
