import { describe, expect, it } from "vitest";
import { EMPTY_DRAFT, nextMeetingDraft, type RecordDraft } from "./StartForm";

describe("the record form after a meeting started", () => {
  it("forgets the meeting but keeps the devices, model and language", () => {
    const used: RecordDraft = {
      request: {
        ...EMPTY_DRAFT.request,
        title: "Acme intro",
        type: "sales",
        model: "small",
        language: "ko",
        mic: "headset",
        record_system: false,
        use_llm: false,
      },
      relationship: { mode: "existing", id: 3, name: "Acme" },
      participants: [{ name: "Dana", email: null, role: "guest" }],
    };
    const next = nextMeetingDraft(used);
    expect(next.relationship).toEqual({ mode: "none" });
    expect(next.participants).toEqual([]);
    expect(next.request).toEqual({
      ...EMPTY_DRAFT.request,
      model: "small",
      language: "ko",
      mic: "headset",
      record_system: false,
      use_llm: false,
    });
  });
});
