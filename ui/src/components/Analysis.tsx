// What the after-meeting analysis is doing, or came to: shown on a meeting's page when
// the user asks for it, and on the Record page when a recording ends.

import { Channel } from "@tauri-apps/api/core";
import { commands, type AnalysisReport, type AnalysisStep } from "../bindings.gen";
import { useT } from "../i18n";
import { call, errorMessage } from "../ipc";

export type Analysis =
  | { state: "idle" }
  | { state: "running"; step: AnalysisStep | null }
  | { state: "done"; report: AnalysisReport }
  | { state: "failed"; message: string };

/**
 * Runs the analysis of `meetingId`, showing each state it passes through (its steps,
 * then what it came to) and resolving with the last.
 */
export async function runAnalysis(meetingId: number, show: (analysis: Analysis) => void): Promise<Analysis> {
  show({ state: "running", step: null });
  const steps = new Channel<AnalysisStep>();
  steps.onmessage = (step) => show({ state: "running", step });
  let outcome: Analysis;
  try {
    outcome = { state: "done", report: await call(commands.analyze(meetingId, steps)) };
  } catch (error) {
    outcome = { state: "failed", message: errorMessage(error) };
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
        <p className="notice error" role="alert">
          {analysis.message}
        </p>
      );
    case "done": {
      const { report } = analysis;
      const reason = report.reason ?? "";
      return (
        <p className={`notice${report.llm === "failed" ? " error" : ""}`} role="status" data-testid="analysis-report">
          {t.copilot.analyzed(report.facts_recorded)}{" "}
          {report.llm === "skipped" && t.copilot.skipped(reason)}
          {report.llm === "failed" && t.copilot.failed(reason)}
        </p>
      );
    }
  }
}

