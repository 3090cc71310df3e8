// The shape of the words of a relationship's Files section (`files.en.ts`, `files.ko.ts`).

import type { AppErrorKind, FilePartKind } from "../bindings.gen";

/** What a file is, read from its name's extension (`RelationshipFiles.tsx`). */
export type FileFormat = "pdf" | "word" | "slides" | "spreadsheet" | "text" | "image" | "video" | "other";

/** The error kinds only adding or opening a file gives. */
export type FileErrorKind = Extract<AppErrorKind, "file_too_large" | "file_unsupported" | "file_damaged" | "no_viewer">;

export interface FilesMessages {
  title: string;
  intro: string;
  add: string;
  dropHint: string;
  dropHere: string;
  empty: string;
  emptyHint: string;
  columns: { name: string; kind: string; size: string; parts: string; added: string; figures: string };
  formats: Record<FileFormat, string>;
  /** "2 pages", "3 slides"; `kind` null when the file has no text. */
  parts: (count: number, kind: FilePartKind | null) => string;
  figures: (count: number) => string;
  open: string;
  remove: string;
  removeQuestion: (name: string) => string;
  removeGoes: (name: string, size: string, parts: string) => string[];
  removeStays: (figures: number) => string[];
  reading: (name: string) => string;
  added: (name: string, figures: number) => string;
  alreadyAdded: (name: string) => string;
  failed: (name: string) => string;
  dismiss: string;
  errors: Record<FileErrorKind, (subject: string | null) => string>;
}
