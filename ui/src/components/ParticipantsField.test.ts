import { describe, expect, it } from "vitest";
import { cleanParticipants, withMe } from "./ParticipantsField";

describe("participants", () => {
  it("put the user first, as host, under the profile's name", () => {
    const guests = [{ name: "Dana", email: null, role: "guest" as const }];
    expect(withMe("Jiwon", guests)).toEqual([{ name: "Jiwon", email: null, role: "host" }, ...guests]);
    expect(withMe("", guests)).toEqual([{ name: "", email: null, role: "host" }, ...guests]);
    expect(cleanParticipants(withMe("", guests))).toEqual(guests);
    // Once the user's row is there (edited, even emptied), it is not added again.
    const edited = [{ name: "", email: null, role: "host" as const }, ...guests];
    expect(withMe("Jiwon", edited)).toEqual(edited);
  });

  it("save named rows only, trimmed, blank emails as none", () => {
    expect(
      cleanParticipants([
        { name: "  Dana Lee ", email: "  ", role: "guest" },
        { name: " ", email: "x@y.z", role: "guest" },
        { name: "Min", email: " min@acme.ai ", role: "guest" },
      ]),
    ).toEqual([
      { name: "Dana Lee", email: null, role: "guest" },
      { name: "Min", email: "min@acme.ai", role: "guest" },
    ]);
  });
});
