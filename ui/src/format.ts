// Formatting shared by the views. Pure functions, unit-tested in format.test.ts.

import type { Locale } from "./bindings.gen";
import { messages } from "./i18n";

const pad2 = (n: number) => String(n).padStart(2, "0");

/** A position in a meeting: "mm:ss", or "h:mm:ss" past the first hour. */
export function formatOffset(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${pad2(m)}:${pad2(s)}` : `${pad2(m)}:${pad2(s)}`;
}

/** A meeting's length, rounded to minutes ("1h 05m" / "12m"); under a minute "< 1m". */
export function formatDuration(ms: number | null, locale: Locale): string | null {
  if (ms === null || ms < 0) return null;
  const minutes = Math.round(ms / 60000);
  const words = messages[locale].duration;
  if (minutes < 1) return words.underMinute;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? words.hours(h, m) : words.minutes(m);
}

const tag = (locale: Locale) => (locale === "ko" ? "ko-KR" : "en-US");

/** An RFC 3339 timestamp as a local date and time. Unparseable text is shown as is. */
export function formatDateTime(iso: string, locale: Locale): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(tag(locale), {
    dateStyle: "medium",
    timeStyle: "short",
  }).format(date);
}

export function formatDate(iso: string, locale: Locale): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(tag(locale), { dateStyle: "medium" }).format(date);
}

/** Engagement 0–1 as a whole percentage. */
export function formatScore(score: number): string {
  return `${Math.round(Math.min(1, Math.max(0, score)) * 100)}%`;
}

/** "a, b ,, c" → ["a", "b", "c"]: the tag field is typed as one comma-separated line. */
export function parseTags(text: string): string[] {
  const seen = new Set<string>();
  for (const part of text.split(/[,，]/)) {
    const tag = part.trim();
    if (tag !== "") seen.add(tag);
  }
  return [...seen];
}

/** An empty or blank input means "no value" to the store. */
export function optional(text: string): string | null {
  const trimmed = text.trim();
  return trimmed === "" ? null : trimmed;
}

/** A byte count in KB, MB or GB, one decimal where it matters ("12 KB", "74 MB",
 * "1.5 GB"); a small attached file is not "0.0 MB". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e7) return `${Math.round(bytes / 1e6)} MB`;
  if (bytes < 1e5) return `${Math.ceil(bytes / 1e3)} KB`;
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

const MONEY_SYMBOLS = new Set(["$", "₩", "€", "£", "¥"]);
/** The store's unit for a count of people: the Korean counter (written escaped, as the
 * interface's Korean words live only in the dictionary). */
const PEOPLE_UNIT = "\uBA85";

/**
 * A stored figure as people write it: "$50,000", "3.5%", "18 months", "12 people",
 * "1.5x", each in the interface's language. The store's units are those the figure
 * spotter writes; any other unit follows the number.
 */
export function formatFigure(value: number, unit: string | null, locale: Locale): string {
  const number = new Intl.NumberFormat(tag(locale), { maximumFractionDigits: 2 }).format(value);
  if (unit === null || unit === "") return number;
  if (MONEY_SYMBOLS.has(unit)) return value < 0 ? `-${unit}${number.slice(1)}` : `${unit}${number}`;
  const words = messages[locale].facts.units;
  switch (unit) {
    case "%":
    case "x":
      return `${number}${unit}`;
    case "months":
      return words.months(value, number);
    case PEOPLE_UNIT:
      return words.people(value, number);
    default:
      return `${number} ${unit}`;
  }
}

/** A whisper language code as the user's language names it ("ko" is "Korean" in English),
 * the code itself where the browser knows no name. */
export function languageName(code: string, locale: Locale): string {
  try {
    return new Intl.DisplayNames([locale], { type: "language" }).of(code) ?? code;
  } catch {
    return code;
  }
}
