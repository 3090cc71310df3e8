// Correcting one line of a meeting's transcript: its text (and splitting it where the
// caret is), who spoke it (this line, or the whole side of the call), merging it with
// the next line of its side. Each change goes to the store, which keeps it for undo.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { commands, type Segment } from "../bindings.gen";
import { ErrorText } from "../errors";
import { useT } from "../i18n";
import { call } from "../ipc";
import { all, keys } from "../queries";

type Mode = "idle" | "text" | "speaker";

interface Props {
  segment: Segment;
  /** Names to offer for the speaker: the meeting's participants and the user's own. */
  names: string[];
}

/** The queries a correction changes: the meeting's lines, its undo list, search. */
export function useCorrectionRefresh(meetingId: number) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: keys.meeting(meetingId) }),
      queryClient.invalidateQueries({ queryKey: keys.corrections(meetingId) }),
      // What the signals find follows the transcript.
      queryClient.invalidateQueries({ queryKey: keys.findings(meetingId) }),
      queryClient.invalidateQueries({ queryKey: all.search }),
    ]);
}

export function LineEditor({ segment, names }: Props) {
  const t = useT();
  const [mode, setMode] = useState<Mode>("idle");
  const [text, setText] = useState(segment.text);
  const [caret, setCaret] = useState<number | null>(null);
  const [speaker, setSpeaker] = useState(segment.speaker ?? "");
  const [wholeSide, setWholeSide] = useState(false);
  const refresh = useCorrectionRefresh(segment.meeting_id);
  const done = async () => {
    await refresh();
    setMode("idle");
  };
  const save = useMutation({ mutationFn: () => call(commands.editLine(segment.id, text)), onSuccess: done });
  // The caret counts UTF-16 units; the store splits at characters (code points).
  const split = useMutation({
    mutationFn: (at: number) => call(commands.splitLine(segment.id, [...text.slice(0, at)].length)),
    onSuccess: done,
  });
  const merge = useMutation({ mutationFn: () => call(commands.mergeLineWithNext(segment.id)), onSuccess: done });
  const name = useMutation({
    mutationFn: async (value: string | null) => {
      if (wholeSide) await call(commands.nameSideSpeaker(segment.meeting_id, segment.source, value));
      else await call(commands.nameLineSpeaker(segment.id, value));
    },
    onSuccess: done,
  });
  const failed = [save, split, merge, name].find((m) => m.isError)?.error;
  const pending = [save, split, merge, name].some((m) => m.isPending);
  const side = t.source[segment.source];

  if (mode === "text") {
    const splittable = caret !== null && caret > 0 && caret < text.length && text === segment.text;
    return (
      <div className="line-editor" data-testid="line-editor">
        <textarea
          name="line-text"
          value={text}
          rows={Math.min(6, Math.max(2, Math.ceil(text.length / 80)))}
          autoFocus
          onChange={(e) => setText(e.target.value)}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
        />
        <div className="row">
          <button
            type="button"
            className="button primary small"
            data-testid="line-save"
            disabled={pending || text.trim() === "" || text === segment.text}
            onClick={() => save.mutate()}
          >
            {t.common.save}
          </button>
          <button
            type="button"
            className="button small"
            data-testid="line-split"
            disabled={pending || !splittable}
            title={t.corrections.splitHint}
            onClick={() => caret !== null && split.mutate(caret)}
          >
            {t.corrections.split}
          </button>
          <button type="button" className="button ghost small" onClick={() => setMode("idle")}>
            {t.common.cancel}
          </button>
        </div>
        {failed !== undefined && <ErrorText error={failed} />}
      </div>
    );
  }

  if (mode === "speaker") {
    const listId = `speaker-names-${segment.id}`;
    return (
      <div className="line-editor" data-testid="speaker-editor">
        <label className="field">
          <span>{t.corrections.speaker}</span>
          <input
            name="line-speaker"
            list={listId}
            value={speaker}
            autoFocus
            maxLength={200}
            placeholder={side}
            onChange={(e) => setSpeaker(e.target.value)}
          />
          <datalist id={listId}>
            {names.map((n) => (
              <option key={n} value={n} />
            ))}
          </datalist>
        </label>
        <label className="switch">
          <input
            type="checkbox"
            name="whole-side"
            checked={wholeSide}
            onChange={(e) => setWholeSide(e.target.checked)}
          />
          {t.corrections.wholeSide(side)}
        </label>
        <div className="row">
          <button
            type="button"
            className="button primary small"
            data-testid="speaker-save"
            disabled={pending || speaker.trim() === ""}
            onClick={() => name.mutate(speaker.trim())}
          >
            {t.common.save}
          </button>
          <button type="button" className="button small" disabled={pending} onClick={() => name.mutate(null)}>
            {t.corrections.clearSpeaker}
          </button>
          <button type="button" className="button ghost small" onClick={() => setMode("idle")}>
            {t.common.cancel}
          </button>
        </div>
        {failed !== undefined && <ErrorText error={failed} />}
      </div>
    );
  }

  return (
    <div className="line-actions">
      <button
        type="button"
        className="button ghost small"
        data-testid="line-edit"
        onClick={() => {
          setText(segment.text);
          setMode("text");
        }}
      >
        {t.corrections.edit}
      </button>
      <button
        type="button"
        className="button ghost small"
        data-testid="line-speaker"
        onClick={() => {
          setSpeaker(segment.speaker ?? "");
          setMode("speaker");
        }}
      >
        {t.corrections.nameSpeaker}
      </button>
      <button
        type="button"
        className="button ghost small"
        data-testid="line-merge"
        disabled={pending}
        title={t.corrections.mergeHint}
        onClick={() => merge.mutate()}
      >
        {t.corrections.merge}
      </button>
      {failed !== undefined && <ErrorText error={failed} />}
    </div>
  );
}
