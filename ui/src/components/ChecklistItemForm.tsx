// An item's text and keywords in a small form, for adding an item and for editing one.

import { useState } from "react";
import type { NewChecklistItem } from "../bindings.gen";
import { ErrorText } from "../errors";
import { useT } from "../i18n";

/** Keywords as typed: comma-separated (Korean or Western commas), blanks dropped. */
export function parseList(text: string): string[] {
  return text
    .split(/[,，、]/)
    .map((k) => k.trim())
    .filter((k) => k !== "");
}

interface Props {
  initial: NewChecklistItem;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  /** Returns whether it was saved; an added item's form empties itself then. */
  onSubmit: (item: NewChecklistItem) => Promise<boolean>;
  onCancel?: () => void;
}

export function ChecklistItemForm({ initial, submitLabel, pending, error, onSubmit, onCancel }: Props) {
  const t = useT().checklists;
  const common = useT().common;
  const [text, setText] = useState(initial.text);
  const [keywords, setKeywords] = useState(initial.keywords.join(", "));
  return (
    <form
      className="checklist-form"
      data-testid="checklist-item-form"
      onSubmit={(e) => {
        e.preventDefault();
        void onSubmit({ text, keywords: parseList(keywords) }).then((saved) => {
          if (saved && onCancel === undefined) {
            setText("");
            setKeywords("");
          }
        });
      }}
    >
      <label className="field">
        <span>{t.text}</span>
        <input name="item-text" value={text} required maxLength={500} onChange={(e) => setText(e.target.value)} />
      </label>
      <label className="field">
        <span>
          {t.keywords} <small className="muted">({t.keywordsHint})</small>
        </span>
        <input name="item-keywords" value={keywords} onChange={(e) => setKeywords(e.target.value)} />
      </label>
      {error !== null && (
        <div className="notice error" role="alert">
          <ErrorText error={error} />
        </div>
      )}
      <div className="row">
        <button type="submit" className="button primary small" data-testid="item-save" disabled={pending}>
          {pending ? common.saving : submitLabel}
        </button>
        {onCancel !== undefined && (
          <button type="button" className="button ghost small" onClick={onCancel}>
            {common.cancel}
          </button>
        )}
      </div>
    </form>
  );
}
