import { describe, expect, it } from "vitest";
import type { ActionItem, AiQuestion, LiveEvent, Segment } from "./bindings.gen";
import { applyUpdate, idle, type LiveState } from "./live";
import { LevelStore } from "./levels";

const empty: LiveState = { ...idle, phase: "recording", meetingId: 1, useLlm: true };

function segment(id: number, source: "me" | "them", start_ms: number, text: string): Segment {
  return {
    id,
    meeting_id: 1,
    source,
    speaker: null,
    text,
    start_ms,
    end_ms: start_ms + 1000,
    confidence: 0.9,
    language: "en",
    is_final: false,
    edited: false,
    created_at: "2026-11-21T10:00:00Z",
  };
}

function question(id: number, text: string): AiQuestion {
  return {
    id,
    meeting_id: 1,
    text,
    priority: "critical",
    reason: "not asked yet",
    suggested_at: "2026-11-21T10:00:00Z",
    user_action: null,
    actioned_at: null,
  };
}

function item(id: number, text: string): ActionItem {
  return {
    id,
    meeting_id: 1,
    text,
    assignee: null,
    due_date: null,
    confidence: 0.8,
    status: "pending",
    integration_status: {},
    created_at: "2026-11-21T10:00:00Z",
    updated_at: "2026-11-21T10:00:00Z",
    model_text: null,
  };
}

