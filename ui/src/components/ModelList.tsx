// The speech model catalogue as a list a person can act on: size, languages, the
// estimated speed and memory on this computer, a fit badge per language, and the
// download with its progress, pause, resume and cancel; verify, remove and "use as
// default" for installed models. Shared by the Models page and the setup.

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { commands, type CatalogueEntry, type Fit, type ModelsOverview } from "../bindings.gen";
import { cancelDownload, pauseDownload, startDownload, useDownloads, type Download } from "../downloads";
import { formatBytes } from "../format";
import { useT } from "../i18n";
import { ErrorText } from "../errors";
import { call } from "../ipc";
import { keys, queryClient } from "../queries";

export type SpeechLanguage = "ko" | "en";

const FIT_ORDER: Record<Fit, number> = { recommended: 0, good: 1, weak: 2, too_heavy: 3, unsupported: 4 };

function fitFor(model: CatalogueEntry, language: SpeechLanguage): Fit {
  return language === "ko" ? model.advice.korean : model.advice.english;
}

/** Installed models first, then by fit for the language; the manifest's order within. */
export function sortedFor(models: CatalogueEntry[], language: SpeechLanguage): CatalogueEntry[] {
  return models
    .map((model, index) => ({ model, index }))
    .sort(
      (a, b) =>
        Number(b.model.installed) - Number(a.model.installed) ||
        FIT_ORDER[fitFor(a.model, language)] - FIT_ORDER[fitFor(b.model, language)] ||
        a.index - b.index,
    )
    .map(({ model }) => model);
}

interface Props {
  overview: ModelsOverview;
  language: SpeechLanguage;
  /** Show only installed and suitable models until the user asks for all. */
  compact: boolean;
}

export function ModelList({ overview, language, compact }: Props) {
  const t = useT();
  const [showAll, setShowAll] = useState(!compact);
  const downloads = useDownloads();
  const sorted = sortedFor(overview.catalogue.models, language);
  const suitable = (m: CatalogueEntry) =>
    m.installed || m.partial_bytes !== null || downloads.has(m.name) || FIT_ORDER[fitFor(m, language)] <= 1;
  const shown = showAll ? sorted : sorted.filter(suitable);
  return (
    <div className="model-list-wrap">
      <ul className="model-list" data-testid="model-list">
        {shown.map((model) => (
          <ModelCard
            key={model.name}
            model={model}
            language={language}
            isDefault={overview.default_model === model.name}
            download={downloads.get(model.name) ?? null}
          />
        ))}
      </ul>
      {sorted.some((m) => !suitable(m)) ? (
        <button type="button" className="button ghost" onClick={() => setShowAll(!showAll)}>
          {showAll ? t.models.showFewer : t.models.showAll(sorted.length)}
        </button>
      ) : null}
    </div>
  );
}

interface CardProps {
  model: CatalogueEntry;
  language: SpeechLanguage;
  isDefault: boolean;
  download: Download | null;
}

function ModelCard({ model, language, isDefault, download }: CardProps) {
  const t = useT();
  const m = t.models;
  const other: SpeechLanguage = language === "ko" ? "en" : "ko";
  return (
    <li className="model-card" data-testid={`model-${model.name}`} data-installed={model.installed}>
      <div className="model-head">
        <strong className="model-name">{model.name}</strong>
        {isDefault && <span className="badge default">{m.isDefault}</span>}
        {model.installed && <span className="badge installed">{m.installed}</span>}
        <FitBadge fit={fitFor(model, language)} label={m.fitFor[language](m.fit[fitFor(model, language)])} />
        <FitBadge fit={fitFor(model, other)} label={m.fitFor[other](m.fit[fitFor(model, other)])} />
      </div>
      <p className="model-meta muted">
        {[
          m.size(formatBytes(model.size)),
          m.languages[model.languages],
          m.speed((model.advice.estimated_speed ?? 0).toFixed(1)),
          m.memory(formatBytes(model.advice.memory_bytes)),
        ].join(" · ")}
      </p>
      {download?.state === "running" && <ProgressBar model={model} download={download} />}
      {download === null && !model.installed && model.partial_bytes !== null && (
        <p className="small">{m.partial(formatBytes(model.partial_bytes), formatBytes(model.size))}</p>
      )}
      {download?.state === "failed" && <DownloadError model={model} download={download} />}
      <ModelActions model={model} isDefault={isDefault} running={download?.state === "running"} />
    </li>
  );
}

