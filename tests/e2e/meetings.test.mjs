// End to end: starting a meeting with its relationship and participants, correcting a
// meeting afterwards, and importing meetings from files, in the real app window.
// Run by scripts/e2e.sh (PulseAudio virtual devices, the random test model).

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { cli, e2eModel, launchApp, removeDir, tempDataDir } from "./harness.mjs";
import { pick, raw, screenshots } from "./screens.mjs";
import { waitFor } from "./webdriver.mjs";

/** Gives a file input a file, as a person choosing it would. */
async function chooseFile(session, css, path) {
  const input = await session.waitFind(css);
  await raw(session, "POST", `/element/${input}/value`, { text: path });
}

function meetingNamed(dataDir, title) {
  return cli(dataDir, ["meetings", "list", "--json"]).items.find((m) => m.title === title);
}

describe("meetings from the app", () => {
  const dataDir = tempDataDir();
  let app;
  let beta;

  before(async () => {
    beta = cli(dataDir, ["relationships", "add", "Beta Labs", "--type", "partner", "--json"]);
    app = await launchApp(dataDir);
  });

  after(async () => {
    await app?.stop();
    removeDir(dataDir);
  });

  it("keeps what was typed in the record form when the start fails", async () => {
    const { session } = app;
    await session.click(await session.waitFind("[data-testid=nav-record]"));
    const form = "[data-testid=record-form]";
    await session.type(await session.waitFind(`${form} input[name=title]`), "Kept title");
    await pick(session, `${form} select[name=type]`, "sales");
    // A model file by path, one that is not there: the start fails after the form is sent.
    await pick(session, `${form} select[name=model-choice]`, "::file");
    await session.type(await session.waitFind(`${form} input[name=model]`), "/nonexistent/model.bin");
    await screenshots(session, "record-form");
    await session.click(await session.find("[data-testid=start-recording]"));
    await session.waitFind("[data-testid=record-error]", { timeoutMs: 30_000 });
    const values = await session.execute(`
      const form = document.querySelector(arguments[0]);
      return [form.querySelector("input[name=title]").value, form.querySelector("select[name=type]").value,
              form.querySelector("input[name=model]").value];
    `, [form]);
    assert.deepEqual(values, ["Kept title", "sales", "/nonexistent/model.bin"]);
    assert.equal(meetingNamed(dataDir, "Kept title"), undefined, "a failed start leaves no meeting");
  });

  it("starts a meeting with a new relationship and two participants", async () => {
    const { session } = app;
    const form = "[data-testid=record-form]";
    await session.type(await session.find(`${form} input[name=title]`), "Acme intro");
    await pick(session, `${form} select[name=record-relationship]`, "new");
    await session.type(await session.waitFind(`${form} input[name=record-relationship-name]`), "Acme Robotics");
    // The user's own row comes first ("me", the profile's name; this profile has none yet).
    await session.type(
      await session.find("[data-testid=record-participants] .participant:nth-of-type(1) input[name=record-participant-name]"),
      "Jiwon",
    );
    for (const [name, email] of [["김민수", "minsu@acme.ai"], ["Dana Lee", ""]]) {
      await session.click(await session.find("[data-testid=record-add-participant]"));
      const names = await session.execute(
        "return document.querySelectorAll('[data-testid=record-participants] input[name=record-participant-name]').length",
      );
      const row = `[data-testid=record-participants] .participant:nth-of-type(${names})`;
      await session.type(await session.find(`${row} input[name=record-participant-name]`), name);
      if (email) await session.type(await session.find(`${row} input[name=record-participant-email]`), email);
    }
    await session.type(await session.find(`${form} input[name=model]`), e2eModel);
    await session.click(await session.find("[data-testid=start-recording]"));
    await session.waitFind("[data-testid=recording]", { timeoutMs: 60_000 });
    await session.click(await session.find("[data-testid=stop-recording]"));
    await session.waitFind("[data-testid=open-recorded]", { timeoutMs: 60_000 });

    const meeting = await waitFor("the meeting finished", async () => {
      const m = meetingNamed(dataDir, "Acme intro");
      return m?.status === "completed" ? m : null;
    });
    assert.equal(meeting.relationship_name, "Acme Robotics");
    assert.equal(meeting.type, "sales", "the type typed before the failed start");
    const shown = cli(dataDir, ["meetings", "show", String(meeting.id), "--json"]);
    assert.deepEqual(
      shown.participants.filter((p) => p.role === "host").map((p) => p.name),
      ["Jiwon"],
    );
    const guests = shown.participants.filter((p) => p.role === "guest");
    assert.deepEqual(
      guests.map((p) => [p.name, p.email]),
      [["김민수", "minsu@acme.ai"], ["Dana Lee", null]],
    );
  });

  it("moves the meeting to another relationship, whose page then lists it", async () => {
    const { session } = app;
    await session.click(await session.find("[data-testid=open-recorded]"));
    await session.click(await session.waitFind("[data-testid=edit-meeting]"));
    const form = "[data-testid=meeting-edit]";
    await session.type(await session.waitFind(`${form} input[name=edit-relationship-search]`), "Beta");
    await pick(session, `${form} select[name=edit-relationship]`, String(beta.id));
    await session.type(await session.find(`${form} input[name=edit-title]`), "Acme intro (Beta)");
    await screenshots(session, "meeting-edit");
    await session.click(await session.find("[data-testid=save-meeting]"));
    await waitFor("the new relationship on the meeting's page", async () =>
      (await session.textOf("[data-testid=meeting-relationship]")) === "Beta Labs",
    );
    assert.equal(await session.textOf("[data-testid=meeting-title]"), "Acme intro (Beta)");
    assert.match(await session.textOf("[data-testid=meeting-participants]"), /김민수/);

    await session.click(await session.find("[data-testid=nav-relationships]"));
    await waitFor("Beta Labs in the list", async () =>
      (await session.textOf("[data-testid=relationships-table]")).includes("Beta Labs"),
    );
    await session.execute(`
      const row = [...document.querySelectorAll("[data-testid=relationship-row]")]
        .find((r) => r.innerText.includes("Beta Labs"));
      row.querySelector("td").click();
    `);
    await waitFor("the meeting on Beta Labs' page", async () =>
      (await session.textOf("[data-testid=relationship-meetings]")).includes("Acme intro (Beta)"),
    );
    const listed = cli(dataDir, ["meetings", "list", "--relationship", String(beta.id), "--json"]).items;
    assert.deepEqual(listed.map((m) => m.title), ["Acme intro (Beta)"]);
  });

  it("imports a recording, transcribed here, under a relationship and type", async () => {
    const { session } = app;
    const wav = join(dataDir, "..", `${Date.now()}-pitch call.wav`);
    execFileSync("espeak-ng", ["-w", wav, "Our monthly revenue grew ten percent last quarter."]);
    await session.click(await session.find("[data-testid=nav-meetings]"));
    await session.click(await session.waitFind("[data-testid=open-import]"));
    const form = "[data-testid=import-form]";

    // A file that is not audio: a clear error in the user's words, nothing stored.
    const broken = join(dataDir, "..", `${Date.now()}-broken.wav`);
    writeFileSync(broken, "RIFF this is not audio");
    await chooseFile(session, `${form} input[name=import-file]`, broken);
    // No model is installed here: the generated one, by its path.
    await pick(session, `${form} select[name=model-choice]`, "::file");
    await session.type(await session.waitFind(`${form} input[name=model]`), e2eModel);
    const meetingsBefore = cli(dataDir, ["meetings", "list", "--json"]).total;
    await session.click(await session.find("[data-testid=start-import]"));
    const error = await session.waitFind("[data-testid=import-error]", { timeoutMs: 60_000 });
    assert.match(await session.text(error), /이 파일을 읽을 수 없습니다/);
    assert.equal(cli(dataDir, ["meetings", "list", "--json"]).total, meetingsBefore, "nothing stored");

    await chooseFile(session, `${form} input[name=import-file]`, wav);
    await waitFor("the chosen file's name", async () =>
      (await session.textOf("[data-testid=import-file-name]")).endsWith("pitch call.wav"),
    );
    await pick(session, `${form} select[name=import-type]`, "partnership");
    await session.type(await session.find(`${form} input[name=import-relationship-search]`), "Beta");
    await pick(session, `${form} select[name=import-relationship]`, String(beta.id));
    await screenshots(session, "import");
    await session.click(await session.find("[data-testid=start-import]"));
    await session.waitFind("[data-testid=import-done]", { timeoutMs: 120_000 });
    const meeting = meetingNamed(dataDir, wav.split("/").pop().replace(/\.wav$/, ""));
    assert.ok(meeting, "the meeting takes the file's name");
    assert.equal(meeting.relationship_name, "Beta Labs");
    assert.equal(meeting.type, "partnership");
    assert.equal(meeting.status, "completed");
    assert.ok(meeting.segment_count >= 1, JSON.stringify(meeting));
    // The copy made for the import is gone, after the failure as after the success.
    assert.deepEqual(readdirSync(join(dataDir, "imports")), []);
  });

  it("imports a VTT transcript, and refuses a broken one with nothing stored", async () => {
    const { session } = app;
    const vtt = join(dataDir, "..", `${Date.now()}-teams.vtt`);
    writeFileSync(
      vtt,
      "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Alice>Our runway is eighteen months.\n\n" +
        "00:00:05.000 --> 00:00:07.500\n<v Bob>Pricing comes next.\n",
    );
    const form = "[data-testid=import-form]";
    await session.click(await session.find(`${form} input[name=import-kind][value=transcript]`));
    await chooseFile(session, `${form} input[name=import-file]`, vtt);
    await session.type(await session.find(`${form} input[name=import-title]`), "Teams call");
    await pick(session, `${form} select[name=import-type]`, "sales");
    await session.click(await session.find("[data-testid=start-import]"));
    await waitFor("the transcript imported", async () =>
      (await session.textOf("[data-testid=import-done]")).includes("Teams call"),
    );
    const meeting = meetingNamed(dataDir, "Teams call");
    assert.equal(meeting?.segment_count, 2);
    assert.equal(meeting.type, "sales");
    const speakers = cli(dataDir, ["meetings", "show", String(meeting.id), "--json"]).segments.map((s) => s.speaker);
    assert.deepEqual(speakers, ["Alice", "Bob"]);

    const broken = join(dataDir, "..", `${Date.now()}-broken.vtt`);
    writeFileSync(broken, "this is not a transcript");
    const before = cli(dataDir, ["meetings", "list", "--json"]).total;
    await chooseFile(session, `${form} input[name=import-file]`, broken);
    await session.type(await session.find(`${form} input[name=import-title]`), "Broken");
    await session.click(await session.find("[data-testid=start-import]"));
    const error = await session.waitFind("[data-testid=import-error]");
    assert.match(await session.text(error), /이 파일을 읽을 수 없습니다/);
    assert.equal(cli(dataDir, ["meetings", "list", "--json"]).total, before, "nothing stored");
  });
});
