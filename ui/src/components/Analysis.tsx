// What the after-meeting analysis is doing, or came to: shown on a meeting's page when
// the user asks for it, and on the Record page when a recording ends.

import { Channel } from "@tauri-apps/api/core";
import { commands, type AnalysisReport, type AnalysisStep } from "../bindings.gen";
import { useT } from "../i18n";
import { ErrorText } from "../errors";
import { call } from "../ipc";
import { all, keys, queryClient } from "../queries";

export type Analysis =
  | { state: "idle" }
  | { state: "running"; step: AnalysisStep | null }
  | { state: "done"; report: AnalysisReport }
  | { state: "failed"; error: unknown };

/**
 * Runs the analysis of `meetingId`, showing each state it passes through (its steps,
 * then what it came to) and resolving with the last. What it stored replaces what the
 * meeting's page shows, marks included (they are stored too), wherever it was started.
 */
export async function runAnalysis(meetingId: number, show: (analysis: Analysis) => void): Promise<Analysis> {
  show({ state: "running", step: null });
  const steps = new Channel<AnalysisStep>();
  steps.onmessage = (step) => show({ state: "running", step });
  let outcome: Analysis;
  try {
    outcome = { state: "done", report: await call(commands.analyze(meetingId, steps)) };
    // The figures it recorded are on the relationship's page too.
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: keys.insights(meetingId) }),
      queryClient.invalidateQueries({ queryKey: all.relationshipData }),
    ]);
  } catch (error) {
    outcome = { state: "failed", error };
  }
  show(outcome);
  return outcome;
}

export function AnalysisNotice({ analysis }: { analysis: Analysis }) {
  const t = useT();
  switch (analysis.state) {
    case "idle":
      return null;
    case "running":
      return analysis.step === null ? null : (
        <p className="notice" role="status" data-testid="analysis-running">
          {t.copilot.analyzing[analysis.step]}
        </p>
      );
    case "failed":
      return (
        <div className="notice error" role="alert">
          <ErrorText error={analysis.error} />
        </div>
      );
    case "done": {
      const { facts_recorded, action_items_added, summary, llm } = analysis.report;
      return (
        <p className={`notice${llm.status === "failed" ? " error" : ""}`} role="status" data-testid="analysis-report">
          {t.copilot.analyzed(facts_recorded, action_items_added)} {t.copilot.summaryChange[summary]} {llm.status === "skipped" && t.copilot.skipped[llm.reason]}
          {llm.status === "failed" && t.copilot.failed(llm.reason)}
        </p>
      );
    }
  }
}

