import { useState, type FormEvent } from "react";
import {
  commands,
  type AudioRetention,
  type KeyChange,
  type LlmSettings,
  type LlmSettingsView,
} from "../bindings.gen";
import { Status } from "../components/Status";
import { useT } from "../i18n";
import { call, errorMessage, useLoad } from "../ipc";

/** The language model endpoint, its key (write-only) and the on/off switch; how long
 * recordings are kept. */
export function SettingsView() {
  const t = useT();
  const { loaded, reload } = useLoad(
    async () => {
      const [llm, retention] = await Promise.all([
        call(commands.getLlmSettings()),
        call(commands.getAudioRetention()),
      ]);
      return { llm, retention };
    },
    [],
  );
  return (
    <section className="page">
      <header className="page-header">
        <h1>{t.settings.title}</h1>
      </header>
      <Status loaded={loaded} onRetry={reload}>
        {({ llm, retention }) => (
          <>
            <LlmForm initial={llm} />
            <RetentionForm initial={retention} />
          </>
        )}
      </Status>
    </section>
  );
}

const RETENTIONS: AudioRetention[] = ["keep", "days30", "days60", "days90"];

function RetentionForm({ initial }: { initial: AudioRetention }) {
  const t = useT();
  const s = t.settings;
  const [retention, setRetention] = useState(initial);
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<Message>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setMessage(null);
    try {
      const deleted = await call(commands.setAudioRetention(retention));
      setMessage({ ok: true, text: s.retentionSaved(deleted) });
    } catch (e) {
      setMessage({ ok: false, text: errorMessage(e) });
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="form" data-testid="retention-form" onSubmit={(e) => void submit(e)}>
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
            {RETENTIONS.map((r) => (
              <option key={r} value={r}>
                {s.keepFor[r]}
              </option>
            ))}
          </select>
        </label>
      </fieldset>
      <Outcome message={message} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={saving}>
          {saving ? t.common.saving : t.common.save}
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
  };
}

function LlmForm({ initial }: { initial: LlmSettingsView }) {
  const t = useT();
  const s = t.settings;
  const [view, setView] = useState(initial);
  const [draft, setDraft] = useState<Draft>(draftOf(initial.settings));
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<Message>(null);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  async function save(key: KeyChange) {
    setSaving(true);
    setMessage(null);
    try {
      const next = await call(commands.saveLlmSettings(settingsOf(draft, view.settings), key));
      setView(next);
      setDraft((d) => ({ ...d, key: "" }));
      setMessage({ ok: true, text: s.saved });
    } catch (e) {
      setMessage({ ok: false, text: errorMessage(e) });
    } finally {
      setSaving(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const key = draft.key.trim();
    void save(key === "" ? { action: "keep" } : { action: "set", key });
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
          />
        </label>
      </fieldset>
      <Outcome message={message} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={saving}>
          {saving ? t.common.saving : t.common.save}
        </button>
        {view.key_stored && (
          <button
            type="button"
            className="button ghost"
            disabled={saving || view.settings === null}
            onClick={() => void save({ action: "forget" })}
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

type Message = { ok: boolean; text: string } | null;

/** What saving a form came to: a status, or an alert. */
function Outcome({ message }: { message: Message }) {
  if (message === null) return null;
  return (
    <p className={message.ok ? "notice" : "notice error"} role={message.ok ? "status" : "alert"}>
      {message.text}
    </p>
  );
}
