// What the after-meeting analysis is doing, or came to: shown on a meeting's page when
// the user asks for it, and on the Record page when a recording ends.

import type { AnalysisReport, AnalysisStep } from "../bindings.gen";
import { useT } from "../i18n";

export type Analysis =
  | { state: "idle" }
  | { state: "running"; step: AnalysisStep | null }
  | { state: "done"; report: AnalysisReport }
  | { state: "failed"; message: string };

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

