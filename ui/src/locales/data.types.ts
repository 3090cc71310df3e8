// The shape of the words of Settings' data section, the delete confirmations and the
// audit log (`data.en.ts`, `data.ko.ts`).

import type { Inventory, MeetingFootprint, RelationshipFootprint } from "../bindings.gen";

/** What a confirmation lists: what goes, and what stays. */
export interface Consequences {
  goes: string[];
  stays: string[];
}

/** What an audit line's details say, read out of its JSON (`AuditLog.tsx`). */
export interface AuditFacts {
  format: string | null;
  /** Rows or lines it counted. */
  rows: number | null;
  files: number | null;
  /** The files' size, formatted. */
  size: string | null;
  /** A key change: "stored" or "removed". */
  change: string | null;
}

export interface DataMessages {
  title: string;
  intro: string;
  exportTitle: string;
  exportBody: string;
  exportButton: string;
  exporting: string;
  exported: (path: string, size: string, files: number) => string;
  importTitle: string;
  importBody: string;
  importButton: string;
  importing: string;
  imported: (path: string, meetings: number) => string;
  /** The folder chosen to restore into holds something. */
  importNotEmpty: string;
  deleteTitle: string;
  deleteBody: string;
  deleteButton: string;
  deleteQuestion: string;
  deleted: string;
  everything: (inventory: Inventory, size: string) => Consequences;
  meetingButton: string;
  meetingQuestion: string;
  meeting: (footprint: MeetingFootprint, size: string) => Consequences;
  relationshipButton: string;
  relationshipQuestion: string;
  relationship: (footprint: RelationshipFootprint, size: string) => Consequences;
  confirm: {
    goes: string;
    stays: string;
    yes: string;
    deleting: string;
    /** The word to type before everything is deleted. */
    word: string;
    typeWord: (word: string) => string;
  };
  audit: {
    title: string;
    intro: string;
    empty: string;
    emptyHint: string;
    at: string;
    action: string;
    what: string;
    details: string;
    actions: Record<string, string>;
    /** "meeting/12" as words: the kind, then its number. */
    resource: (kind: string, id: string | null) => string;
    detail: (facts: AuditFacts) => string;
  };
}
