import { describe, expect, it } from "vitest";
import { AUDIO_RETENTIONS, IMPORTANCES, MEETING_TYPES, RELATIONSHIP_STATUSES, RELATIONSHIP_TYPES, valuesOf } from "./enums";
import { messages } from "./i18n";

describe("valuesOf", () => {
  it("lists every value of the union once, in the order given", () => {
    expect(valuesOf<"a" | "b" | "c">()("b", "a", "c")).toEqual(["b", "a", "c"]);
  });

  it("does not compile when a value is missing or unknown", () => {
    // These lines are checked by `tsc` (npm run build): each must be an error.
    // @ts-expect-error "c" is missing
    valuesOf<"a" | "b" | "c">()("a", "b");
    // @ts-expect-error "d" is not a value of the union
    valuesOf<"a" | "b">()("a", "b", "d");
  });

  it("names every value the dictionary words, and no other", () => {
    const t = messages.en;
    expect([...MEETING_TYPES].sort()).toEqual(Object.keys(t.meetingType).sort());
    expect([...RELATIONSHIP_TYPES].sort()).toEqual(Object.keys(t.relationshipType).sort());
    expect([...RELATIONSHIP_STATUSES].sort()).toEqual(Object.keys(t.relationshipStatus).sort());
    expect([...IMPORTANCES].sort()).toEqual(Object.keys(t.importance).sort());
    expect([...AUDIO_RETENTIONS].sort()).toEqual(Object.keys(t.settings.keepFor).sort());
  });
});
