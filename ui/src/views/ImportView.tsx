// Meetings brought in from files: a recording, transcribed here with progress and a
// cancel, or a transcript (WebVTT, SubRip, Onno's JSON), each filed under a
// relationship and a meeting type. The window's file input gives the file's bytes; a
// recording is copied into the data folder in pieces, then transcribed there.

import { useQueryClient } from "@tanstack/react-query";
import { Channel } from "@tauri-apps/api/core";
import { useRef, useState, type FormEvent } from "react";
import { commands, type ImportAs, type ImportProgress, type MeetingType } from "../bindings.gen";
import { LanguageField } from "../components/LanguageField";
import { ModelPicker, useModelChoice } from "../components/ModelPicker";
import { FormFooter } from "../components/FormFooter";
import { MeetingTypeOptions } from "../components/MeetingTypeOptions";
import { RelationshipPicker, useResolveRelationship, type RelationshipChoice } from "../components/RelationshipPicker";
import { formatOffset } from "../format";
import { useT, type Messages } from "../i18n";
import { ErrorText } from "../errors";
import { CommandError, call } from "../ipc";
import { all } from "../queries";

type Kind = "recording" | "transcript";

const ACCEPT: Record<Kind, string> = {
  recording: ".wav,.flac,.mp3,.ogg,.oga,.m4a,.mp4,.aac,audio/*",
  transcript: ".vtt,.srt,.json,text/vtt,application/json",
};

/** Transcripts above this are refused before reading (a three-hour meeting is ~1 MB). */
const MAX_TRANSCRIPT_BYTES = 64 << 20;
/** The piece of a recording sent at once. */
const CHUNK_BYTES = 1 << 20;

type Phase =
  | { state: "idle" }
  | { state: "copying"; done: number; total: number }
  | { state: "transcribing"; progress: ImportProgress | null }
  | { state: "done"; meetingId: number; title: string }
  /** Kept as it came, and worded when shown, so it follows the interface's language. */
  | { state: "failed"; error: unknown };

interface Props {
  onBack: () => void;
  onOpenMeeting: (id: number) => void;
  onOpenModels: () => void;
}

export function ImportView({ onBack, onOpenMeeting, onOpenModels }: Props) {
  const t = useT();
  const queryClient = useQueryClient();
  const resolve = useResolveRelationship();
  const [kind, setKind] = useState<Kind>("recording");
  const [file, setFile] = useState<File | null>(null);
  const [title, setTitle] = useState("");
  const [type, setType] = useState<MeetingType>("general");
  const [relationship, setRelationship] = useState<RelationshipChoice>({ mode: "none" });
  const modelChoice = useModelChoice();
  const [language, setLanguage] = useState("auto");
  const [phase, setPhase] = useState<Phase>({ state: "idle" });
  const cancelled = useRef(false);
  const running = phase.state === "copying" || phase.state === "transcribing";

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const model = modelChoice.model;
    if (file === null || (kind === "recording" && model === null)) return;
    cancelled.current = false;
    try {
      const relationshipId = await resolve(relationship);
      if (relationship.mode === "new" && relationshipId !== null) {
        setRelationship({ mode: "existing", id: relationshipId, name: relationship.name.trim() });
      }
      const how: ImportAs = { title: title.trim() || null, type, relationship_id: relationshipId, started_at: null };
      const meeting =
        kind === "transcript"
          ? await importTranscript(file, how)
          : await importRecording(file, how, model ?? "", language, setPhase, cancelled);
      await Promise.all(
        [all.meetings, all.relationships, all.relationship, all.search].map((queryKey) =>
          queryClient.invalidateQueries({ queryKey }),
        ),
      );
      setPhase({ state: "done", meetingId: meeting.id, title: meeting.title });
    } catch (error) {
      setPhase({ state: "failed", error });
    }
  };

  const cancel = () => {
    cancelled.current = true;
    void commands.cancelImport();
  };

  return (
    <section className="page">
      <button type="button" className="button ghost back" onClick={onBack}>
        ← {t.common.back}
      </button>
      <header className="page-header">
        <h1>{t.imports.title}</h1>
        <p className="muted">{t.imports.hint}</p>
      </header>
      <form className="form" data-testid="import-form" onSubmit={(e) => void submit(e)}>
        <fieldset disabled={running}>
          <div className="field wide kind-choice" role="radiogroup">
            {(["recording", "transcript"] as const).map((k) => (
              <label key={k}>
                <input
                  type="radio"
                  name="import-kind"
                  value={k}
                  checked={kind === k}
                  onChange={() => {
                    setKind(k);
                    setFile(null);
                  }}
                />{" "}
                {t.imports.kind[k]}
              </label>
            ))}
          </div>
          <label className="field wide">
            <span>{t.imports.file[kind]}</span>
            {/* The webview's own file button speaks its own language; ours is worded here
                and the real input lies over it, transparent, to open the chooser. */}
            <span className="file-choice">
              <span className="button small" aria-hidden="true">
                {t.imports.choose}
              </span>
              <span className={file === null ? "muted" : undefined} data-testid="import-file-name">
                {file?.name ?? t.imports.noFile}
              </span>
              <input
                key={kind}
                type="file"
                name="import-file"
                className="file-input"
                accept={ACCEPT[kind]}
                required
                onChange={(e) => setFile(e.target.files?.[0] ?? null)}
              />
            </span>
            <small className="muted">{t.imports.formats[kind]}</small>
          </label>
          <label className="field wide">
            <span>{t.record.meetingTitle}</span>
            <input
              name="import-title"
              value={title}
              maxLength={300}
              placeholder={t.imports.titleFromFile}
              onChange={(e) => setTitle(e.target.value)}
            />
          </label>
          <label className="field">
            <span>{t.record.type}</span>
            <select name="import-type" value={type} onChange={(e) => setType(e.target.value as MeetingType)}>
              <MeetingTypeOptions />
            </select>
          </label>
          {kind === "recording" && (
            <>
              <LanguageField name="import-language" value={language} onChange={setLanguage} />
              <ModelPicker choice={modelChoice} onOpenModels={onOpenModels} />
            </>
          )}
          <RelationshipPicker name="import" value={relationship} onChange={setRelationship} />
        </fieldset>
        <ImportStatus phase={phase} onCancel={cancel} onOpen={onOpenMeeting} />
        <FormFooter
          label={t.imports.start}
          testId="start-import"
          disabled={running || file === null || (kind === "recording" && modelChoice.model === null)}
        />
      </form>
    </section>
  );
}

