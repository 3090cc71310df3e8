import { useState, type FormEvent } from "react";
import {
  commands,
  type ActionItem,
  type AiQuestion,
  type DeviceInfo,
  type MeetingType,
  type SegmentSource,
} from "../bindings.gen";
import { ActionItemList, LlmSwitch, QuestionList } from "../components/Followups";
import { AnalysisNotice } from "../components/Analysis";
import { ChecklistCard, HeardList } from "../components/Heard";
import { LanguageField } from "../components/LanguageField";
import { formatOffset } from "../format";
import { useT, type Messages } from "../i18n";
import { call, useLoad } from "../ipc";
import type { LiveNotice, LiveState } from "../live";

const TYPES: MeetingType[] = [
  "general",
  "investment_screening",
  "mentoring",
  "sales",
  "recruiting",
  "partnership",
];

interface Props {
  live: LiveState;
  onStart: (form: RecordForm) => void;
  onStop: () => void;
  onOpenMeeting: (id: number) => void;
  /** A suggestion or action item the user just marked. */
  onChanged: (changed: { question?: AiQuestion; actionItem?: ActionItem }) => void;
}

export interface RecordForm {
  title: string;
  type: MeetingType;
  model: string;
  language: string;
  recordMic: boolean;
  mic: string | null;
  recordSystem: boolean;
  system: string | null;
  useLlm: boolean;
}

export function RecordView({ live, onStart, onStop, onOpenMeeting, onChanged }: Props) {
  const t = useT();
  const busy = live.phase !== "idle";
  return (
    <section className="page">
      <header className="page-header">
        <h1>{t.record.title}</h1>
        {live.phase === "recording" && (
          <p className="meta">
            <span className="badge recording" data-testid="recording">
              ● {t.record.recording}
            </span>
          </p>
        )}
      </header>
      {live.error !== null && (
        <div className="notice error" role="alert" data-testid="record-error">
          {live.error}
        </div>
      )}
      {busy ? (
        <div className="live-layout">
          <Transcript live={live} onStop={onStop} />
          <CopilotPanel live={live} onChanged={onChanged} />
        </div>
      ) : (
        <>
          {live.meetingId !== null && (
            <div className="notice banner" role="status">
              <span>{t.record.stopped(live.stopped ?? "requested")}</span>
              <button
                type="button"
                className="button"
                data-testid="open-recorded"
                onClick={() => live.meetingId !== null && onOpenMeeting(live.meetingId)}
              >
                {t.record.open}
              </button>
            </div>
          )}
          {live.meetingId !== null && <AnalysisNotice analysis={live.analysis} />}
          <StartForm onStart={onStart} />
        </>
      )}
    </section>
  );
}

function StartForm({ onStart }: { onStart: (form: RecordForm) => void }) {
  const t = useT();
  const { loaded } = useLoad(() => call(commands.listAudioDevices()), []);
  const devices: DeviceInfo[] = loaded.state === "ready" ? loaded.data : [];
  const [form, setForm] = useState<RecordForm>({
    title: "",
    type: "general",
    model: "base",
    language: "auto",
    recordMic: true,
    mic: null,
    recordSystem: true,
    system: null,
    useLlm: true,
  });
  const set = <K extends keyof RecordForm>(key: K, value: RecordForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onStart({ ...form, title: form.title.trim() || t.record.defaultTitle });
  };
  return (
    <form className="form" data-testid="record-form" onSubmit={submit}>
      <fieldset>
        <label className="field wide">
          <span>{t.record.meetingTitle}</span>
          <input
            name="title"
            value={form.title}
            maxLength={300}
            placeholder={t.record.defaultTitle}
            onChange={(e) => set("title", e.target.value)}
          />
        </label>
        <label className="field">
          <span>{t.record.type}</span>
          <select name="type" value={form.type} onChange={(e) => set("type", e.target.value as MeetingType)}>
            {TYPES.map((v) => (
              <option key={v} value={v}>
                {t.meetingType[v]}
              </option>
            ))}
          </select>
        </label>
        <LanguageField name="language" value={form.language} onChange={(v) => set("language", v)} />
        <label className="field wide">
          <span>{t.record.model}</span>
          <input
            name="model"
            value={form.model}
            required
            title={t.record.modelHint}
            onChange={(e) => set("model", e.target.value)}
          />
        </label>
        <DevicePicker
          label={t.record.mic}
          name="mic"
          enabled={form.recordMic}
          onEnabled={(v) => set("recordMic", v)}
          value={form.mic}
          onValue={(v) => set("mic", v)}
          options={devices.filter((d) => d.input && !d.name.endsWith(".monitor"))}
        />
        <DevicePicker
          label={t.record.system}
          name="system"
          enabled={form.recordSystem}
          onEnabled={(v) => set("recordSystem", v)}
          value={form.system}
          onValue={(v) => set("system", v)}
          options={devices.filter((d) => d.output)}
        />
        <label className="field wide" title={t.record.useLlmHint}>
          <span>
            <input
              type="checkbox"
              name="use-llm"
              checked={form.useLlm}
              onChange={(e) => set("useLlm", e.target.checked)}
            />{" "}
            {t.record.useLlm}
          </span>
          <small className="muted">{t.record.useLlmHint}</small>
        </label>
      </fieldset>
      <div className="form-actions">
        <button
          type="submit"
          className="button primary"
          data-testid="start-recording"
          disabled={!form.recordMic && !form.recordSystem}
        >
          {t.record.start}
        </button>
      </div>
    </form>
  );
}

