// A relationship's files: decks, financials, contracts. The picker and a drop onto the
// section both give paths to one `addFiles`, which adds them one at a time (each is
// read, searched and its figures recorded by the store, or refused whole), so the
// section shows which file is being read and why one was refused while the rest go in.

import { useMutation } from "@tanstack/react-query";
import { Channel } from "@tauri-apps/api/core";
import { type RefObject, useEffect, useRef, useState } from "react";
import { commands, type FileDrop, type ListedFile } from "../bindings.gen";
import { ConfirmDelete } from "../components/ConfirmDelete";
import { Empty, Status } from "../components/Status";
import { ErrorText } from "../errors";
import { formatBytes, formatDate } from "../format";
import { useLocale, useT } from "../i18n";
import { call } from "../ipc";
import type { FileFormat } from "../locales/files.types";
import { keys, refreshFiles, useRelationshipFiles } from "../queries";

/** How adding one file went (or that it is being read), in the order they were given. */
type Outcome = { key: number; name: string } & (
  | { state: "reading" }
  | { state: "added"; figures: number }
  | { state: "already" }
  | { state: "failed"; error: unknown }
);

/** A path waiting to be added. */
interface Queued {
  key: number;
  path: string;
  name: string;
}

export function RelationshipFiles({ relationshipId }: { relationshipId: number }) {
  const t = useT();
  const query = useRelationshipFiles(relationshipId);
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);
  const [busy, setBusy] = useState(false);
  const section = useRef<HTMLElement>(null);
  const queue = useRef<Queued[]>([]);
  const running = useRef(false);
  const nextKey = useRef(0);

  /**
   * Adds the files at `paths` in order, one command each; one refused does not stop the
   * others. Paths given while others are being read (a second drop) wait their turn.
   */
  const addFiles = async (paths: string[]) => {
    const items = paths.map((path) => ({ key: nextKey.current++, path, name: baseName(path) }));
    if (items.length === 0) return;
    const waiting = items.map((i): Outcome => ({ key: i.key, name: i.name, state: "reading" }));
    // A new batch replaces the last one's outcomes; one added to a running batch joins it.
    const fresh = !running.current;
    setOutcomes((current) => [...(fresh ? [] : current), ...waiting]);
    queue.current.push(...items);
    if (running.current) return;
    running.current = true;
    setBusy(true);
    const settle = (outcome: Outcome) =>
      setOutcomes((current) => current.map((o) => (o.key === outcome.key ? outcome : o)));
    for (let item = queue.current.shift(); item !== undefined; item = queue.current.shift()) {
      const { key, name } = item;
      try {
        const added = await call(commands.addRelationshipFile(relationshipId, item.path));
        settle(
          added.already_attached
            ? { key, name, state: "already" }
            : { key, name, state: "added", figures: added.facts.length },
        );
      } catch (error) {
        settle({ key, name, state: "failed", error });
      }
      // Each file's figures show as soon as it is in, not after the last one.
      await refreshFiles(relationshipId);
    }
    running.current = false;
    setBusy(false);
  };

  const pick = useMutation({
    mutationFn: () => call(commands.pickRelationshipFiles()),
    onSuccess: (paths) => void addFiles(paths),
  });
  const over = useDropTarget(section, (paths) => void addFiles(paths));

  return (
    <section
      ref={section}
      className={`page relationship-files${over ? " drop-over" : ""}`}
      data-testid="relationship-files"
    >
      <header className="page-header row">
        <h2 className="section-title">{t.files.title}</h2>
        <span className="row">
          <span className="muted small">{over ? t.files.dropHere : t.files.dropHint}</span>
          <button
            type="button"
            className="button primary"
            data-testid="files-add"
            disabled={pick.isPending}
            onClick={() => pick.mutate()}
          >
            + {t.files.add}
          </button>
        </span>
      </header>
      <p className="muted">{t.files.intro}</p>
      {pick.isError && (
        <div className="notice error" role="alert">
          <ErrorText error={pick.error} />
        </div>
      )}
      {outcomes.length > 0 && (
        <ul className="file-outcomes" data-testid="file-outcomes" aria-live="polite">
          {outcomes.map((o) => (
            <OutcomeLine key={o.key} outcome={o} />
          ))}
          {!busy && (
            <li>
              <button type="button" className="button ghost small" onClick={() => setOutcomes([])}>
                {t.files.dismiss}
              </button>
            </li>
          )}
        </ul>
      )}
      <Status query={query}>
        {(files) =>
          files.length === 0 ? (
            <Empty title={t.files.empty} hint={t.files.emptyHint} />
          ) : (
            <FileTable files={files} relationshipId={relationshipId} />
          )
        }
      </Status>
    </section>
  );
}

function OutcomeLine({ outcome }: { outcome: Outcome }) {
  const t = useT();
  switch (outcome.state) {
    case "reading":
      return (
        <li className="muted" data-testid="file-outcome" data-state="reading">
          {t.files.reading(outcome.name)}
        </li>
      );
    case "added":
      return (
        <li className="notice" data-testid="file-outcome" data-state="added">
          {t.files.added(outcome.name, outcome.figures)}
        </li>
      );
    case "already":
      return (
        <li className="muted" data-testid="file-outcome" data-state="already">
          {t.files.alreadyAdded(outcome.name)}
        </li>
      );
    case "failed":
      return (
        <li className="notice error" role="alert" data-testid="file-outcome" data-state="failed">
          <strong>{t.files.failed(outcome.name)}</strong> <ErrorText error={outcome.error} />
        </li>
      );
  }
}

