import { describe, expect, it } from "vitest";
import {
  formatBytes,
  formatDuration,
  formatFigure,
  formatOffset,
  formatScore,
  languageName,
  optional,
  parseTags,
} from "./format";

describe("formatOffset", () => {
  it.each([
    [0, "00:00"],
    [999, "00:00"],
    [61_000, "01:01"],
    [59 * 60_000 + 59_000, "59:59"],
    [3_600_000 + 5_000, "1:00:05"],
    [-5, "00:00"],
  ])("%i ms is %s", (ms, expected) => {
    expect(formatOffset(ms)).toBe(expected);
  });
});

describe("formatDuration", () => {
  it("rounds to minutes in both languages", () => {
    expect(formatDuration(65 * 60_000, "en")).toBe("1h 05m");
    expect(formatDuration(65 * 60_000, "ko")).toBe("1시간 5분");
    expect(formatDuration(12 * 60_000, "en")).toBe("12m");
    expect(formatDuration(10_000, "en")).toBe("< 1m");
  });

  it("has nothing to say about a meeting still running", () => {
    expect(formatDuration(null, "ko")).toBeNull();
  });
});

describe("form helpers", () => {
  it("splits tags on ASCII and full-width commas and drops blanks and repeats", () => {
    expect(parseTags(" SaaS, B2B,, saas ，시리즈A, B2B ")).toEqual(["SaaS", "B2B", "saas", "시리즈A"]);
  });

  it("treats blank text as no value", () => {
    expect(optional("   ")).toBeNull();
    expect(optional(" Fintech ")).toBe("Fintech");
  });

  it("clamps scores", () => {
    expect(formatScore(0.456)).toBe("46%");
    expect(formatScore(1.5)).toBe("100%");
  });
});

describe("formatBytes", () => {
  it("gives MB under a gigabyte and GB above", () => {
    expect(formatBytes(77_691_713)).toBe("78 MB");
    expect(formatBytes(1_533_763_059)).toBe("1.5 GB");
    expect(formatBytes(19)).toBe("1 KB");
    expect(formatBytes(0)).toBe("0 KB");
    expect(formatBytes(250_000)).toBe("0.3 MB");
    expect(formatBytes(885_098)).toBe("0.9 MB");
  });
});

describe("formatFigure", () => {
  it.each([
    [50_000, "$", "en", "$50,000"],
    [-1_200, "$", "en", "-$1,200"],
    [300_000_000, "₩", "ko", "₩300,000,000"],
    [3.5, "%", "en", "3.5%"],
    [18, "months", "en", "18 months"],
    [18, "months", "ko", "18개월"],
    [12, "명", "en", "12 people"],
    [1, "명", "en", "1 person"],
    [1, "months", "en", "1 month"],
    [12, "명", "ko", "12명"],
    [1.25, "x", "ko", "1.25x"],
    [7, null, "en", "7"],
    [7, "stores", "en", "7 stores"],
  ] as const)("%d %s in %s is %s", (value, unit, locale, expected) => {
    expect(formatFigure(value, unit, locale)).toBe(expected);
  });
});

describe("languageName", () => {
  it("names a language in the user's language, and keeps a code it cannot name", () => {
    expect(languageName("ko", "en")).toBe("Korean");
    expect(languageName("en", "ko")).toBe("영어");
    expect(languageName("not a code", "en")).toBe("not a code");
  });
});
