// Correcting a figure the spotter misheard ("$15,000" for "$50,000"): the right value
// replaces it, marked verified; the store keeps the misheard one dismissed so that
// analysing the meeting again does not bring it back.

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { commands, type RelationshipData } from "../bindings.gen";
import { ErrorText } from "../errors";
import { useT } from "../i18n";
import { call } from "../ipc";

export function FactCorrection({ row, onSaved }: { row: RelationshipData; onSaved: () => Promise<unknown> }) {
  const t = useT();
  const current = row.value.kind === "number" && row.value.value !== null ? String(row.value.value) : "";
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState(current);
  const correct = useMutation({
    mutationFn: (next: number) => call(commands.correctRelationshipData(row.id, { kind: "number", value: next })),
    onSuccess: async () => {
      await onSaved();
      setOpen(false);
    },
  });
  if (row.value.kind !== "number") return null;
  if (!open) {
    return (
      <button type="button" className="button ghost small" data-testid="fact-correct" onClick={() => setOpen(true)}>
        {t.facts.correct}
      </button>
    );
  }
  const number = Number(value);
  const valid = value.trim() !== "" && Number.isFinite(number);
  return (
    <form
      className="row fact-correction"
      data-testid="fact-correction"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) correct.mutate(number);
      }}
    >
      <input
        name="fact-value"
        type="number"
        step="any"
        value={value}
        autoFocus
        title={t.facts.correctHint}
        aria-label={t.facts.correctHint}
        onChange={(e) => setValue(e.target.value)}
      />
      <button type="submit" className="button primary small" data-testid="fact-correct-save" disabled={!valid || correct.isPending}>
        {correct.isPending ? t.common.saving : t.common.save}
      </button>
      <button type="button" className="button ghost small" onClick={() => setOpen(false)}>
        {t.common.cancel}
      </button>
      {correct.isError && <ErrorText error={correct.error} />}
    </form>
  );
}
