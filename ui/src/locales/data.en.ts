// The English words of Settings' data section, the delete confirmations and the audit log.

import type { DataMessages } from "./data.types";

const plural = new Intl.PluralRules("en");
/** "1 meeting", "3 meetings": the word's form as `Intl.PluralRules` picks it. */
const n = (count: number, one: string, other: string) => `${count} ${plural.select(count) === "one" ? one : other}`;

export const dataEn: DataMessages = {
  title: "Your data",
  intro: "Everything Onno keeps is in one folder on this computer. Take it all out, bring it back, or delete it.",
  exportTitle: "Export everything",
  exportBody:
    "One archive file (.onno) with every meeting, transcript, note, relationship, recording and attached file. Onno can restore it into an empty folder.",
  exportButton: "Export everything…",
  exporting: "Writing the archive…",
  exported: (path, size, files) => `Saved ${path} (${size}, ${n(files, "file", "files")} inside).`,
  importTitle: "Restore an archive",
  importBody:
    "An archive is restored only into an empty folder, never over the data you have now. Choose the archive, then an empty folder; start Onno with that folder (ONNO_DATA_DIR) to use it.",
  importButton: "Restore an archive…",
  importing: "Restoring…",
  imported: (path, meetings) =>
    `Restored ${n(meetings, "meeting", "meetings")} into ${path}. To use it, start Onno with ONNO_DATA_DIR set to that folder.`,
  importNotEmpty:
    "That folder is not empty. An archive is restored only into an empty folder: create a new folder, choose it, and try again.",
  deleteTitle: "Delete everything",
  deleteBody:
    "Removes every meeting, relationship, recording and attached file from this computer. The audit log and the speech models stay. A device that syncs is signed out first, so your other devices keep their copy. This cannot be undone; export everything first if you may want it back.",
  deleteButton: "Delete everything…",
  deleteQuestion: "Delete everything?",
  deleted: "Everything was deleted. The audit log records it.",
  everything: (inv, size) => {
    const rows = (table: string) => inv.rows[table] ?? 0;
    const counted: [number, string, string][] = [
      [rows("meetings"), "meeting", "meetings"],
      [rows("transcript_segments"), "transcript line", "transcript lines"],
      [rows("notes"), "note", "notes"],
      [rows("relationships"), "relationship", "relationships"],
      [rows("relationship_data"), "figure", "figures"],
    ];
    return {
      goes: [
        ...counted.filter(([count]) => count > 0).map(([count, one, other]) => n(count, one, other)),
        `${n(inv.files, "file", "files")} on disk: recordings and attached files (${size})`,
      ],
      stays: ["The audit log", "The speech models"],
    };
  },
  meetingButton: "Delete meeting…",
  meetingQuestion: "Delete this meeting?",
  meeting: (f, size) => ({
    goes: [
      `The transcript of ${n(f.lines, "line", "lines")}`,
      `${n(f.recordings, "recording", "recordings")} (${size})`,
      ...(f.notes > 0 ? [n(f.notes, "note", "notes")] : []),
      ...(f.action_items > 0 ? [n(f.action_items, "action item", "action items")] : []),
      ...(f.questions > 0 ? [n(f.questions, "suggested question", "suggested questions")] : []),
      ...(f.has_summary ? ["The summary"] : []),
    ],
    stays: f.facts_kept > 0 ? [`${n(f.facts_kept, "figure", "figures")} heard in it, with the relationship`] : [],
  }),
  relationshipButton: "Delete relationship…",
  relationshipQuestion: "Delete this relationship?",
  relationship: (f, size) => ({
    goes: [n(f.facts, "figure", "figures"), `${n(f.files, "attached file", "attached files")} (${size})`],
    stays: f.meetings_kept > 0 ? [`${n(f.meetings_kept, "meeting", "meetings")}, no longer linked to it`] : [],
  }),
  confirm: {
    goes: "This deletes:",
    stays: "This stays:",
    yes: "Delete for good",
    deleting: "Deleting…",
    word: "delete",
    typeWord: (word) => `Type “${word}” to confirm`,
  },
  audit: {
    title: "Audit log",
    intro: "Every export, deletion, restore, correction and key change, newest first. It holds counts and numbers, never what was said.",
    empty: "Nothing recorded yet.",
    emptyHint: "Exports, deletions, restores and key changes will appear here.",
    at: "Time",
    action: "Action",
    what: "What",
    details: "Details",
    actions: {
      delete: "Deleted",
      export: "Exported",
      import: "Restored",
      key_change: "Key changed",
      edit_line: "Line edited",
      name_speaker: "Speaker named",
      name_side: "Side named",
      merge_lines: "Lines merged",
      split_line: "Line split",
      undo_correction: "Correction undone",
      correct: "Figure corrected",
    },
    resource: (kind, id) => {
      const words: Record<string, string> = {
        meeting: "meeting",
        relationship: "relationship",
        relationship_data: "figure",
        relationship_file: "attached file",
        note: "note",
        segment: "transcript line",
        archive: "archive",
        everything: "everything",
        llm_api_key: "language model key",
        audio: "recordings of meeting",
        files: "all files",
      };
      const word = words[kind] ?? kind;
      const capital = word.charAt(0).toUpperCase() + word.slice(1);
      return id === null ? capital : `${capital} #${id}`;
    },
    detail: (f) =>
      [
        f.format === null ? null : f.format.toUpperCase(),
        f.rows === null ? null : n(f.rows, "row", "rows"),
        f.files === null ? null : n(f.files, "file", "files"),
        f.size,
        f.change === null ? null : f.change === "stored" ? "stored in the keychain" : "removed from the keychain",
      ]
        .filter((part) => part !== null)
        .join(", "),
  },
};
