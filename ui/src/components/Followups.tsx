// What the copilot suggests and hears agreed, with the user's say on each: questions
// are marked used / ignored / dismissed, action items approved or rejected. Shared by
// the live meeting and the meeting page. Model output is shown as text, never HTML.

import { useState } from "react";
import {
  commands,
  type ActionItem,
  type ActionItemStatus,
  type AiQuestion,
  type QuestionAction,
} from "../bindings.gen";
import { useT } from "../i18n";
import { call, errorMessage } from "../ipc";

const PRIORITY_ORDER = { critical: 0, important: 1, follow_up: 2 } as const;

/** What the user can decide about an action item, and the button's word for it. */
const REVIEWS = [
  ["approved", "approve"],
  ["rejected", "reject"],
] as const;

/** Runs a command for a click and keeps its failure to show beside the list. */
function useAction<T>(onDone: (result: T) => void) {
  const [error, setError] = useState<string | null>(null);
  const run = async (pending: () => Promise<T>) => {
    try {
      setError(null);
      onDone(await pending());
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const shown =
    error === null ? null : (
      <p className="notice error" role="alert">
        {error}
      </p>
    );
  return { run, shown };
}

interface QuestionProps {
  questions: AiQuestion[];
  /** Ids of critical questions never used, marked as missed (after the meeting). */
  missed?: number[];
  onChanged: (question: AiQuestion) => void;
}

export function QuestionList({ questions, missed = [], onChanged }: QuestionProps) {
  const t = useT();
  const action = useAction(onChanged);
  const shown = questions
    .filter((q) => q.user_action !== "dismissed")
    .sort((a, b) => {
      // Open ones first, then by priority; the caller's order (newest first) breaks ties.
      const open = Number(a.user_action !== null) - Number(b.user_action !== null);
      return open || PRIORITY_ORDER[a.priority] - PRIORITY_ORDER[b.priority];
    });
  const mark = (id: number, mark: QuestionAction) => action.run(() => call(commands.markQuestion(id, mark)));
  if (shown.length === 0) return <p className="hint">{t.copilot.noQuestions}</p>;
  return (
    <>
      {action.shown}
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
              {(["used", "ignored", "dismissed"] as const)
                .filter((choice) => choice !== q.user_action)
                .map((choice) => (
                  <button
                    key={choice}
                    type="button"
                    className="button ghost small"
                    data-testid={`mark-${choice}`}
                    onClick={() => void mark(q.id, choice)}
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

interface ActionProps {
  items: ActionItem[];
  onChanged: (item: ActionItem) => void;
}

export function ActionItemList({ items, onChanged }: ActionProps) {
  const t = useT();
  const action = useAction(onChanged);
  const review = (id: number, status: ActionItemStatus) =>
    action.run(() => call(commands.reviewActionItem(id, status)));
  if (items.length === 0) return <p className="hint">{t.copilot.noActionItems}</p>;
  return (
    <>
      {action.shown}
      <ol className="followups" data-testid="action-items">
        {items.map((a) => (
          <li key={a.id} className={`followup status-${a.status}`} data-testid="action-item">
            <p className="followup-text">{a.text}</p>
            <p className="followup-reason">
              {[
                a.assignee !== null ? t.copilot.assignee(a.assignee) : null,
                a.due_date !== null ? t.copilot.due(a.due_date) : null,
                a.confidence !== null ? t.copilot.confidence(Math.round(a.confidence * 100)) : null,
              ]
                .filter((part) => part !== null)
                .join(" · ")}
            </p>
            <div className="followup-actions">
              <span className="badge">{t.copilot.status[a.status]}</span>
              {REVIEWS.filter(([status]) => status !== a.status).map(([status, verb]) => (
                <button
                  key={verb}
                  type="button"
                  className="button ghost small"
                  data-testid={verb}
                  onClick={() => void review(a.id, status)}
                >
                  {t.copilot[verb]}
                </button>
              ))}
            </div>
          </li>
        ))}
      </ol>
    </>
  );
}

/** The meeting's own language model switch. */
export function LlmSwitch({
  meetingId,
  on,
  onChanged,
}: {
  meetingId: number;
  on: boolean;
  onChanged: (on: boolean) => void;
}) {
  const t = useT();
  const [error, setError] = useState<string | null>(null);
  const flip = async (next: boolean) => {
    try {
      setError(null);
      const insights = await call(commands.setMeetingLlm(meetingId, next));
      onChanged(insights.llm_for_meeting);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <label className="switch" title={t.copilot.switchHint}>
      <input
        type="checkbox"
        data-testid="meeting-llm"
        checked={on}
        onChange={(e) => void flip(e.target.checked)}
      />{" "}
      {t.copilot.switch}
      {error !== null && (
        <span className="error-text" role="alert">
          {" "}
          {error}
        </span>
      )}
    </label>
  );
}