function FitBadge({ fit, label }: { fit: Fit; label: string }) {
  return <span className={`badge fit fit-${fit}`}>{label}</span>;
}

function ProgressBar({ model, download }: { model: CatalogueEntry; download: Extract<Download, { state: "running" }> }) {
  const t = useT();
  const p = download.progress;
  const done = p?.downloaded ?? model.partial_bytes ?? 0;
  const total = p?.total ?? model.size;
  return (
    <div className="progress-line" data-testid="download-progress" data-done={done}>
      <progress value={done} max={total} />
      <span className="small">
        {p === null ? t.models.phase.connecting : t.models.phase[p.phase]} ·{" "}
        {t.models.progress(formatBytes(done), formatBytes(total))}
      </span>
    </div>
  );
}

function DownloadError({ model, download }: { model: CatalogueEntry; download: Extract<Download, { state: "failed" }> }) {
  const t = useT();
  if (download.kind === "download_offline") {
    return (
      <div className="notice error" role="alert" data-testid="download-offline">
        <strong>{t.models.offlineTitle}</strong>
        <p>{t.models.offlineBody}</p>
        <dl className="paths">
          <dt>{t.models.offlineUrl}</dt>
          <dd>
            <code>{model.url}</code>
          </dd>
          <dt>{t.models.offlinePath}</dt>
          <dd>
            <code>{model.path}</code>
          </dd>
        </dl>
      </div>
    );
  }
  return (
    <div className="notice error" role="alert" data-testid="download-error">
      <ErrorText error={download.error} />
    </div>
  );
}

function ModelActions({ model, isDefault, running }: { model: CatalogueEntry; isDefault: boolean; running: boolean }) {
  const t = useT();
  const m = t.models;
  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.models });
  const verify = useMutation({ mutationFn: () => call(commands.verifyModel(model.name)) });
  const remove = useMutation({ mutationFn: () => call(commands.removeModel(model.name)), onSettled: refresh });
  const makeDefault = useMutation({
    mutationFn: () => call(commands.setDefaultModel(model.name)),
    onSettled: refresh,
  });
  const failed = [verify, remove, makeDefault].find((x) => x.isError);
  return (
    <>
      <div className="model-actions">
        {running ? (
          <>
            <button type="button" className="button small" data-testid="pause" onClick={() => void pauseDownload(model.name)}>
              {m.pause}
            </button>
            <button type="button" className="button small ghost" data-testid="cancel" onClick={() => void cancelDownload(model.name)}>
              {m.cancel}
            </button>
          </>
        ) : model.installed ? (
          <>
            {!isDefault && (
              <button type="button" className="button small primary" data-testid="make-default" onClick={() => makeDefault.mutate()}>
                {m.makeDefault}
              </button>
            )}
            <button type="button" className="button small" data-testid="verify" disabled={verify.isPending} onClick={() => verify.mutate()}>
              {m.verify}
            </button>
            <button
              type="button"
              className="button small ghost"
              data-testid="remove"
              onClick={() => window.confirm(m.removeConfirm(model.name)) && remove.mutate()}
            >
              {m.remove}
            </button>
          </>
        ) : model.partial_bytes !== null ? (
          <>
            <button type="button" className="button small primary" data-testid="resume" onClick={() => void startDownload(model.name)}>
              {m.resume}
            </button>
            <button type="button" className="button small ghost" data-testid="cancel" onClick={() => void cancelDownload(model.name)}>
              {m.cancel}
            </button>
          </>
        ) : (
          <button type="button" className="button small primary" data-testid="download" onClick={() => void startDownload(model.name)}>
            {m.download}
          </button>
        )}
      </div>
      {verify.isSuccess && (
        <p className="notice" role="status" data-testid="verified">
          {m.verified[verify.data]}
        </p>
      )}
      {failed?.error != null && (
        <div className="notice error" role="alert">
          <ErrorText error={failed.error} />
        </div>
      )}
    </>
  );
}
