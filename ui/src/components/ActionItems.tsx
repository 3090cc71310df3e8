// The action items the model found, with the user's say on each: approve or reject,
// mark done, reword (text, owner, due date) or remove. What the user changed stays
// theirs when the meeting is analysed again (the store keeps the model's text aside
// and a marker for a removed item). Model output is shown as text, never HTML.

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { commands, type ActionItem, type ActionItemStatus } from "../bindings.gen";
import { ErrorText } from "../errors";
import { FormFooter } from "./FormFooter";
import { formatDate } from "../format";
import { useLocale, useT } from "../i18n";
import { call } from "../ipc";

/** What the user can decide about an action item, and the button's word for it. */
const REVIEWS = [
  ["approved", "approve"],
  ["rejected", "reject"],
] as const satisfies readonly (readonly [ActionItemStatus, string])[];

interface Props {
  items: ActionItem[];
  onChanged: (item: ActionItem) => void;
  /** Without it, items cannot be removed (the live view only reviews them). */
  onRemoved?: (id: number) => void;
}

export function ActionItemList({ items, onChanged, onRemoved }: Props) {
  const t = useT();
  if (items.length === 0) return <p className="hint">{t.copilot.noActionItems}</p>;
  return (
    <ol className="followups" data-testid="action-items">
      {items.map((a) => (
        <ActionItemRow key={a.id} item={a} onChanged={onChanged} onRemoved={onRemoved} />
      ))}
    </ol>
  );
}

type Mode = "view" | "edit" | "confirm-remove";

function ActionItemRow({
  item,
  onChanged,
  onRemoved,
}: {
  item: ActionItem;
  onChanged: (item: ActionItem) => void;
  onRemoved?: (id: number) => void;
}) {
  const t = useT();
  const locale = useLocale();
  const [mode, setMode] = useState<Mode>("view");
  const status = useMutation({
    mutationFn: (next: ActionItemStatus) => call(commands.reviewActionItem(item.id, next)),
    onSuccess: onChanged,
  });
  const remove = useMutation({
    mutationFn: () => call(commands.removeActionItem(item.id)),
    onSuccess: () => onRemoved?.(item.id),
  });
  const error = status.error ?? remove.error;

  if (mode === "edit") {
    return (
      <li className={`followup status-${item.status}`} data-testid="action-item">
        <ActionItemEditor
          item={item}
          onDone={(saved) => {
            if (saved !== null) onChanged(saved);
            setMode("view");
          }}
        />
      </li>
    );
  }
  return (
    <li className={`followup status-${item.status}`} data-testid="action-item">
      <p className="followup-text">{item.text}</p>
      <p className="followup-reason">
        {[
          item.assignee !== null ? t.copilot.assignee(item.assignee) : null,
          item.due_date !== null ? t.copilot.due(formatDate(item.due_date, locale)) : null,
          item.confidence !== null && item.model_text === null
            ? t.copilot.confidence(Math.round(item.confidence * 100))
            : null,
        ]
          .filter((part) => part !== null)
          .join(" · ")}
      </p>
      {item.model_text !== null && <p className="muted small">{t.followups.modelSaid(item.model_text)}</p>}
      {error !== null && (
        <div className="notice error" role="alert">
          <ErrorText error={error} />
        </div>
      )}
      {mode === "confirm-remove" ? (
        <div className="followup-actions" role="group" data-testid="remove-confirm">
          <span>{t.followups.removeConfirm}</span>
          <button
            type="button"
            className="button primary small"
            data-testid="remove-yes"
            disabled={remove.isPending}
            onClick={() => remove.mutate()}
          >
            {t.followups.remove}
          </button>
          <button type="button" className="button ghost small" onClick={() => setMode("view")}>
            {t.followups.keep}
          </button>
        </div>
      ) : (
        <div className="followup-actions">
          <span className="badge">{t.copilot.status[item.status]}</span>
          {REVIEWS.filter(([s]) => s !== item.status && item.status !== "completed").map(([s, verb]) => (
            <button
              key={verb}
              type="button"
              className="button ghost small"
              data-testid={verb}
              onClick={() => status.mutate(s)}
            >
              {t.copilot[verb]}
            </button>
          ))}
          {item.status !== "rejected" && (
            <button
              type="button"
              className="button ghost small"
              data-testid={item.status === "completed" ? "reopen" : "complete"}
              onClick={() => status.mutate(item.status === "completed" ? "approved" : "completed")}
            >
              {item.status === "completed" ? t.followups.reopen : t.followups.complete}
            </button>
          )}
          <button type="button" className="button ghost small" data-testid="edit" onClick={() => setMode("edit")}>
            {t.followups.edit}
          </button>
          {onRemoved !== undefined && (
            <button
              type="button"
              className="button ghost small"
              data-testid="remove"
              onClick={() => setMode("confirm-remove")}
            >
              {t.followups.remove}
            </button>
          )}
        </div>
      )}
    </li>
  );
}

/** The item's fields in a small form; `onDone` gets the saved item, or null on cancel. */
function ActionItemEditor({ item, onDone }: { item: ActionItem; onDone: (saved: ActionItem | null) => void }) {
  const t = useT();
  const [text, setText] = useState(item.text);
  const [owner, setOwner] = useState(item.assignee ?? "");
  const [due, setDue] = useState(item.due_date ?? "");
  const save = useMutation({
    mutationFn: () =>
      call(
        commands.editActionItem(item.id, {
          text,
          assignee: owner.trim() === "" ? null : owner.trim(),
          due_date: due === "" ? null : due,
        }),
      ),
    onSuccess: onDone,
  });
  return (
    <form
      className="action-editor"
      data-testid="action-editor"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <label>
        {t.followups.text}
        <input name="action-text" value={text} required autoFocus onChange={(e) => setText(e.target.value)} />
      </label>
      <div className="row">
        <label>
          {t.followups.owner}
          <input name="action-owner" value={owner} onChange={(e) => setOwner(e.target.value)} />
        </label>
        <label>
          {t.followups.due}
          <input name="action-due" type="date" value={due} onChange={(e) => setDue(e.target.value)} />
        </label>
      </div>
      <FormFooter
        error={save.error}
        onCancel={() => onDone(null)}
        label={t.common.save}
        busyLabel={t.common.saving}
        busy={save.isPending}
        testId="action-save"
      />
    </form>
  );
}
