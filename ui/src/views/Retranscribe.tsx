// The final pass from a meeting's page: its recordings transcribed again as a whole,
// with the same or a larger model, in place of the live transcript. Progress is shown
// per recording; the transcript above reloads when the new one is committed.

import { Channel } from "@tauri-apps/api/core";
import { useState, type FormEvent } from "react";
import { commands, type FinalPassSummary, type RetranscribeProgress } from "../bindings.gen";
import { LanguageField } from "../components/LanguageField";
import { formatOffset } from "../format";
import { useT } from "../i18n";
import { call, errorMessage } from "../ipc";

type Pass =
  | { state: "idle" }
  | { state: "running"; progress: RetranscribeProgress | null }
  | { state: "done"; summary: FinalPassSummary }
  | { state: "failed"; message: string };

export function Retranscribe({ meetingId, onDone }: { meetingId: number; onDone: () => void }) {
  const t = useT();
  const [model, setModel] = useState("base");
  const [language, setLanguage] = useState<string>("auto");
  const [pass, setPass] = useState<Pass>({ state: "idle" });

  const start = async (e: FormEvent) => {
    e.preventDefault();
    setPass({ state: "running", progress: null });
    const progress = new Channel<RetranscribeProgress>();
    progress.onmessage = (p) => setPass({ state: "running", progress: p });
    try {
      const summary = await call(commands.retranscribeMeeting(meetingId, model.trim(), language, progress));
      setPass({ state: "done", summary });
      onDone();
    } catch (error) {
      setPass({ state: "failed", message: errorMessage(error) });
    }
  };

  const running = pass.state === "running";
  return (
    <details className="retranscribe" data-testid="retranscribe">
      <summary>{t.retranscribe.title}</summary>
      <p className="hint">{t.retranscribe.hint}</p>
      <form className="form inline" onSubmit={(e) => void start(e)}>
        <label className="field wide">
          <span>{t.record.model}</span>
          <input
            name="final-model"
            value={model}
            required
            disabled={running}
            title={t.record.modelHint}
            onChange={(e) => setModel(e.target.value)}
          />
        </label>
        <LanguageField name="final-language" value={language} disabled={running} onChange={setLanguage} />
        <div className="form-actions">
          <button type="submit" className="button" data-testid="retranscribe-start" disabled={running}>
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
        <p className="notice error" role="alert">
          {pass.message}
        </p>
      );
  }
}
