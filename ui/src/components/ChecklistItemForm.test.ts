import { describe, expect, it } from "vitest";
import { parseList } from "./ChecklistItemForm";

describe("parseList", () => {
  it("splits on Western and East Asian commas and drops blanks", () => {
    expect(parseList(" 데이터룸, data room ,，실사、 ,")).toEqual(["데이터룸", "data room", "실사"]);
    expect(parseList("   ")).toEqual([]);
  });
});
