// Settings' data section: export everything to one archive (the system's save dialog),
// restore an archive into an empty folder, delete everything (after saying exactly what
// goes and a typed word), then the audit log that records each of them.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { commands, type ArchiveSummary } from "../bindings.gen";
import { ConfirmDelete } from "../components/ConfirmDelete";
import { formatBytes } from "../format";
import { useT } from "../i18n";
import { ErrorText } from "../errors";
import { call, CommandError } from "../ipc";
import { all, keys } from "../queries";
import { AuditLog } from "./AuditLog";

export function DataSettings() {
  return (
    <>
      <div className="form data-settings" data-testid="data-settings">
        <ArchiveExport />
        <ArchiveImport />
        <DeleteEverything />
      </div>
      <AuditLog />
    </>
  );
}

function ArchiveExport() {
  const d = useT().data;
  return (
    <ArchiveStep
      testId="export-archive"
      words={[d.exportTitle, d.exportBody, d.exportButton, d.exporting]}
      run={() => call(commands.exportArchive())}
      done={(s) => d.exported(s.path, formatBytes(s.bytes), s.files)}
    />
  );
}

function ArchiveImport() {
  const d = useT().data;
  return (
    <ArchiveStep
      testId="import-archive"
      words={[d.importTitle, d.importBody, d.importButton, d.importing]}
      run={() => call(commands.importArchive())}
      done={(s) => d.imported(s.path, s.rows.meetings ?? 0)}
      // The one refusal a person can act on at once: the folder chosen holds something.
      explain={(e) => (e instanceof CommandError && e.kind === "invalid" && e.subject === "data folder" ? d.importNotEmpty : null)}
    />
  );
}

interface StepProps {
  testId: string;
  /** Title, explanation, button, and the button while it runs. */
  words: [string, string, string, string];
  /** `null` when the person closed the dialog. */
  run: () => Promise<ArchiveSummary | null>;
  done: (summary: ArchiveSummary) => string;
  /** A sentence for an error this step knows better than the general one. */
  explain?: (error: Error) => string | null;
}

/** Writing or restoring an archive: a button that asks where, then the path and size,
 * or why not. The audit log gains a line either way it succeeds. */
function ArchiveStep({ testId, words: [title, body, button, busy], run, done, explain }: StepProps) {
  const queryClient = useQueryClient();
  const step = useMutation({
    mutationFn: run,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: all.audit }),
  });
  const explained = step.error === null ? null : (explain?.(step.error) ?? null);
  return (
    <fieldset className="data-step">
      <legend>{title}</legend>
      <p className="muted">{body}</p>
      <div className="data-actions">
        <button type="button" className="button" data-testid={testId} disabled={step.isPending} onClick={() => step.mutate()}>
          {step.isPending ? busy : button}
        </button>
      </div>
      {step.isError && (
        <div className="notice error" role="alert">
          {explained ?? <ErrorText error={step.error} />}
        </div>
      )}
      {step.isSuccess && step.data !== null && (
        <p className="notice" role="status" data-testid={`${testId}-result`}>
          {done(step.data)}
        </p>
      )}
    </fieldset>
  );
}

function DeleteEverything() {
  const t = useT();
  const d = t.data;
  const queryClient = useQueryClient();
  const [deleted, setDeleted] = useState(false);
  return (
    <fieldset className="data-step">
      <legend>{d.deleteTitle}</legend>
      <p className="muted">{d.deleteBody}</p>
      <div>
        <ConfirmDelete
          testId="delete-everything"
          label={d.deleteButton}
          question={d.deleteQuestion}
          countKey={keys.inventory}
          count={() => call(commands.dataInventory())}
          describe={(inventory) => d.everything(inventory, formatBytes(inventory.bytes))}
          word={d.confirm.word}
          onDelete={() => call(commands.deleteEverything())}
          // Every list, page and count the window holds is now wrong: all of it is read again.
          onDeleted={() => {
            setDeleted(true);
            void queryClient.invalidateQueries();
          }}
        />
      </div>
      {deleted && (
        <p className="notice" role="status" data-testid="deleted-everything">
          {d.deleted}
        </p>
      )}
    </fieldset>
  );
}