function ImportStatus({ phase, onCancel, onOpen }: { phase: Phase; onCancel: () => void; onOpen: (id: number) => void }) {
  const t = useT();
  switch (phase.state) {
    case "idle":
      return null;
    case "copying":
    case "transcribing": {
      const [value, max, text] =
        phase.state === "copying"
          ? [phase.done, phase.total, t.imports.copying(Math.round((100 * phase.done) / Math.max(phase.total, 1)))]
          : [
              phase.progress?.decoded_ms ?? 0,
              phase.progress?.total_ms ?? undefined,
              t.imports.transcribing(
                formatOffset(phase.progress?.decoded_ms ?? 0),
                phase.progress?.total_ms != null ? formatOffset(phase.progress.total_ms) : null,
              ),
            ];
      return (
        <div className="progress-line" role="status" data-testid="import-progress">
          <progress value={max === undefined ? undefined : value} max={max} />
          <span>{text}</span>
          <button type="button" className="button small" data-testid="cancel-import" onClick={onCancel}>
            {t.common.cancel}
          </button>
        </div>
      );
    }
    case "done":
      return (
        <div className="notice banner" role="status" data-testid="import-done">
          <span>{t.imports.done(phase.title)}</span>
          <button type="button" className="button" data-testid="open-imported" onClick={() => onOpen(phase.meetingId)}>
            {t.record.open}
          </button>
        </div>
      );
    case "failed":
      return (
        <div className="notice error" role="alert" data-testid="import-error">
          {importErrorText(t, phase.error) ?? <ErrorText error={phase.error} />}
        </div>
      );
  }
}

async function importTranscript(file: File, how: ImportAs) {
  if (file.size > MAX_TRANSCRIPT_BYTES) throw new TooLarge();
  const text = await file.text();
  return call(commands.importTranscript(text, file.name, how));
}

async function importRecording(
  file: File,
  how: ImportAs,
  model: string,
  language: string,
  setPhase: (phase: Phase) => void,
  cancelled: { current: boolean },
) {
  setPhase({ state: "copying", done: 0, total: file.size });
  await call(commands.beginUpload(file.name));
  for (let offset = 0; offset < file.size; offset += CHUNK_BYTES) {
    if (cancelled.current) throw new CommandError({ kind: "cancelled", subject: null, message: "cancelled" });
    const bytes = new Uint8Array(await file.slice(offset, offset + CHUNK_BYTES).arrayBuffer());
    await call(commands.uploadChunk(Array.from(bytes)));
    setPhase({ state: "copying", done: Math.min(offset + CHUNK_BYTES, file.size), total: file.size });
  }
  if (cancelled.current) throw new CommandError({ kind: "cancelled", subject: null, message: "cancelled" });
  setPhase({ state: "transcribing", progress: null });
  const channel = new Channel<ImportProgress>();
  channel.onmessage = (progress) => setPhase({ state: "transcribing", progress });
  return call(commands.importRecording(how, model, language, channel));
}

class TooLarge extends Error {}

/**
 * The import's own words for what went wrong with the file (and that nothing was
 * imported), or null where the general sentence for the error's kind says it.
 */
export function importErrorText(t: Messages, error: unknown): string | null {
  if (error instanceof TooLarge) return t.imports.errors.tooLarge;
  if (!(error instanceof CommandError)) return null;
  switch (error.kind) {
    case "unreadable_file":
      return t.imports.errors.unreadable;
    case "no_speech":
      return t.imports.errors.noSpeech;
    case "cancelled":
      return t.imports.errors.cancelled;
    default:
      return null;
  }
}
