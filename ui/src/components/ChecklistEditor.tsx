// A checklist's items, editable: add at the end, edit text and keywords, move up or
// down, delete after a confirmation. Used for a meeting type's checklist and for a
// relationship's own. Every change refreshes the checklists and the meetings'
// insights, whose coverage follows the items.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { commands, type Checklist, type ChecklistItem, type NewChecklistItem } from "../bindings.gen";
import { ErrorText } from "../errors";
import { useT } from "../i18n";
import { call } from "../ipc";
import { all } from "../queries";
import { ChecklistItemForm } from "./ChecklistItemForm";
import { ConfirmBar } from "./ConfirmBar";

function useRefresh() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([all.checklists, all.insights].map((queryKey) => queryClient.invalidateQueries({ queryKey })));
}

interface Props {
  /** `null` while the list has no checklist yet (a relationship's, before its first item). */
  checklist: Checklist | null;
  onAdd: (item: NewChecklistItem) => Promise<ChecklistItem>;
}

export function ChecklistEditor({ checklist, onAdd }: Props) {
  const t = useT().checklists;
  const refresh = useRefresh();
  const add = useMutation({ mutationFn: onAdd, onSuccess: refresh });
  const items = checklist?.items ?? [];
  return (
    <div className="checklist-editor" data-testid="checklist-editor">
      {items.length === 0 ? (
        <p className="hint">{t.empty}</p>
      ) : (
        <>
          <p className="muted small">{t.items(items.length)}</p>
          <ol className="checklist-items">
            {items.map((item, i) => (
              <ItemRow key={item.id} item={item} first={i === 0} last={i === items.length - 1} />
            ))}
          </ol>
        </>
      )}
      <ChecklistItemForm
        initial={{ text: "", keywords: [] }}
        submitLabel={t.add}
        pending={add.isPending}
        error={add.error}
        onSubmit={(item) => add.mutateAsync(item).then(() => true, () => false)}
      />
    </div>
  );
}

type Mode = "view" | "edit" | "confirm-delete";

function ItemRow({ item, first, last }: { item: ChecklistItem; first: boolean; last: boolean }) {
  const { checklists: t, common } = useT();
  const refresh = useRefresh();
  const [mode, setMode] = useState<Mode>("view");
  const edit = useMutation({
    mutationFn: (next: NewChecklistItem) => call(commands.editChecklistItem(item.id, next)),
    onSuccess: async () => {
      await refresh();
      setMode("view");
    },
  });
  const move = useMutation({
    mutationFn: (position: number) => call(commands.moveChecklistItem(item.id, position)),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: () => call(commands.deleteChecklistItem(item.id)),
    onSuccess: refresh,
  });

  if (mode === "edit") {
    return (
      <li className="checklist-item" data-testid="checklist-item">
        <ChecklistItemForm
          initial={item}
          submitLabel={common.save}
          pending={edit.isPending}
          error={edit.error}
          onSubmit={(next) => edit.mutateAsync(next).then(() => true, () => false)}
          onCancel={() => setMode("view")}
        />
      </li>
    );
  }
  const error = move.error ?? remove.error;
  return (
    <li className="checklist-item" data-testid="checklist-item">
      <div className="checklist-item-body">
        <span className="checklist-text" data-testid="checklist-item-text">
          {item.text}
        </span>
        <span className="muted small">{item.keywords.length > 0 ? item.keywords.join(", ") : t.noKeywords}</span>
      </div>
      {error !== null && (
        <div className="notice error" role="alert">
          <ErrorText error={error} />
        </div>
      )}
      {mode === "confirm-delete" ? (
        <ConfirmBar
          question={t.deleteConfirm}
          yes={t.delete}
          no={t.keep}
          pending={remove.isPending}
          onYes={() => remove.mutate()}
          onNo={() => setMode("view")}
        />
      ) : (
        <div className="followup-actions">
          <MoveButton label={t.up} testId="item-up" disabled={first || move.isPending} onClick={() => move.mutate(item.position - 1)}>
            ↑
          </MoveButton>
          <MoveButton label={t.down} testId="item-down" disabled={last || move.isPending} onClick={() => move.mutate(item.position + 1)}>
            ↓
          </MoveButton>
          <button type="button" className="button ghost small" data-testid="item-edit" onClick={() => setMode("edit")}>
            {t.edit}
          </button>
          <button
            type="button"
            className="button ghost small"
            data-testid="item-delete"
            onClick={() => setMode("confirm-delete")}
          >
            {t.delete}
          </button>
        </div>
      )}
    </li>
  );
}

/** An arrow button that says what it does to a screen reader and on hover. */
function MoveButton(props: { label: string; testId: string; disabled: boolean; onClick: () => void; children: ReactNode }) {
  return (
    <button
      type="button"
      className="button ghost small"
      data-testid={props.testId}
      aria-label={props.label}
      title={props.label}
      disabled={props.disabled}
      onClick={props.onClick}
    >
      {props.children}
    </button>
  );
}
