// What the copilot suggests, with the user's say on each: questions are marked used /
// ignored / dismissed (action items are in ActionItems.tsx). Shared by the live meeting
// and the meeting page. Model output is shown as text, never HTML.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  commands,
  type AiQuestion,
  type QuestionAction,
  type QuestionPriority,
} from "../bindings.gen";
import { QUESTION_ACTIONS } from "../enums";
import { useT } from "../i18n";
import { ErrorText } from "../errors";
import { call } from "../ipc";
import { keys } from "../queries";

const PRIORITY_ORDER = { critical: 0, important: 1, follow_up: 2 } satisfies Record<QuestionPriority, number>;

/** A click's failure, shown beside the list until the next click. */
function Failure({ error }: { error: Error | null }) {
  if (error === null) return null;
  return (
    <div className="notice error" role="alert">
      <ErrorText error={error} />
    </div>
  );
}

interface QuestionProps {
  questions: AiQuestion[];
  /** Ids of critical questions never used, marked as missed (after the meeting). */
  missed?: number[];
  onChanged: (question: AiQuestion) => void;
}

export function QuestionList({ questions, missed = [], onChanged }: QuestionProps) {
  const t = useT();
  const mark = useMutation({
    mutationFn: ({ id, action }: { id: number; action: QuestionAction }) => call(commands.markQuestion(id, action)),
    onSuccess: onChanged,
  });
  const shown = questions
    .filter((q) => q.user_action !== "dismissed")
    .sort((a, b) => {
      // Open ones first, then by priority; the caller's order (newest first) breaks ties.
      const open = Number(a.user_action !== null) - Number(b.user_action !== null);
      return open || PRIORITY_ORDER[a.priority] - PRIORITY_ORDER[b.priority];
    });
  if (shown.length === 0) return <p className="hint">{t.copilot.noQuestions}</p>;
  return (
    <>
      <Failure error={mark.error} />
      <ol className="followups" data-testid="questions">
        {shown.map((q) => (
          <li
            key={q.id}
            className={`followup priority-${q.priority}${q.user_action !== null ? " done" : ""}`}
            data-testid="question"
            data-priority={q.priority}
          >
            <div className="followup-head">
              <span className={`badge priority-${q.priority}`}>{t.copilot.priority[q.priority]}</span>
              {missed.includes(q.id) && <span className="badge missed">{t.copilot.missed}</span>}
              {q.user_action !== null && <span className="badge">{t.copilot.marked[q.user_action]}</span>}
            </div>
            <p className="followup-text">{q.text}</p>
            <p className="followup-reason">{q.reason}</p>
            <div className="followup-actions">
              {QUESTION_ACTIONS.filter((choice) => choice !== q.user_action)
                .map((choice) => (
                  <button
                    key={choice}
                    type="button"
                    className="button ghost small"
                    data-testid={`mark-${choice}`}
                    onClick={() => mark.mutate({ id: q.id, action: choice })}
                  >
                    {t.copilot.mark[choice]}
                  </button>
                ))}
            </div>
          </li>
        ))}
      </ol>
    </>
  );
}

/** The meeting's own language model switch; the meeting's page shows what it returns. */
export function LlmSwitch({
  meetingId,
  on,
  onChanged,
}: {
  meetingId: number;
  on: boolean;
  onChanged?: (on: boolean) => void;
}) {
  const t = useT();
  const queryClient = useQueryClient();
  const flip = useMutation({
    mutationFn: (next: boolean) => call(commands.setMeetingLlm(meetingId, next)),
    onSuccess: (insights) => {
      queryClient.setQueryData(keys.insights(meetingId), insights);
      onChanged?.(insights.llm_for_meeting);
    },
  });
  return (
    <label className="switch" title={t.copilot.switchHint}>
      <input
        type="checkbox"
        data-testid="meeting-llm"
        checked={on}
        onChange={(e) => flip.mutate(e.target.checked)}
      />{" "}
      {t.copilot.switch}
      {flip.isError && (
        <div role="alert">
          <ErrorText error={flip.error} />
        </div>
      )}
    </label>
  );
}
