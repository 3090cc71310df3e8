// Settings' audit log: every export, deletion, restore, correction and key change,
// newest first, a page at a time, in the interface's language.

import { useState } from "react";
import { commands, type AuditEntry } from "../bindings.gen";
import { PAGE_SIZE, PagedTable, type Column } from "../components/PagedTable";
import { formatBytes, formatDateTime } from "../format";
import { useLocale, useT } from "../i18n";
import { call } from "../ipc";
import type { AuditFacts } from "../locales/data.types";
import { keys } from "../queries";
import { keepPreviousData, useQuery } from "@tanstack/react-query";

/** "meeting/12" → ("meeting", "12"); "meeting/12/audio" → ("audio", "12");
 * "everything/files" → ("files", null); "archive" → ("archive", null). */
export function resourceParts(resource: string): [string, string | null] {
  const [head, second, third] = resource.split("/");
  if (third !== undefined && second !== undefined) return [third, second];
  if (second === undefined) return [head ?? resource, null];
  return /^\d+$/.test(second) ? [head ?? resource, second] : [second, null];
}

function numberAt(details: unknown, key: string): number | null {
  if (typeof details !== "object" || details === null) return null;
  const value = (details as Record<string, unknown>)[key];
  if (typeof value === "number") return value;
  // Deleting everything counts rows per table: their sum.
  if (typeof value === "object" && value !== null) {
    const counts = Object.values(value).filter((v): v is number => typeof v === "number");
    return counts.length === 0 ? null : counts.reduce((a, b) => a + b, 0);
  }
  return null;
}

function textAt(details: unknown, key: string): string | null {
  if (typeof details !== "object" || details === null) return null;
  const value = (details as Record<string, unknown>)[key];
  return typeof value === "string" ? value : null;
}

/** What the words of a line's details are made of. */
export function auditFacts(details: unknown): AuditFacts {
  const bytes = numberAt(details, "bytes");
  return {
    format: textAt(details, "format"),
    rows: numberAt(details, "rows"),
    files: numberAt(details, "files") ?? numberAt(details, "audio_files"),
    size: bytes === null ? null : formatBytes(bytes),
    change: textAt(details, "change"),
  };
}

export function AuditLog() {
  const t = useT();
  const a = t.data.audit;
  const locale = useLocale();
  const [offset, setOffset] = useState(0);
  const page = { limit: PAGE_SIZE, offset };
  const query = useQuery({
    queryKey: keys.audit(page),
    queryFn: () => call(commands.auditLog(page)),
    placeholderData: keepPreviousData,
  });
  const columns: Column<AuditEntry>[] = [
    { header: a.at, className: "muted nowrap", cell: (e) => formatDateTime(e.at, locale) },
    { header: a.action, cell: (e) => a.actions[e.action] ?? e.action },
    { header: a.what, cell: (e) => a.resource(...resourceParts(e.resource)) },
    { header: a.details, className: "muted anywhere", cell: (e) => a.detail(auditFacts(e.details)) },
  ];
  return (
    <section data-testid="audit-log">
      <h2 className="section-title">{a.title}</h2>
      <p className="muted">{a.intro}</p>
      <PagedTable
        query={query}
        offset={offset}
        onOffset={setOffset}
        columns={columns}
        name="audit"
        words={{ empty: a.empty, emptyHint: a.emptyHint }}
      />
    </section>
  );
}