interface PickerProps {
  label: string;
  name: string;
  enabled: boolean;
  onEnabled: (v: boolean) => void;
  value: string | null;
  onValue: (v: string | null) => void;
  options: DeviceInfo[];
}

function DevicePicker({ label, name, enabled, onEnabled, value, onValue, options }: PickerProps) {
  const t = useT();
  return (
    <label className="field">
      <span>
        <input type="checkbox" name={`${name}-on`} checked={enabled} onChange={(e) => onEnabled(e.target.checked)} />{" "}
        {label}
      </span>
      <select
        name={name}
        disabled={!enabled}
        value={value ?? ""}
        onChange={(e) => onValue(e.target.value === "" ? null : e.target.value)}
      >
        <option value="">{t.record.followDefault}</option>
        {options.map((d) => (
          <option key={d.name} value={d.name}>
            {d.description}
          </option>
        ))}
      </select>
    </label>
  );
}

function Transcript({ live, onStop }: { live: LiveState; onStop: () => void }) {
  const t = useT();
  const sides: SegmentSource[] = ["me", "them"];
  return (
    <div className="live-transcript">
      <div className="form-actions">
        <button
          type="button"
          className="button primary"
          data-testid="stop-recording"
          disabled={live.phase !== "recording"}
          onClick={onStop}
        >
          {live.phase === "starting"
            ? t.record.starting
            : live.phase === "stopping"
              ? t.record.stopping
              : t.record.stop}
        </button>
      </div>
      {live.notices.length > 0 && (
        <ul className="notices" data-testid="live-notices">
          {live.notices.map((n) => (
            <li key={n.id} className="notice">
              {noticeText(t, n.text)}
            </li>
          ))}
        </ul>
      )}
      {live.segments.length === 0 && sides.every((s) => !live.tentative[s]) && (
        <p className="hint">{t.record.listening}</p>
      )}
      <ol className="transcript" data-testid="live-transcript">
        {live.segments.map((s) => (
          <li key={s.id} className={`segment source-${s.source}`} data-source={s.source}>
            <span className="segment-time">{formatOffset(s.start_ms)}</span>
            <span className={`speaker speaker-${s.source}`}>{t.source[s.source]}</span>
            <p className="segment-text">{s.text}</p>
          </li>
        ))}
        {sides.map((side) =>
          live.tentative[side] ? (
            <li key={`tentative-${side}`} className={`segment tentative source-${side}`}>
              <span className="segment-time">…</span>
              <span className={`speaker speaker-${side}`}>{t.source[side]}</span>
              <p className="segment-text">{live.tentative[side]}</p>
            </li>
          ) : null,
        )}
      </ol>
      {live.echoSuppressed > 0 && <p className="hint">{t.record.echo(live.echoSuppressed)}</p>}
    </div>
  );
}

function CopilotPanel({
  live,
  onChanged,
}: {
  live: LiveState;
  onChanged: Props["onChanged"];
}) {
  const t = useT();
  // The switch starts as the form left it; what the user flips here is saved at once.
  const [llmOn, setLlmOn] = useState(live.useLlm);
  const { loaded } = useLoad(() => call(commands.getLlmSettings()), []);
  const configured = loaded.state === "ready" && loaded.data.settings?.enabled === true;
  return (
    <aside className="copilot" data-testid="copilot">
      {loaded.state === "ready" && !configured && <p className="hint">{t.copilot.notConfigured}</p>}
      {configured && live.meetingId !== null && (
        <LlmSwitch meetingId={live.meetingId} on={llmOn} onChanged={setLlmOn} />
      )}
      <h2 className="section-title">{t.copilot.questions}</h2>
      <QuestionList questions={live.questions} onChanged={(question) => onChanged({ question })} />
      <ChecklistCard items={live.checklist} />
      <HeardList heard={live.heard} />
      <h2 className="section-title">{t.copilot.actionItems}</h2>
      <ActionItemList items={live.actionItems} onChanged={(actionItem) => onChanged({ actionItem })} />
    </aside>
  );
}

function noticeText(t: Messages, n: LiveNotice): string {
  switch (n.kind) {
    case "device_opened":
      return t.record.opened(t.source[n.source], n.device);
    case "device_lost":
      return t.record.lost(t.source[n.source], n.reason);
    case "gap":
      return t.record.gap(t.source[n.source], formatOffset(n.start_ms), formatOffset(n.end_ms));
    case "silent":
      return t.record.silent(t.source[n.source], n.seconds);
    case "problem":
      return n.message;
  }
}
