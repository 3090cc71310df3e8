// A delete that asks first: the button opens a box that lists what goes and what stays
// (counted by the store when the box opens, so the numbers are today's), then deletes
// on a second, explicit click, or only once a word is typed where more is at stake.

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useT } from "../i18n";
import { ErrorText } from "../errors";
import type { Consequences } from "../locales/data.types";
import { Status } from "./Status";

interface Props<T> {
  /** The test ids: `<testId>` (the button), `-confirm`, `-word`, `-yes`. */
  testId: string;
  label: string;
  question: string;
  /** Counts what the delete would take, and says it in words (in the language shown
   * now, which may change while the box is open). */
  count: () => Promise<T>;
  countKey: readonly unknown[];
  describe: (counted: T) => Consequences;
  /** A word to type before the delete is allowed; without it a second click does. */
  word?: string;
  onDelete: () => Promise<unknown>;
  onDeleted: () => void;
}

export function ConfirmDelete<T>(props: Props<T>) {
  const { testId, label, question, count, countKey, describe, word, onDelete, onDeleted } = props;
  const t = useT();
  const c = t.data.confirm;
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  // Counted afresh each time the box opens, never from an older answer.
  const consequences = useQuery({ queryKey: countKey, queryFn: count, enabled: open, gcTime: 0, staleTime: 0 });
  const deleting = useMutation({
    mutationFn: onDelete,
    onSuccess: () => {
      setOpen(false);
      setTyped("");
      onDeleted();
    },
  });
  if (!open) {
    return (
      <button type="button" className="button danger" data-testid={testId} onClick={() => setOpen(true)}>
        {label}
      </button>
    );
  }
  const allowed = consequences.isSuccess && !deleting.isPending && (word === undefined || typed.trim() === word);
  return (
    <div className="confirm-delete" role="alertdialog" aria-label={question} data-testid={`${testId}-confirm`}>
      <p className="confirm-question">{question}</p>
      <Status query={consequences}>
        {(counted) => (
          <Lists {...describe(counted)} testId={testId} />
        )}
      </Status>
      {word !== undefined && (
        <label className="field">
          <span>{c.typeWord(word)}</span>
          <input
            data-testid={`${testId}-word`}
            autoComplete="off"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
          />
        </label>
      )}
      {deleting.isError && (
        <div className="notice error" role="alert">
          <ErrorText error={deleting.error} />
        </div>
      )}
      <div className="form-actions">
        <button type="button" className="button ghost" onClick={() => setOpen(false)} disabled={deleting.isPending}>
          {t.common.cancel}
        </button>
        <button
          type="button"
          className="button danger solid"
          data-testid={`${testId}-yes`}
          disabled={!allowed}
          onClick={() => deleting.mutate()}
        >
          {deleting.isPending ? c.deleting : c.yes}
        </button>
      </div>
    </div>
  );
}

function Lists({ goes, stays, testId }: Consequences & { testId: string }) {
  const c = useT().data.confirm;
  return (
    <div className="confirm-lists">
      <div>
        <p>{c.goes}</p>
        <ul data-testid={`${testId}-goes`}>
          {goes.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </div>
      {stays.length > 0 && (
        <div>
          <p>{c.stays}</p>
          <ul>
            {stays.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
