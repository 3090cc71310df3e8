// Errors as the user reads them: each command error's kind in the user's language with
// the next step; the crate's own English text only under "details", for a bug report.

import type { AppError } from "./bindings.gen";
import { useT, type Messages } from "./i18n";
import { CommandError } from "./ipc";

/** The sentence for `error`, and the technical text behind it when there is one. */
export function describeError(t: Messages, error: unknown): { text: string; detail: string | null } {
  if (error instanceof CommandError) {
    const subject = error.subject === null ? null : (t.errors.fields[error.subject] ?? error.subject);
    return { text: t.errors.kinds[error.kind](subject), detail: error.message };
  }
  // Not from a command: a bug in the window itself. Say so, keep the text for the report.
  const detail = error instanceof Error ? error.message : typeof error === "string" ? error : JSON.stringify(error);
  return { text: t.errors.kinds.internal(null), detail };
}

/** An error's sentence, with its technical text folded away beneath. */
export function ErrorText({ error }: { error: unknown }) {
  const t = useT();
  const { text, detail } = describeError(t, error);
  return (
    <>
      <span className="error-text">{text}</span>
      {detail !== null && detail !== text && (
        <details className="error-detail">
          <summary>{t.errors.details}</summary>
          <code>{detail}</code>
        </details>
      )}
    </>
  );
}

export type { AppError };
