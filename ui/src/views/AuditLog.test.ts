import { describe, expect, it } from "vitest";
import { en } from "../locales/en";
import { auditFacts, resourceParts } from "./AuditLog";

describe("the audit log in words", () => {
  it("reads what each kind of resource names", () => {
    expect(resourceParts("meeting/12")).toEqual(["meeting", "12"]);
    expect(resourceParts("meeting/12/audio")).toEqual(["audio", "12"]);
    expect(resourceParts("everything/files")).toEqual(["files", null]);
    expect(resourceParts("llm_api_key")).toEqual(["llm_api_key", null]);
    expect(en.data.audit.resource(...resourceParts("relationship/3"))).toBe("Relationship #3");
  });

  it("says what the details count, summing rows per table", () => {
    const a = en.data.audit;
    expect(a.detail(auditFacts({ rows: { meetings: 2, notes: 1 } }))).toBe("3 rows");
    expect(a.detail(auditFacts({ files: 1, bytes: 2_500_000 }))).toBe("1 file, 2.5 MB");
    expect(a.detail(auditFacts({ format: "pdf", parts: ["notes"] }))).toBe("PDF");
    expect(a.detail(auditFacts({ change: "removed" }))).toBe("removed from the keychain");
    expect(a.detail(auditFacts({ audio_files: 2 }))).toBe("2 files");
    expect(a.detail(auditFacts(null))).toBe("");
  });
});
