// A relationship's Files section in English.

import type { FilesMessages } from "./files.types";
import { countEn } from "./plural";

const partWords = {
  page: { one: "page", other: "pages" },
  slide: { one: "slide", other: "slides" },
  sheet: { one: "sheet", other: "sheets" },
  text: { one: "text", other: "texts" },
} as const;

export const filesEn: FilesMessages = {
  title: "Files",
  intro: "Decks, financials and contracts. Their text is found by Search, and the figures in them appear under Figures as unverified until you check them.",
  add: "Add files",
  dropHint: "or drop files here",
  dropHere: "Drop to add to this relationship",
  empty: "No files yet.",
  emptyHint: "Add a pitch deck or financials: PDF, Word, PowerPoint, Excel, text or images.",
  columns: { name: "Name", kind: "Kind", size: "Size", parts: "Text", added: "Added", figures: "Figures found" },
  formats: {
    pdf: "PDF",
    word: "Word",
    slides: "PowerPoint",
    spreadsheet: "Spreadsheet",
    text: "Text",
    image: "Image",
    video: "Video",
    other: "File",
  },
  parts: (n, kind) => {
    if (kind === null || n === 0) return "No text";
    if (kind === "text") return "Full text";
    return `${n} ${countEn(n, partWords[kind])}`;
  },
  figures: (n) => (n === 0 ? "None" : `${n} ${countEn(n, { one: "figure", other: "figures" })}`),
  open: "Open",
  remove: "Remove",
  removeQuestion: (name) => `Remove “${name}” from this relationship?`,
  removeGoes: (name, size, parts) => [`The file ${name} (${size})`, `Its text in Search (${parts.toLowerCase()})`],
  removeStays: (n) =>
    n === 0 ? [] : [`The ${n} ${countEn(n, { one: "figure", other: "figures" })} read from it, under Figures`],
  reading: (name) => `Reading ${name}…`,
  added: (name, n) =>
    n === 0
      ? `${name} added; no figures found in it.`
      : `${name} added; ${n} ${countEn(n, { one: "figure", other: "figures" })} under Figures, unverified until you check them.`,
  alreadyAdded: (name) => `${name} was already added; nothing changed.`,
  failed: (name) => `${name} was not added:`,
  dismiss: "Clear",
  errors: {
    file_too_large: (s) =>
      `${s ?? "The file"} is over 100 MB. Add a smaller copy (export the PDF again or split the workbook). Nothing was stored.`,
    file_unsupported: (s) =>
      `${s ?? "This file"} is not a kind Onno reads. Add PDF, Word (.docx), PowerPoint (.pptx), Excel, text or image files; save old .doc or .ppt files in the new format first.`,
    file_damaged: (s) =>
      `${s ?? "The file"} cannot be read: it is damaged, password-protected or not what its name says. Open it, save an unprotected copy and add that. Nothing was stored.`,
    no_viewer: (s) =>
      `No program on this computer opens ${s ?? "this file"}. Install a viewer for this kind of file, then try again.`,
  },
};