function FileTable({ files, relationshipId }: { files: ListedFile[]; relationshipId: number }) {
  const t = useT();
  const c = t.files.columns;
  return (
    <div className="table-scroll">
      <table className="table files-table">
        <thead>
          <tr>
            <th>{c.name}</th>
            <th>{c.kind}</th>
            <th className="num">{c.size}</th>
            <th>{c.parts}</th>
            <th>{c.added}</th>
            <th>{c.figures}</th>
            <th aria-label={t.files.remove} />
          </tr>
        </thead>
        <tbody>
          {files.map((file) => (
            <FileRow key={file.id} file={file} relationshipId={relationshipId} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function FileRow({ file, relationshipId }: { file: ListedFile; relationshipId: number }) {
  const t = useT();
  const locale = useLocale();
  const open = useMutation({ mutationFn: () => call(commands.openRelationshipFile(relationshipId, file.id)) });
  const parts = t.files.parts(file.parts, file.part_kind);
  return (
    <tr data-testid="file" data-file-id={file.id}>
      <td className="strong file-name" data-testid="file-name">
        {file.name}
      </td>
      <td>
        <span className="badge">{t.files.formats[formatOf(file.name)]}</span>
      </td>
      <td className="num">{formatBytes(file.size_bytes)}</td>
      <td data-testid="file-parts">{parts}</td>
      <td>{formatDate(file.added_at, locale)}</td>
      <td data-testid="file-figures">{t.files.figures(file.figures)}</td>
      <td className="file-actions">
        <span className="row">
          <button
            type="button"
            className="button ghost small"
            data-testid="file-open"
            disabled={open.isPending}
            onClick={() => open.mutate()}
          >
            {t.files.open}
          </button>
          <ConfirmDelete
            testId="file-remove"
            label={t.files.remove}
            question={t.files.removeQuestion(file.name)}
            // Counted afresh when the box opens: the figures may have changed since the list was read.
            count={() => call(commands.listRelationshipFiles(relationshipId)).then((all) => all.find((f) => f.id === file.id) ?? file)}
            countKey={[...keys.relationshipFiles(relationshipId), "remove", file.id]}
            describe={(f) => ({
              goes: t.files.removeGoes(f.name, formatBytes(f.size_bytes), t.files.parts(f.parts, f.part_kind)),
              stays: t.files.removeStays(f.figures),
            })}
            onDelete={() => call(commands.removeRelationshipFile(relationshipId, file.id))}
            onDeleted={() => void refreshFiles(relationshipId)}
          />
        </span>
        {open.isError && <ErrorText error={open.error} />}
      </td>
    </tr>
  );
}

/**
 * Listens to files dragged over the window (the webview's own drop event has no paths,
 * so the app forwards them) and hands those dropped on `target` to `onDrop`; says
 * whether a drag is over it now.
 */
function useDropTarget(target: RefObject<HTMLElement | null>, onDrop: (paths: string[]) => void): boolean {
  const [over, setOver] = useState(false);
  const handler = useRef(onDrop);
  useEffect(() => {
    handler.current = onDrop;
  });
  useEffect(() => {
    let active = true;
    const inside = (x: number, y: number) => {
      const element = target.current;
      if (element === null) return false;
      // The app sends physical pixels; the page lays out in CSS pixels.
      const ratio = window.devicePixelRatio || 1;
      const rect = element.getBoundingClientRect();
      const [cx, cy] = [x / ratio, y / ratio];
      return cx >= rect.left && cx <= rect.right && cy >= rect.top && cy <= rect.bottom;
    };
    const channel = new Channel<FileDrop>();
    channel.onmessage = (drop) => {
      // A later section (another relationship, a reload) has the app's one channel;
      // this one may still hear a message sent before it took over.
      if (!active) return;
      if (drop.kind === "over") setOver(inside(drop.x ?? -1, drop.y ?? -1));
      else {
        setOver(false);
        if (drop.kind === "drop" && inside(drop.x ?? -1, drop.y ?? -1)) handler.current(drop.paths);
      }
    };
    void commands.watchFileDrops(channel);
    return () => {
      active = false;
    };
  }, [target]);
  return over;
}

/** The last part of a path, on any system. */
function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

const FORMATS: Record<string, FileFormat> = {
  pdf: "pdf",
  docx: "word",
  pptx: "slides",
  key: "slides",
  xlsx: "spreadsheet",
  xlsm: "spreadsheet",
  xlsb: "spreadsheet",
  xls: "spreadsheet",
  ods: "spreadsheet",
  csv: "spreadsheet",
  tsv: "spreadsheet",
  txt: "text",
  md: "text",
  markdown: "text",
  png: "image",
  jpg: "image",
  jpeg: "image",
  gif: "image",
  webp: "image",
  heic: "image",
  mp4: "video",
  mov: "video",
};

/** What a file is, by its name's extension (as the store reads it). */
export function formatOf(name: string): FileFormat {
  const dot = name.lastIndexOf(".");
  return dot < 0 ? "other" : (FORMATS[name.slice(dot + 1).toLowerCase()] ?? "other");
}