describe("applyUpdate", () => {
  it("replaces the checklist and puts what was just heard first", () => {
    const figure = (segment_id: number, quote: string) => ({
      kind: "figure" as const,
      segment_id,
      quote,
      key: "mrr",
      value: 50000,
      unit: "$",
    });
    let s = applyUpdate(
      empty,
      { kind: "signals", checklist: [{ item_id: 1, text: "Runway", covered_by: null }], heard: [] },
      1,
    );
    s = applyUpdate(
      s,
      {
        kind: "signals",
        checklist: [{ item_id: 1, text: "Runway", covered_by: 7 }],
        heard: [figure(7, "MRR is $50K"), figure(7, "runway 18 months")],
      },
      2,
    );
    s = applyUpdate(s, { kind: "signals", checklist: s.checklist, heard: [figure(8, "ARR 2M")] }, 3);
    expect(s.checklist[0]?.covered_by).toBe(7);
    expect(s.heard.map((h) => (h.kind === "figure" ? h.quote : ""))).toEqual([
      "ARR 2M",
      "runway 18 months",
      "MRR is $50K",
    ]);
  });

  it("shows the newest suggestions first and keeps how the user marked earlier ones", () => {
    let s = applyUpdate(empty, { kind: "questions", questions: [question(1, "Churn?"), question(2, "CAC?")] }, 1);
    s = { ...s, questions: s.questions.map((q) => (q.id === 1 ? { ...q, user_action: "used" } : q)) };
    s = applyUpdate(s, { kind: "questions", questions: [question(3, "Runway?")] }, 2);
    expect(s.questions.map((q) => q.text)).toEqual(["Runway?", "CAC?", "Churn?"]);
    expect(s.questions.find((q) => q.id === 1)?.user_action).toBe("used");
  });

  it("lists action items in the order they were heard, replacing a reviewed one in place", () => {
    let s = applyUpdate(empty, { kind: "action_items", items: [item(1, "Send the deck")] }, 1);
    s = applyUpdate(s, { kind: "action_items", items: [item(2, "Book a call")] }, 2);
    s = applyUpdate(s, { kind: "action_items", items: [{ ...item(1, "Send the deck"), status: "approved" }] }, 3);
    expect(s.actionItems.map((a) => [a.text, a.status])).toEqual([
      ["Send the deck", "approved"],
      ["Book a call", "pending"],
    ]);
  });

  it("orders committed lines by time and clears that side's tentative text", () => {
    let s = applyUpdate(empty, { kind: "tentative", source: "them", start_ms: 2900, text: "our rev", lag_ms: 700 }, 1);
    s = applyUpdate(s, { kind: "tentative", source: "me", start_ms: 900, text: "what ab", lag_ms: 700 }, 2);
    s = applyUpdate(s, { kind: "segment", segment: segment(2, "them", 3000, "Our revenue grew."), lag_ms: 1200 }, 3);
    s = applyUpdate(s, { kind: "segment", segment: segment(1, "me", 1000, "Hello."), lag_ms: 1200 }, 4);
    expect(s.segments.map((x) => x.text)).toEqual(["Hello.", "Our revenue grew."]);
    expect(s.tentative).toEqual({});
  });

  it("keeps a 3-hour transcript in order, appending in time order and inserting a late line", () => {
    let s = empty;
    for (let i = 0; i < 5000; i++) s = applyUpdate(s, { kind: "segment", segment: segment(i + 10, "them", i * 2000, `l${i}`), lag_ms: 900 }, i);
    s = applyUpdate(s, { kind: "segment", segment: segment(1, "me", 3000, "late"), lag_ms: null }, 5001);
    expect(s.segments).toHaveLength(5001);
    expect(s.segments[2]?.text).toBe("late");
    expect(s.segments.every((x, i, all) => i === 0 || (all[i - 1]?.start_ms ?? 0) <= x.start_ms)).toBe(true);
    // A row committed late after a storage failure has no lag; the figure stays.
    expect(s.health.lagMs).toBe(900);
  });

  it("shows each side's newest level, the devices in use, gaps and overruns, and the lag", () => {
    let s = applyUpdate(empty, { kind: "device_opened", source: "them", device: "meet.monitor", sample_rate: 48000, channels: 2 }, 1);
    const levels = new LevelStore();
    let notified = 0;
    levels.subscribe(() => (notified += 1));
    const updates: LiveEvent[] = [
      { kind: "levels", levels: [{ source: "them", level: { peak_db: -6, rms_db: -18 } }] },
      { kind: "levels", levels: [{ source: "me", level: { peak_db: -40, rms_db: -50 } }] },
    ];
    for (const update of updates) {
      levels.apply(update);
      // Levels leave the meeting's state as it was: nothing else re-renders for them.
      expect(applyUpdate(s, update, 2)).toBe(s);
    }
    s = applyUpdate(s, { kind: "gap", source: "them", start_ms: 0, end_ms: 100, overrun: true }, 4);
    s = applyUpdate(s, { kind: "gap", source: "me", start_ms: 0, end_ms: 100, overrun: false }, 5);
    s = applyUpdate(s, { kind: "tentative", source: "them", start_ms: 0, text: "our", lag_ms: 650 }, 6);
    expect(levels.snapshot()).toEqual({ them: { peak_db: -6, rms_db: -18 }, me: { peak_db: -40, rms_db: -50 } });
    expect(notified).toBe(2);
    expect(s.health).toEqual({ devices: { them: "meet.monitor" }, gaps: 2, overruns: 1, lagMs: 650 });
    // Stopped, the meters go quiet.
    levels.apply({ kind: "stopped", reason: "requested" });
    expect(levels.snapshot()).toEqual({});
  });

  it("keeps the last five notices and counts echo", () => {
    let s = empty;
    for (let i = 0; i < 7; i++) {
      s = applyUpdate(s, { kind: "device_lost", source: "me", device: `mic ${i}`, reason: { kind: "unplugged" } }, i);
    }
    s = applyUpdate(s, { kind: "echo_suppressed", start_ms: 0, end_ms: 1 }, 8);
    expect(s.notices.map((n) => n.id)).toEqual([2, 3, 4, 5, 6]);
    expect(s.echoSuppressed).toBe(1);
  });

  it("keeps a problem as its kind and detail, and why the meeting stopped", () => {
    let s = applyUpdate(empty, { kind: "tentative", source: "them", start_ms: 0, text: "and", lag_ms: 700 }, 1);
    s = applyUpdate(s, { kind: "problem", problem: { kind: "storage", detail: "disk full" } }, 2);
    s = applyUpdate(s, { kind: "stopped", reason: "silence" }, 3);
    expect(s.notices.map((n) => n.text)).toEqual([
      { kind: "problem", problem: { kind: "storage", detail: "disk full" } },
    ]);
    expect(s.stopped).toBe("silence");
    expect(s.tentative).toEqual({});
  });
});
