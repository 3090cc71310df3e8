// The form that starts a meeting. What it holds (`RecordDraft`) lives above the record
// page, so a failed start, or a look at another page, keeps everything typed.

import { useMutation, useQuery } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { commands, type DeviceInfo, type MeetingType, type NewParticipant, type StartMeeting } from "../bindings.gen";
import { FormFooter } from "../components/FormFooter";
import { LanguageField } from "../components/LanguageField";
import { ParticipantsField, cleanParticipants, withMe } from "../components/ParticipantsField";
import {
  NO_RELATIONSHIP,
  RelationshipPicker,
  useResolveRelationship,
  type RelationshipChoice,
} from "../components/RelationshipPicker";
import { ModelPicker, type ModelChoice } from "../components/ModelPicker";
import { useT } from "../i18n";
import { MeetingTypeOptions } from "../components/MeetingTypeOptions";
import { call } from "../ipc";
import { keys, useCaptureDevices, useChecklist } from "../queries";

export interface RecordDraft {
  /** The request as typed; relationship and participants are filled in at the start. */
  request: StartMeeting;
  relationship: RelationshipChoice;
  /** Everyone but the user until the user edits their own row. */
  participants: NewParticipant[];
}

export const EMPTY_DRAFT: RecordDraft = {
  request: {
    title: "",
    type: "general",
    relationship_id: null,
    participants: [],
    model: "",
    language: "auto",
    record_mic: true,
    mic: null,
    record_system: true,
    system: null,
    use_llm: true,
  },
  relationship: NO_RELATIONSHIP,
  participants: [],
};

/** The form after a meeting started: empty, but with the same devices, model and language. */
export function nextMeetingDraft(previous: RecordDraft): RecordDraft {
  const { model, language, record_mic, mic, record_system, system, use_llm } = previous.request;
  return {
    ...EMPTY_DRAFT,
    request: { ...EMPTY_DRAFT.request, model, language, record_mic, mic, record_system, system, use_llm },
  };
}

interface Props {
  draft: RecordDraft;
  onDraft: (update: (draft: RecordDraft) => RecordDraft) => void;
  modelChoice: ModelChoice;
  onOpenModels: () => void;
  onStart: (request: StartMeeting) => void;
}

export function StartForm({ draft, onDraft, modelChoice, onOpenModels, onStart }: Props) {
  const t = useT();
  const profile = useQuery({ queryKey: keys.profile, queryFn: () => call(commands.getProfile()) });
  const me = profile.data?.name ?? "";
  const devices = useCaptureDevices().data;
  const form = draft.request;
  const set = <K extends keyof StartMeeting>(key: K, value: StartMeeting[K]) =>
    onDraft((d) => ({ ...d, request: { ...d.request, [key]: value } }));
  const participants = withMe(me, draft.participants);
  const resolve = useResolveRelationship();
  const start = useMutation({
    mutationFn: async (model: string) => {
      const relationshipId = await resolve(draft.relationship);
      // A relationship made here is chosen from now on: a second try must not make it twice.
      if (draft.relationship.mode === "new" && relationshipId !== null) {
        const name = draft.relationship.name.trim();
        onDraft((d) => ({ ...d, relationship: { mode: "existing", id: relationshipId, name } }));
      }
      onStart({
        ...form,
        title: form.title.trim() || t.record.defaultTitle,
        model,
        relationship_id: relationshipId,
        participants: cleanParticipants(participants),
      });
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (modelChoice.model === null) return;
    start.mutate(modelChoice.model);
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
            <MeetingTypeOptions />
          </select>
        </label>
        <LanguageField name="language" value={form.language} onChange={(v) => set("language", v)} />
        <ModelPicker choice={modelChoice} onOpenModels={onOpenModels} />
        <RelationshipPicker
          name="record"
          value={draft.relationship}
          onChange={(relationship) => onDraft((d) => ({ ...d, relationship }))}
        />
        <ParticipantsField
          name="record"
          value={participants}
          onChange={(rows) => onDraft((d) => ({ ...d, participants: rows }))}
        />
        <TypeChecklist type={form.type} />
      </fieldset>
      <fieldset className="two-columns">
        <DevicePicker
          label={t.record.mic}
          name="mic"
          enabled={form.record_mic}
          onEnabled={(v) => set("record_mic", v)}
          value={form.mic}
          onValue={(v) => set("mic", v)}
          options={devices?.microphones ?? []}
        />
        <DevicePicker
          label={t.record.system}
          name="system"
          enabled={form.record_system}
          onEnabled={(v) => set("record_system", v)}
          value={form.system}
          onValue={(v) => set("system", v)}
          options={devices?.outputs ?? []}
        />
        <label className="field wide" title={t.record.useLlmHint}>
          <span>
            <input
              type="checkbox"
              name="use-llm"
              checked={form.use_llm}
              onChange={(e) => set("use_llm", e.target.checked)}
            />{" "}
            {t.record.useLlm}
          </span>
          <small className="muted">{t.record.useLlmHint}</small>
        </label>
      </fieldset>
      <FormFooter
        error={start.isError ? start.error : null}
        label={t.record.start}
        testId="start-recording"
        busy={start.isPending}
        disabled={(!form.record_mic && !form.record_system) || modelChoice.model === null}
      />
    </form>
  );
}

/** The checklist a meeting of this type tracks, folded. */
function TypeChecklist({ type }: { type: MeetingType }) {
  const t = useT();
  const checklist = useChecklist(type).data;
  if (checklist === undefined || checklist === null || checklist.items.length === 0) return null;
  return (
    <details className="field wide type-checklist" data-testid="type-checklist">
      <summary>{t.pick.checklist(t.meetingType[type], checklist.items.length)}</summary>
      <ul className="checklist">
        {checklist.items.map((item) => (
          <li key={item.id}>
            <span aria-hidden="true">○</span> {item.text}
          </li>
        ))}
      </ul>
    </details>
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
            {d.default ? `${d.description} (${t.pick.systemDefault})` : d.description}
          </option>
        ))}
      </select>
    </label>
  );
}
