// A meeting's notes, typed during it or after, saved as the user types (after a short
// pause, and at once when the pane goes away, as when the recording stops). Markdown,
// with a live preview where there is room: rendered as React elements from the text,
// never as HTML, with links and images shown as their text (nothing is fetched or
// opened from a note).

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import Markdown, { type Components } from "react-markdown";
import { commands } from "../bindings.gen";
import { useT } from "../i18n";
import { describeError } from "../errors";
import { call } from "../ipc";
import { keys, useNotes } from "../queries";

/** How long typing pauses before the notes are saved, ms. */
export const NOTES_SAVE_DELAY_MS = 800;

export function NotesPane({ meetingId, preview = false }: { meetingId: number; preview?: boolean }) {
  const notes = useNotes(meetingId);
  // The editor starts from what is stored (the user may come back to the live view).
  if (!notes.isSuccess) return null;
  return (
    <NotesEditor meetingId={meetingId} preview={preview} initial={notes.data.map((n) => n.body).join("\n\n")} />
  );
}

/** Links and images of a note as plain text: a note never opens or fetches anything. */
const SAFE_ELEMENTS: Components = {
  a: ({ children }) => <span className="md-link">{children}</span>,
  img: ({ alt }) => <span className="md-image">{alt}</span>,
};

function NotesEditor({ meetingId, initial, preview }: { meetingId: number; initial: string; preview: boolean }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [text, setText] = useState(initial);
  // What is typed but not saved yet; read by the timer and by the unmount flush.
  const unsaved = useRef<string | null>(null);
  const save = useMutation({
    mutationFn: (body: string) => call(commands.saveMeetingNotes(meetingId, body)),
    onSuccess: (note) => queryClient.setQueryData(keys.notes(meetingId), note === null ? [] : [note]),
  });
  const { mutate } = save;

  useEffect(() => {
    if (unsaved.current === null) return;
    const timer = window.setTimeout(() => {
      if (unsaved.current === null) return;
      mutate(unsaved.current);
      unsaved.current = null;
    }, NOTES_SAVE_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [text, mutate]);

  // Leaving (the recording stopped, another page opened) saves what is pending.
  useEffect(
    () => () => {
      if (unsaved.current === null) return;
      void call(commands.saveMeetingNotes(meetingId, unsaved.current)).finally(
        () => void queryClient.invalidateQueries({ queryKey: keys.notes(meetingId) }),
      );
    },
    [meetingId, queryClient],
  );

  const status = save.isPending
    ? t.live.notesSaving
    : save.isError
      ? t.live.notesFailed(describeError(t, save.error).text)
      : save.isSuccess
        ? t.live.notesSaved
        : t.live.notesHint;
  return (
    <section className={preview ? "notes-pane with-preview" : "notes-pane"} data-testid="meeting-notes">
      <label className="field">
        <span className="section-title">{t.live.notes}</span>
        <textarea
          data-testid="notes-editor"
          value={text}
          rows={preview ? 10 : 5}
          maxLength={100000}
          placeholder={t.live.notesPlaceholder}
          onChange={(e) => {
            unsaved.current = e.target.value;
            setText(e.target.value);
          }}
        />
      </label>
      {preview && text.trim() !== "" && (
        <div className="notes-preview markdown" data-testid="notes-preview" aria-label={t.live.notesPreview}>
          <Markdown skipHtml components={SAFE_ELEMENTS}>
            {text}
          </Markdown>
        </div>
      )}
      <small className={save.isError ? "notes-status error" : "notes-status muted"} role="status" data-testid="notes-status">
        {status}
      </small>
    </section>
  );
}
