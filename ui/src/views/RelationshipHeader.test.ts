import { describe, expect, it } from "vitest";
import { isOverdue } from "./RelationshipHeader";

describe("isOverdue", () => {
  const now = new Date("2026-11-03T12:00:00Z");

  it("marks a next meeting already past, not one still to come", () => {
    expect(isOverdue("2026-11-03T11:59:00Z", now)).toBe(true);
    expect(isOverdue("2026-11-03T21:00:00+09:00", now)).toBe(false);
  });

  it("does not mark text that is not a time", () => {
    expect(isOverdue("next week", now)).toBe(false);
  });
});
