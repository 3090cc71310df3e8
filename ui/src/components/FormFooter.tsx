// The end of a form: why saving failed, if it did, then Cancel (when offered) and the
// submit button, which says it is busy while the form's mutation runs.

import { ErrorText } from "../errors";
import { useT } from "../i18n";

interface Props {
  /** What went wrong, from the form's mutation; `null` or `undefined` for nothing. */
  error?: unknown;
  errorTestId?: string;
  onCancel?: () => void;
  label: string;
  /** What the button says while `busy`; the label stays when not given. */
  busyLabel?: string;
  busy?: boolean;
  /** Disabled for another reason than being busy (a required choice is missing). */
  disabled?: boolean;
  testId: string;
}

export function FormFooter({ error, errorTestId, onCancel, label, busyLabel, busy = false, disabled = false, testId }: Props) {
  const t = useT();
  return (
    <>
      {error !== null && error !== undefined && (
        <div className="notice error" role="alert" data-testid={errorTestId}>
          <ErrorText error={error} />
        </div>
      )}
      <div className="form-actions">
        {onCancel !== undefined && (
          <button type="button" className="button ghost" onClick={onCancel}>
            {t.common.cancel}
          </button>
        )}
        <button type="submit" className="button primary" data-testid={testId} disabled={busy || disabled}>
          {busy && busyLabel !== undefined ? busyLabel : label}
        </button>
      </div>
    </>
  );
}
