// The final pass from a meeting's page: its recordings transcribed again as a whole,
// with the same or a larger model, in place of the live transcript. Progress is shown
// per recording; the transcript above reloads when the new one is committed.

import { useMutation } from "@tanstack/react-query";
import { Channel } from "@tauri-apps/api/core";
import { useState, type FormEvent } from "react";
import { commands, type FinalPassSummary, type RetranscribeProgress } from "../bindings.gen";
import { LanguageField } from "../components/LanguageField";
import { useCorrectionRefresh } from "../components/LineEditor";
import { ModelPicker, useModelChoice } from "../components/ModelPicker";
import { formatOffset } from "../format";
import { useT } from "../i18n";
import { ErrorText } from "../errors";
import { call } from "../ipc";

type Pass =
  | { state: "idle" }
  | { state: "running"; progress: RetranscribeProgress | null }
  | { state: "done"; summary: FinalPassSummary }
  | { state: "failed"; error: unknown };

export function Retranscribe({ meetingId, onOpenModels }: { meetingId: number; onOpenModels: () => void }) {
  const t = useT();
  const modelChoice = useModelChoice();
  const refresh = useCorrectionRefresh(meetingId);
  const [language, setLanguage] = useState<string>("auto");
  const [progress, setProgress] = useState<RetranscribeProgress | null>(null);
  const mutation = useMutation({
    mutationFn: () => {
      setProgress(null);
      const channel = new Channel<RetranscribeProgress>();
      channel.onmessage = setProgress;
      return call(commands.retranscribeMeeting(meetingId, modelChoice.model ?? "", language, channel));
    },
    // The transcript above shows the new lines; the pass ends the corrections' history.
    onSuccess: refresh,
  });
  const pass: Pass = mutation.isPending
    ? { state: "running", progress }
    : mutation.isSuccess
      ? { state: "done", summary: mutation.data }
      : mutation.isError
        ? { state: "failed", error: mutation.error }
        : { state: "idle" };

  const start = (e: FormEvent) => {
    e.preventDefault();
    mutation.mutate();
  };

  const running = pass.state === "running";
  return (
    <details className="retranscribe" data-testid="retranscribe">
      <summary>{t.retranscribe.title}</summary>
      <p className="hint">{t.retranscribe.hint}</p>
      <form className="form inline" onSubmit={start}>
        <fieldset disabled={running}>
          <ModelPicker choice={modelChoice} onOpenModels={onOpenModels} />
        </fieldset>
        <LanguageField name="final-language" value={language} disabled={running} onChange={setLanguage} />
        <div className="form-actions">
          <button type="submit" className="button" data-testid="retranscribe-start"
            disabled={running || modelChoice.model === null}
          >
            {running ? t.retranscribe.running : t.retranscribe.start}
          </button>
        </div>
      </form>
      <PassStatus pass={pass} />
    </details>
  );
}

function PassStatus({ pass }: { pass: Pass }) {
  const t = useT();
  switch (pass.state) {
    case "idle":
      return null;
    case "running": {
      const p = pass.progress;
      if (p === null) return <progress aria-label={t.retranscribe.running} />;
      const total = p.total_ms;
      return (
        <p className="progress-line" role="status">
          <progress
            max={total ?? undefined}
            value={total === null ? undefined : Math.min(p.decoded_ms, total)}
            aria-label={t.retranscribe.running}
          />{" "}
          {t.retranscribe.progress(
            t.source[p.source],
            formatOffset(p.decoded_ms),
            total === null ? null : formatOffset(total),
          )}
        </p>
      );
    }
    case "done": {
      const s = pass.summary;
      return (
        <p className="notice" role="status" data-testid="retranscribe-done">
          {t.retranscribe.done(s.added, s.replaced, s.kept)}
        </p>
      );
    }
    case "failed":
      return (
        <div className="notice error" role="alert">
          <ErrorText error={pass.error} />
        </div>
      );
  }
}
