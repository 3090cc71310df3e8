// The copilot's side of a stored meeting: the summary, the suggested questions (the
// critical ones never asked marked as missed), the action items to approve or reject,
// the language model's usage and switch, and the analysis that fills them in.

import { useEffect, useRef, useState } from "react";
import { commands, type MeetingInsights } from "../bindings.gen";
import { AnalysisNotice, runAnalysis, type Analysis } from "../components/Analysis";
import { ActionItemList, LlmSwitch, QuestionList } from "../components/Followups";
import { Status } from "../components/Status";
import { useT } from "../i18n";
import { call, useLoad } from "../ipc";

interface Props {
  meetingId: number;
  /** The analysis the app runs when the meeting's recording ends. */
  afterRecording: Analysis;
}

export function MeetingInsightsPanel({ meetingId, afterRecording }: Props) {
  const t = useT();
  const { loaded, reload } = useLoad(() => call(commands.getInsights(meetingId)), [meetingId]);
  const [asked, setAsked] = useState<Analysis>({ state: "idle" });
  // Marks and switches change one row; the rest of the panel stays as loaded.
  const [local, setLocal] = useState<MeetingInsights | null>(null);
  // The analysis at the end of the recording may still be running when the meeting is
  // opened: its progress shows here, and what it stored once it is done.
  const analysis = asked.state === "idle" && afterRecording.state !== "done" ? afterRecording : asked;
  const background = useRef(afterRecording.state);
  useEffect(() => {
    const was = background.current;
    background.current = afterRecording.state;
    if (was === "running" && afterRecording.state === "done") {
      setLocal(null);
      reload();
    }
  }, [afterRecording.state, reload]);

  const analyze = async () => {
    if ((await runAnalysis(meetingId, setAsked)).state === "done") {
      // What the analysis stored replaces what was shown, marks included (they are
      // stored too).
      setLocal(null);
      reload();
    }
  };

  return (
    <Status loaded={loaded} onRetry={reload}>
      {(fetched) => {
        const data = local ?? fetched;
        // From the newest state, so marks that resolve close together all stay.
        const change = (next: (current: MeetingInsights) => Partial<MeetingInsights>) =>
          setLocal((prev) => {
            const current = prev ?? fetched;
            return { ...current, ...next(current) };
          });
        return (
          <section className="insights" data-testid="insights">
            <div className="form-actions">
              <button
                type="button"
                className="button"
                data-testid="analyze"
                disabled={analysis.state === "running"}
                onClick={() => void analyze()}
              >
                {t.copilot.analyze}
              </button>
              {data.llm_configured && (
                <LlmSwitch
                  meetingId={meetingId}
                  on={data.llm_for_meeting}
                  onChanged={(on) => change(() => ({ llm_for_meeting: on }))}
                />
              )}
            </div>
            <AnalysisNotice analysis={analysis} />
            <h2 className="section-title">{t.copilot.summary}</h2>
            {data.summary === null ? (
              <p className="hint">{t.copilot.noSummary}</p>
            ) : (
              <div className="summary" data-testid="summary">
                <p>{data.summary.content}</p>
                <Bullets title={t.copilot.keyPoints} items={data.summary.key_points} />
                <Bullets title={t.copilot.decisions} items={data.summary.decisions} />
                <Bullets title={t.copilot.missedQuestions} items={data.summary.missed_questions} />
              </div>
            )}
            <h2 className="section-title">{t.copilot.questions}</h2>
            <QuestionList
              questions={data.questions}
              missed={data.missed}
              onChanged={(q) =>
                change((current) => ({
                  questions: current.questions.map((x) => (x.id === q.id ? q : x)),
                  missed: q.user_action === "used" ? current.missed.filter((id) => id !== q.id) : current.missed,
                }))
              }
            />
            <h2 className="section-title">{t.copilot.actionItems}</h2>
            <ActionItemList
              items={data.action_items}
              onChanged={(a) =>
                change((current) => ({
                  action_items: current.action_items.map((x) => (x.id === a.id ? a : x)),
                }))
              }
            />
            {data.usage.calls > 0 && (
              <p className="muted" data-testid="llm-usage">
                {t.copilot.usage(
                  data.usage.calls,
                  data.usage.prompt_tokens + data.usage.completion_tokens,
                  data.usage.failed,
                )}
              </p>
            )}
          </section>
        );
      }}
    </Status>
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
