import { useMutation, useQueryClient, type UseMutationResult } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import {
  commands,
  type AudioRetention,
  type KeyChange,
  type LlmSettings,
  type LlmSettingsView,
} from "../bindings.gen";
import { Status } from "../components/Status";
import { AUDIO_RETENTIONS } from "../enums";
import { useLocale, useT } from "../i18n";
import { languageName } from "../format";
import { ErrorText } from "../errors";
import { call } from "../ipc";
import { all, keys, useAudioRetention, useLlmSettings, useSetup, useSpokenLanguages } from "../queries";
import { DataSettings } from "./DataSettings";
import { SyncSettings } from "./SyncSettings";

/** The language model endpoint, its key (write-only) and the on/off switch; how long
 * recordings are kept; the languages spoken in meetings. */
export function SettingsView({ onOpenSetup, onOpenModels }: { onOpenSetup: () => void; onOpenModels: () => void }) {
  const t = useT();
  const llm = useLlmSettings();
  const retention = useAudioRetention();
  const spoken = useSpokenLanguages();
  return (
    <section className="page">
      <header className="page-header">
        <h1>{t.settings.title}</h1>
      </header>
      <SetupSection onOpenSetup={onOpenSetup} onOpenModels={onOpenModels} />
      <Status query={llm}>
        {(llm) => (
          <Status query={retention}>
            {(retention) => (
              <>
                <LlmForm initial={llm} />
                <RetentionForm initial={retention} />
                <Status query={spoken}>{(spoken) => <SpokenLanguagesForm initial={spoken} />}</Status>
                <SyncSettings />
                <DataSettings />
              </>
            )}
          </Status>
        )}
      </Status>
    </section>
  );
}

