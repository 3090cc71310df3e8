import { useState } from "react";
import { Status } from "../components/Status";
import { formatDateTime, formatDuration } from "../format";
import { useLocale, useT } from "../i18n";
import type { Analysis } from "../components/Analysis";
import { useMeeting, useNotes, useParticipants } from "../queries";
import { MeetingEditForm } from "./MeetingEditForm";
import { MeetingInsightsPanel } from "./MeetingInsights";
import { NotesPane } from "../components/NotesPane";
import { DeleteMeeting } from "./DeleteButtons";
import { ExportPanel } from "./ExportPanel";
import { MeetingTranscript } from "./MeetingTranscript";
import { RecordingElsewhere } from "./RecordingElsewhere";
import { Retranscribe } from "./Retranscribe";

interface Props {
  id: number;
  /** A moment to scroll to (a search hit), in ms from the start. */
  focusMs: number | null;
  onBack: () => void;
  onOpenModels: () => void;
  /** The analysis the app runs when this meeting's recording ends, if it did. */
  afterRecording: Analysis;
}

export function MeetingDetail({ id, focusMs, onBack, onOpenModels, afterRecording }: Props) {
  const t = useT();
  const locale = useLocale();
  const query = useMeeting(id);
  const participants = useParticipants(id).data ?? [];
  const [editing, setEditing] = useState(false);

  return (
    <section className="page">
      <button type="button" className="button ghost back" onClick={onBack}>
        ← {t.common.back}
      </button>
      <Status query={query}>
        {({ meeting, segments }) => {
          const focusIndex =
            focusMs === null ? -1 : segments.findLastIndex((s) => s.start_ms <= focusMs);
          const duration = formatDuration(meeting.duration_ms, locale);
          return (
            <>
              <header className="page-header">
                <div className="title-row">
                  <h1 data-testid="meeting-title">{meeting.title}</h1>
                  {!editing && (
                    <button type="button" className="button" data-testid="edit-meeting" onClick={() => setEditing(true)}>
                      {t.meetingEdit.edit}
                    </button>
                  )}
                  {meeting.status !== "active" && <DeleteMeeting meetingId={meeting.id} onDeleted={onBack} />}
                </div>
                <p className="meta">
                  <span className="badge">{t.meetingType[meeting.type]}</span>
                  <span>{formatDateTime(meeting.started_at, locale)}</span>
                  {duration !== null && <span>{duration}</span>}
                  {meeting.relationship_name !== null && (
                    <span data-testid="meeting-relationship">{meeting.relationship_name}</span>
                  )}
                  <span>{t.meetings.segments(meeting.segment_count)}</span>
                </p>
                {participants.length > 0 && (
                  <p className="meta participants-line" data-testid="meeting-participants">
                    {participants.map((p) => (
                      <span key={p.id}>{p.role === "host" ? `${p.name} (${t.pick.me})` : p.name}</span>
                    ))}
                  </p>
                )}
              </header>
              {editing && (
                <MeetingEditForm meeting={meeting} participants={participants} onDone={() => setEditing(false)} />
              )}
              <MeetingInsightsPanel key={meeting.id} meetingId={meeting.id} afterRecording={afterRecording} />
              {meeting.status !== "active" ? <NotesPane meetingId={meeting.id} preview /> : <MeetingNotes meetingId={meeting.id} />}
              {meeting.status !== "active" && <ExportPanel meetingId={meeting.id} />}
              <h2 className="section-title">{t.meetings.transcript}</h2>
              {meeting.audio_paths.length > 0 && meeting.status !== "active" && (
                <Retranscribe meetingId={meeting.id} onOpenModels={onOpenModels} />
              )}
              {meeting.audio_paths.length === 0 && meeting.status !== "active" && <RecordingElsewhere meetingId={meeting.id} />}
              <MeetingTranscript
                meeting={meeting}
                segments={segments}
                names={participants.map((p) => p.name)}
                focusIndex={focusIndex}
              />
            </>
          );
        }}
      </Status>
    </section>
  );
}

/** The notes typed during the meeting, as typed. */
function MeetingNotes({ meetingId }: { meetingId: number }) {
  const t = useT();
  const notes = useNotes(meetingId).data ?? [];
  if (notes.length === 0) return null;
  return (
    <section data-testid="meeting-notes">
      <h2 className="section-title">{t.live.notes}</h2>
      {notes.map((n) => (
        <p key={n.id} className="note-body">
          {n.body}
        </p>
      ))}
    </section>
  );
}
