import { describe, expect, it } from "vitest";
import type { ActionItem, AiQuestion, Segment } from "./bindings.gen";
import { applyUpdate, idle, type LiveState } from "./live";

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
    let s = applyUpdate(empty, { kind: "tentative", source: "them", text: "our rev" }, 1);
    s = applyUpdate(s, { kind: "tentative", source: "me", text: "what ab" }, 2);
    s = applyUpdate(s, { kind: "segment", segment: segment(2, "them", 3000, "Our revenue grew.") }, 3);
    s = applyUpdate(s, { kind: "segment", segment: segment(1, "me", 1000, "Hello.") }, 4);
    expect(s.segments.map((x) => x.text)).toEqual(["Hello.", "Our revenue grew."]);
    expect(s.tentative).toEqual({});
  });

  it("keeps the last five notices and counts echo", () => {
    let s = empty;
    for (let i = 0; i < 7; i++) {
      s = applyUpdate(s, { kind: "device_lost", source: "me", reason: `r${i}` }, i);
    }
    s = applyUpdate(s, { kind: "echo_suppressed", start_ms: 0, end_ms: 1 }, 8);
    expect(s.notices.map((n) => n.id)).toEqual([2, 3, 4, 5, 6]);
    expect(s.echoSuppressed).toBe(1);
  });
});
