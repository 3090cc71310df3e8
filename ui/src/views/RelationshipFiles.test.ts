import { describe, expect, it } from "vitest";
import { messages } from "../i18n";
import { formatOf } from "./RelationshipFiles";

describe("a relationship's files", () => {
  it("are named by what the store reads them as", () => {
    expect(formatOf("deck.PDF")).toBe("pdf");
    expect(formatOf("model.final.xlsx")).toBe("spreadsheet");
    expect(formatOf("board.pptx")).toBe("slides");
    expect(formatOf("photo.jpeg")).toBe("image");
    expect(formatOf("README")).toBe("other");
    expect(formatOf("archive.zip")).toBe("other");
  });

  it("say how much text was read, in both languages", () => {
    const { en, ko } = messages;
    expect(en.files.parts(1, "page")).toBe("1 page");
    expect(en.files.parts(12, "slide")).toBe("12 slides");
    expect(en.files.parts(0, null)).toBe("No text");
    expect(en.files.parts(1, "text")).toBe("Full text");
    expect(en.files.figures(1)).toBe("1 figure");
    expect(en.files.figures(0)).toBe("None");
    expect(ko.files.parts(2, "page")).toBe("2\uCABD");
    expect(ko.files.parts(3, "sheet")).toBe("3 \uC2DC\uD2B8");
    expect(en.files.removeStays(0)).toEqual([]);
  });

  it("explain a refused file with its name and the next step", () => {
    const { en } = messages;
    expect(en.errors.kinds.file_too_large("deck.pdf")).toMatch(/^deck\.pdf is over 100 MB\. Add a smaller copy/);
    expect(en.errors.kinds.file_damaged("deck.pdf")).toMatch(/Nothing was stored\.$/);
  });
});
