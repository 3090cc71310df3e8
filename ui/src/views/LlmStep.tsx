// The setup's optional language model step: an endpoint, a model and a key, a
// "test connection" that says which of them is wrong, and saving them.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { commands, type LlmSettings, type ProbeReport } from "../bindings.gen";
import { Status } from "../components/Status";
import { useT } from "../i18n";
import { ErrorText } from "../errors";
import { call } from "../ipc";
import { keys, useLlmSettings } from "../queries";

interface Draft {
  baseUrl: string;
  model: string;
  key: string;
  keyless: boolean;
}

export function LlmStep() {
  const llm = useLlmSettings();
  return <Status query={llm}>{(view) => <LlmForm stored={view.settings} />}</Status>;
}

function settingsOf(d: Draft, stored: LlmSettings | null): LlmSettings {
  return {
    base_url: d.baseUrl.trim().replace(/\/+$/, ""),
    model: d.model.trim(),
    headers: stored?.headers ?? [],
    query: stored?.query ?? [],
    key_header: stored?.key_header ?? null,
    enabled: true,
    stream: stored?.stream ?? true,
    keyless: d.keyless,
  };
}

function LlmForm({ stored }: { stored: LlmSettings | null }) {
  const t = useT();
  const f = t.firstRun;
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>({
    baseUrl: stored?.base_url ?? "",
    model: stored?.model ?? "",
    key: "",
    keyless: stored?.keyless ?? false,
  });
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const key = draft.keyless || draft.key.trim() === "" ? null : draft.key.trim();
  const test = useMutation({
    mutationFn: () => call(commands.testLlmConnection(settingsOf(draft, stored), key)),
  });
  const save = useMutation({
    mutationFn: () =>
      call(commands.saveLlmSettings(settingsOf(draft, stored), key === null ? { action: "keep" } : { action: "set", key })),
    onSuccess: (view) => queryClient.setQueryData(keys.llmSettings, view),
  });
  const filled = draft.baseUrl.trim() !== "" && draft.model.trim() !== "";
  return (
    <form className="form" data-testid="llm-step" onSubmit={(e) => e.preventDefault()}>
      <p>{f.llmBody}</p>
      <p className="muted small">{f.llmOptional}</p>
      <fieldset>
        <label className="field wide">
          <span>{t.settings.baseUrl}</span>
          <input
            name="base_url"
            value={draft.baseUrl}
            placeholder="https://api.openai.com/v1"
            onChange={(e) => set("baseUrl", e.target.value)}
          />
        </label>
        <label className="field">
          <span>{t.settings.model}</span>
          <input name="model" value={draft.model} onChange={(e) => set("model", e.target.value)} />
        </label>
        <label className="field">
          <span>{t.settings.key}</span>
          <input
            type="password"
            name="key"
            autoComplete="off"
            value={draft.key}
            disabled={draft.keyless}
            onChange={(e) => set("key", e.target.value)}
          />
        </label>
        <label className="field wide">
          <span>
            <input type="checkbox" name="keyless" checked={draft.keyless} onChange={(e) => set("keyless", e.target.checked)} />{" "}
            {t.settings.keyless}
          </span>
        </label>
      </fieldset>
      <div className="form-actions">
        <button type="button" className="button" data-testid="llm-test" disabled={!filled || test.isPending} onClick={() => test.mutate()}>
          {test.isPending ? f.testing : f.test}
        </button>
        <button type="button" className="button primary" data-testid="llm-save" disabled={!filled || save.isPending} onClick={() => save.mutate()}>
          {save.isPending ? t.common.saving : f.saveLlm}
        </button>
      </div>
      {test.isSuccess && <ProbeOutcome report={test.data} />}
      {test.isError && (
        <div className="notice error" role="alert">
          <ErrorText error={test.error} />
        </div>
      )}
      {save.isSuccess && (
        <p className="notice" role="status">
          {f.llmSaved}
        </p>
      )}
      {save.isError && (
        <div className="notice error" role="alert">
          <ErrorText error={save.error} />
        </div>
      )}
    </form>
  );
}

function ProbeOutcome({ report }: { report: ProbeReport }) {
  const t = useT();
  const f = t.firstRun;
  if (report.problem === null) {
    return (
      <p className="notice" role="status" data-testid="llm-test-ok">
        {f.probeOk(report.mode === null ? "—" : f.mode[report.mode], report.latency_ms)}
      </p>
    );
  }
  return (
    <div className="notice error" role="alert" data-testid="llm-test-problem" data-problem={report.problem}>
      <strong>{f.probe[report.problem]}</strong>
      {report.detail !== null && <p className="small">{report.detail}</p>}
    </div>
  );
}
