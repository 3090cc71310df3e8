// One glossary term's fields, for adding a term or editing one (shipped terms
// included), with Delete behind a confirmation for a term that exists.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { commands, type Difficulty, type GlossaryTerm, type NewGlossaryTerm } from "../bindings.gen";
import { ErrorText } from "../errors";
import { useT } from "../i18n";
import { call } from "../ipc";
import { all } from "../queries";
import { parseList } from "./ChecklistItemForm";
import { ConfirmBar } from "./ConfirmBar";

const DIFFICULTIES: readonly Difficulty[] = ["basic", "intermediate", "advanced"];

export const EMPTY_TERM: NewGlossaryTerm = {
  term: "",
  aliases: [],
  definition_en: "",
  definition_ko: "",
  example: "",
  category: "",
  difficulty: "basic",
};

interface Props {
  /** The term to edit, or `null` to add one. */
  existing: GlossaryTerm | null;
  onDone: () => void;
}

export function GlossaryForm({ existing, onDone }: Props) {
  const { checklists: t, common } = useT();
  const f = t.fields;
  const [draft, setDraft] = useState<NewGlossaryTerm>(existing ?? EMPTY_TERM);
  const [aliases, setAliases] = useState((existing?.aliases ?? []).join(", "));
  const [confirming, setConfirming] = useState(false);
  const queryClient = useQueryClient();
  const done = async () => {
    // A meeting's findings explain the terms heard in it from the glossary.
    await Promise.all([all.glossary, all.insights].map((queryKey) => queryClient.invalidateQueries({ queryKey })));
    onDone();
  };
  const save = useMutation({
    mutationFn: (term: NewGlossaryTerm) =>
      call(existing === null ? commands.addGlossaryTerm(term) : commands.editGlossaryTerm(existing.id, term)),
    onSuccess: done,
  });
  const remove = useMutation({
    mutationFn: (id: number) => call(commands.deleteGlossaryTerm(id)),
    onSuccess: done,
  });
  const text = (key: "term" | "definition_ko" | "definition_en" | "example" | "category") => ({
    name: key,
    value: draft[key],
    onChange: (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [key]: e.target.value })),
  });
  const error = save.error ?? remove.error;

  return (
    <form
      className="form glossary-form"
      data-testid="glossary-form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ ...draft, aliases: parseList(aliases) });
      }}
    >
      <h3>{existing === null ? t.newTerm : t.editTerm(existing.term)}</h3>
      <fieldset className="two-columns">
        <label className="field">
          <span>{f.term}</span>
          <input {...text("term")} required maxLength={100} />
        </label>
        <label className="field">
          <span>
            {f.aliases} <small className="muted">({f.aliasesHint})</small>
          </span>
          <input name="aliases" value={aliases} onChange={(e) => setAliases(e.target.value)} />
        </label>
        <label className="field wide">
          <span>{f.definitionKo}</span>
          <textarea {...text("definition_ko")} required rows={2} maxLength={2000} />
        </label>
        <label className="field wide">
          <span>{f.definitionEn}</span>
          <textarea {...text("definition_en")} required rows={2} maxLength={2000} />
        </label>
        <label className="field wide">
          <span>{f.example}</span>
          <input {...text("example")} maxLength={2000} />
        </label>
        <label className="field">
          <span>{f.category}</span>
          <input {...text("category")} maxLength={50} />
        </label>
        <label className="field">
          <span>{f.difficulty}</span>
          <select
            name="difficulty"
            value={draft.difficulty}
            onChange={(e) => setDraft((d) => ({ ...d, difficulty: e.target.value as Difficulty }))}
          >
            {DIFFICULTIES.map((d) => (
              <option key={d} value={d}>
                {t.difficulty[d]}
              </option>
            ))}
          </select>
        </label>
      </fieldset>
      {error !== null && (
        <div className="notice error" role="alert" data-testid="glossary-error">
          <ErrorText error={error} />
        </div>
      )}
      {confirming && existing !== null ? (
        <ConfirmBar
          question={t.deleteTermConfirm(existing.term)}
          yes={t.delete}
          no={t.keep}
          pending={remove.isPending}
          onYes={() => remove.mutate(existing.id)}
          onNo={() => setConfirming(false)}
        />
      ) : (
        <div className="form-actions">
          {existing !== null && (
            <button type="button" className="button ghost" data-testid="term-delete" onClick={() => setConfirming(true)}>
              {t.delete}
            </button>
          )}
          <button type="button" className="button ghost" onClick={onDone}>
            {common.cancel}
          </button>
          <button type="submit" className="button primary" data-testid="term-save" disabled={save.isPending}>
            {save.isPending ? common.saving : common.save}
          </button>
        </div>
      )}
    </form>
  );
}
