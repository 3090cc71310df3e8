// The copilot's side of a stored meeting: the checklist's coverage and the figures and
// terms heard (the offline signals over the transcript as it stands), the summary (the
// user may rewrite it), the suggested questions (the critical ones never asked marked as
// missed), the action items to review, edit, complete or remove, the language model's usage and switch, and the analysis that
// fills them in.

import { useState } from "react";
import { AnalysisNotice, runAnalysis, type Analysis } from "../components/Analysis";
import { ActionItemList } from "../components/ActionItems";
import { LlmSwitch, QuestionList } from "../components/Followups";
import { ChecklistCard, HeardList } from "../components/Heard";
import { Status } from "../components/Status";
import { SummaryCard } from "../components/SummaryCard";
import { useT } from "../i18n";
import { patchInsights, useFindings, useInsights } from "../queries";

interface Props {
  meetingId: number;
  /** The analysis the app runs when the meeting's recording ends. */
  afterRecording: Analysis;
}

export function MeetingInsightsPanel({ meetingId, afterRecording }: Props) {
  const t = useT();
  const query = useInsights(meetingId);
  const [asked, setAsked] = useState<Analysis>({ state: "idle" });
  // The analysis at the end of the recording may still be running when the meeting is
  // opened: its progress shows here, and what it stored once it is done (an analysis
  // that ends reads the insights anew, see `runAnalysis`).
  const analysis = asked.state === "idle" && afterRecording.state !== "done" ? afterRecording : asked;

  return (
    <Status query={query}>
      {(data) => (
        <section className="insights" data-testid="insights">
          <div className="form-actions">
            <button
              type="button"
              className="button"
              data-testid="analyze"
              disabled={analysis.state === "running"}
              onClick={() => void runAnalysis(meetingId, setAsked)}
            >
              {t.copilot.analyze}
            </button>
            {data.llm_configured && <LlmSwitch meetingId={meetingId} on={data.llm_for_meeting} />}
          </div>
          <AnalysisNotice analysis={analysis} />
          <Findings meetingId={meetingId} />
          <h2 className="section-title">{t.copilot.summary}</h2>
          <SummaryCard
            meetingId={meetingId}
            summary={data.summary}
            onSaved={(summary) => patchInsights(meetingId, () => ({ summary }))}
          />
          <h2 className="section-title">{t.copilot.questions}</h2>
          <QuestionList
            questions={data.questions}
            missed={data.missed}
            onChanged={(q) =>
              patchInsights(meetingId, (current) => ({
                questions: current.questions.map((x) => (x.id === q.id ? q : x)),
                missed: q.user_action === "used" ? current.missed.filter((id) => id !== q.id) : current.missed,
              }))
            }
          />
          <h2 className="section-title">{t.copilot.actionItems}</h2>
          <ActionItemList
            items={data.action_items}
            onChanged={(a) =>
              patchInsights(meetingId, (current) => ({
                action_items: current.action_items.map((x) => (x.id === a.id ? a : x)),
              }))
            }
            onRemoved={(id) =>
              patchInsights(meetingId, (current) => ({
                action_items: current.action_items.filter((x) => x.id !== id),
              }))
            }
          />
          {data.usage.calls > 0 && (
            <p className="muted" data-testid="llm-usage">
              {t.copilot.usage(data.usage)}
            </p>
          )}
        </section>
      )}
    </Status>
  );
}

/** The checklist's coverage and what was heard, from the transcript as it stands. */
function Findings({ meetingId }: { meetingId: number }) {
  const findings = useFindings(meetingId).data;
  if (findings === undefined) return null;
  return (
    <div className="findings" data-testid="findings">
      <ChecklistCard items={findings.checklist} />
      <HeardList heard={findings.heard} />
    </div>
  );
}
