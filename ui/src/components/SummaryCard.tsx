// The meeting's summary: the model's, or the user's once edited (an analysis then keeps
// it). Key points and decisions are edited one per line. Shown as text, never HTML.

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { commands, type Summary } from "../bindings.gen";
import { FormFooter } from "./FormFooter";
import { useT } from "../i18n";
import { call } from "../ipc";
import { all, queryClient } from "../queries";

interface Props {
  meetingId: number;
  summary: Summary | null;
  onSaved: (summary: Summary) => void;
}

export function SummaryCard({ meetingId, summary, onSaved }: Props) {
  const t = useT();
  const [editing, setEditing] = useState(false);
  if (editing) {
    return (
      <SummaryEditor
        meetingId={meetingId}
        summary={summary}
        onDone={(saved) => {
          if (saved !== null) onSaved(saved);
          setEditing(false);
        }}
      />
    );
  }
  return (
    <>
      {summary === null ? (
        <p className="hint">{t.copilot.noSummary}</p>
      ) : (
        <div className="summary" data-testid="summary">
          <p className="summary-content">{summary.content}</p>
          <Bullets title={t.copilot.keyPoints} items={summary.key_points} />
          <Bullets title={t.copilot.decisions} items={summary.decisions} />
          <Bullets title={t.copilot.missedQuestions} items={summary.missed_questions} />
          {summary.edited_at !== null && (
            <p className="muted small" data-testid="summary-edited">
              {t.followups.editedByYou}
            </p>
          )}
        </div>
      )}
      <button type="button" className="button ghost small" data-testid="summary-edit" onClick={() => setEditing(true)}>
        {t.followups.editSummary}
      </button>
    </>
  );
}

const lines = (text: string) =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");

function SummaryEditor({
  meetingId,
  summary,
  onDone,
}: {
  meetingId: number;
  summary: Summary | null;
  onDone: (saved: Summary | null) => void;
}) {
  const t = useT();
  const [content, setContent] = useState(summary?.content ?? "");
  const [keyPoints, setKeyPoints] = useState((summary?.key_points ?? []).join("\n"));
  const [decisions, setDecisions] = useState((summary?.decisions ?? []).join("\n"));
  const save = useMutation({
    mutationFn: () =>
      call(
        commands.editSummary(meetingId, {
          content,
          key_points: lines(keyPoints),
          decisions: lines(decisions),
          missed_questions: summary?.missed_questions ?? [],
        }),
      ),
    onSuccess: async (saved) => {
      // Search finds meetings by their summaries.
      await queryClient.invalidateQueries({ queryKey: all.search });
      onDone(saved);
    },
  });
  return (
    <form
      className="summary-editor"
      data-testid="summary-editor"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <label>
        {t.followups.summaryText}
        <textarea name="summary-content" rows={6} value={content} autoFocus onChange={(e) => setContent(e.target.value)} />
      </label>
      <label>
        {t.followups.keyPointsHint}
        <textarea name="summary-key-points" rows={4} value={keyPoints} onChange={(e) => setKeyPoints(e.target.value)} />
      </label>
      <label>
        {t.followups.decisionsHint}
        <textarea name="summary-decisions" rows={3} value={decisions} onChange={(e) => setDecisions(e.target.value)} />
      </label>
      <FormFooter
        error={save.error}
        onCancel={() => onDone(null)}
        label={t.common.save}
        busyLabel={t.common.saving}
        busy={save.isPending}
        testId="summary-save"
      />
    </form>
  );
}

function Bullets({ title, items }: { title: string; items: string[] }) {
  if (items.length === 0) return null;
  return (
    <>
      <h3>{title}</h3>
      <ul>
        {items.map((item, i) => (
          <li key={i}>{item}</li>
        ))}
      </ul>
    </>
  );
}