/** The setup to go through again, the models page, and the consent reminder. */
function SetupSection({ onOpenSetup, onOpenModels }: { onOpenSetup: () => void; onOpenModels: () => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const setup = useSetup().data;
  const reminder = useMutation({
    mutationFn: (on: boolean) =>
      setup === undefined ? Promise.reject(new Error("not loaded")) : call(commands.saveSetup({ ...setup.setup, consent_reminder: on })),
    onSuccess: (saved) => queryClient.setQueryData(keys.setup, saved),
  });
  return (
    <div className="form" data-testid="setup-settings">
      <fieldset>
        <legend>{t.firstRun.settingsTitle}</legend>
        <p className="muted wide">{t.firstRun.settingsBody}</p>
        <div className="form-actions wide">
          <button type="button" className="button" data-testid="open-setup" onClick={onOpenSetup}>
            {t.firstRun.open}
          </button>
          <button type="button" className="button" data-testid="settings-models" onClick={onOpenModels}>
            {t.firstRun.openModels}
          </button>
        </div>
        {setup !== undefined && (
          <CheckboxField
            name="consent-reminder"
            label={t.firstRun.consentReminder}
            wide
            checked={setup.setup.consent_reminder}
            onChange={(on) => reminder.mutate(on)}
          />
        )}
      </fieldset>
    </div>
  );
}

function RetentionForm({ initial }: { initial: AudioRetention }) {
  const t = useT();
  const s = t.settings;
  const queryClient = useQueryClient();
  const [retention, setRetention] = useState(initial);
  const save = useMutation({
    mutationFn: (chosen: AudioRetention) => call(commands.setAudioRetention(chosen)),
    onSuccess: (_deleted, chosen) => {
      queryClient.setQueryData(keys.audioRetention, chosen);
      // Meetings whose recordings went no longer offer the final pass.
      void queryClient.invalidateQueries({ queryKey: all.meeting, refetchType: "none" });
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate(retention);
  }

  return (
    <form className="form" data-testid="retention-form" onSubmit={submit}>
      <fieldset>
        <legend>{s.recordings}</legend>
        <p className="muted wide">{s.retentionHint}</p>
        <label className="field">
          <span>{s.retention}</span>
          <select
            name="retention"
            value={retention}
            onChange={(e) => setRetention(e.target.value as AudioRetention)}
          >
            {AUDIO_RETENTIONS.map((r) => (
              <option key={r} value={r}>
                {s.keepFor[r]}
              </option>
            ))}
          </select>
        </label>
      </fieldset>
      <Outcome saving={save} saved={s.retentionSaved} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={save.isPending}>
          {save.isPending ? t.common.saving : t.common.save}
        </button>
      </div>
    </form>
  );
}

interface Draft {
  enabled: boolean;
  baseUrl: string;
  model: string;
  keyHeader: string;
  apiVersion: string;
  stream: boolean;
  keyless: boolean;
  key: string;
}

function draftOf(s: LlmSettings | null): Draft {
  return {
    enabled: s?.enabled ?? true,
    baseUrl: s?.base_url ?? "",
    model: s?.model ?? "",
    keyHeader: s?.key_header ?? "",
    apiVersion: (s?.query ?? []).find(([name]) => name === "api-version")?.[1] ?? "",
    stream: s?.stream ?? true,
    keyless: s?.keyless ?? false,
    key: "",
  };
}

/** The settings to save: the form's fields over what the form does not show. */
function settingsOf(d: Draft, existing: LlmSettings | null): LlmSettings {
  const query = (existing?.query ?? []).filter(([name]) => name !== "api-version");
  if (d.apiVersion.trim() !== "") query.push(["api-version", d.apiVersion.trim()]);
  return {
    base_url: d.baseUrl.trim().replace(/\/+$/, ""),
    model: d.model.trim(),
    headers: existing?.headers ?? [],
    query,
    key_header: d.keyHeader.trim() === "" ? null : d.keyHeader.trim(),
    enabled: d.enabled,
    stream: d.stream,
    keyless: d.keyless,
  };
}

function LlmForm({ initial }: { initial: LlmSettingsView }) {
  const t = useT();
  const s = t.settings;
  const queryClient = useQueryClient();
  // What is stored now: as loaded, then as each save returns it.
  const view = useLlmSettings().data ?? initial;
  const [draft, setDraft] = useState<Draft>(draftOf(initial.settings));
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const save = useMutation({
    mutationFn: (key: KeyChange) => call(commands.saveLlmSettings(settingsOf(draft, view.settings), key)),
    onSuccess: (next) => {
      setDraft((d) => ({ ...d, key: "" }));
      queryClient.setQueryData(keys.llmSettings, next);
      // A meeting's page says whether a model is configured; a key change is audited.
      void queryClient.invalidateQueries({ queryKey: all.insights, refetchType: "none" });
      void queryClient.invalidateQueries({ queryKey: all.audit });
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const key = draft.key.trim();
    save.mutate(key === "" || draft.keyless ? { action: "keep" } : { action: "set", key });
  }

  return (
    <form className="form" data-testid="llm-settings-form" onSubmit={submit}>
      <fieldset>
        <legend>{s.llm}</legend>
        <p className="muted wide">{s.privacy}</p>
        {view.keychain_problem !== null && (
          <p className="notice error wide" role="alert">
            {view.keychain_problem}
          </p>
        )}
        <CheckboxField
          name="enabled"
          label={s.enabled}
          wide
          checked={draft.enabled}
          onChange={(v) => set("enabled", v)}
        />
        <label className="field wide">
          <span>{s.baseUrl}</span>
          <input
            name="base_url"
            value={draft.baseUrl}
            onChange={(e) => set("baseUrl", e.target.value)}
            placeholder="https://api.openai.com/v1"
            required
          />
        </label>
        <label className="field">
          <span>{s.model}</span>
          <input name="model" value={draft.model} onChange={(e) => set("model", e.target.value)} required />
        </label>
        <label className="field">
          <span>
            {s.keyHeader} <small className="muted">({s.keyHeaderHint})</small>
          </span>
          <input name="key_header" value={draft.keyHeader} onChange={(e) => set("keyHeader", e.target.value)} />
        </label>
        <label className="field">
          <span>
            {s.apiVersion} <small className="muted">({s.apiVersionHint})</small>
          </span>
          <input name="api_version" value={draft.apiVersion} onChange={(e) => set("apiVersion", e.target.value)} />
        </label>
        <CheckboxField name="stream" label={s.stream} checked={draft.stream} onChange={(v) => set("stream", v)} />
        <CheckboxField name="keyless" label={s.keyless} wide checked={draft.keyless} onChange={(v) => set("keyless", v)} />
        <label className="field wide">
          <span>
            {s.key} <small className="muted">({view.key_stored ? s.keyStored : s.keyNone})</small>
          </span>
          <input
            type="password"
            name="key"
            autoComplete="off"
            value={draft.key}
            onChange={(e) => set("key", e.target.value)}
            placeholder={view.key_stored ? s.keyKeep : ""}
            disabled={draft.keyless}
          />
        </label>
      </fieldset>
      <Outcome saving={save} saved={() => s.saved} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={save.isPending}>
          {save.isPending ? t.common.saving : t.common.save}
        </button>
        {view.key_stored && (
          <button
            type="button"
            className="button ghost"
            data-testid="forget-key"
            disabled={save.isPending || view.settings === null}
            onClick={() => save.mutate({ action: "forget" })}
          >
            {s.forgetKey}
          </button>
        )}
      </div>
    </form>
  );
}

interface CheckboxProps {
  name: string;
  label: string;
  wide?: boolean;
  checked: boolean;
  onChange: (checked: boolean) => void;
}

function CheckboxField({ name, label, wide = false, checked, onChange }: CheckboxProps) {
  return (
    <label className={wide ? "field wide" : "field"}>
      <span>
        <input type="checkbox" name={name} checked={checked} onChange={(e) => onChange(e.target.checked)} /> {label}
      </span>
    </label>
  );
}

/** The languages the user speaks in meetings, as codes separated by spaces or commas:
 * automatic language detection chooses among them. */
function SpokenLanguagesForm({ initial }: { initial: string[] }) {
  const t = useT();
  const locale = useLocale();
  const s = t.settings;
  const queryClient = useQueryClient();
  const [text, setText] = useState(initial.join(" "));
  const save = useMutation({
    mutationFn: (languages: string[]) => call(commands.setSpokenLanguages(languages)),
    onSuccess: (stored) => {
      queryClient.setQueryData(keys.spokenLanguages, stored);
      setText(stored.join(" "));
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate(text.split(/[\s,]+/).filter((code) => code !== ""));
  }

  return (
    <form className="form" data-testid="spoken-languages-form" onSubmit={submit}>
      <fieldset>
        <legend>{s.spokenLanguages}</legend>
        <p className="muted wide">{s.spokenLanguagesHint}</p>
        <label className="field">
          <span>{s.spokenLanguagesLabel}</span>
          <input name="spoken-languages" value={text} onChange={(e) => setText(e.target.value)} />
        </label>
      </fieldset>
      <Outcome saving={save} saved={(codes) => s.spokenLanguagesSaved(codes.map((c) => languageName(c, locale)))} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={save.isPending}>
          {save.isPending ? t.common.saving : t.common.save}
        </button>
      </div>
    </form>
  );
}

/** What saving a form came to: a status, or an alert; nothing while it saves. */
function Outcome<T, V>({
  saving,
  saved,
}: {
  saving: UseMutationResult<T, Error, V>;
  saved: (result: T) => string;
}) {
  if (saving.isSuccess) {
    return (
      <p className="notice" role="status">
        {saved(saving.data)}
      </p>
    );
  }
  if (saving.isError) {
    return (
      <div className="notice error" role="alert">
        <ErrorText error={saving.error} />
      </div>
    );
  }
  return null;
}
