import { useEffect, useRef } from "react";
import { commands, type Segment } from "../bindings.gen";
import { Empty, Status } from "../components/Status";
import { formatDateTime, formatDuration, formatOffset } from "../format";
import { useLocale, useT } from "../i18n";
import { call, useLoad } from "../ipc";
import type { Analysis } from "../components/Analysis";
import { MeetingInsightsPanel } from "./MeetingInsights";
import { Retranscribe } from "./Retranscribe";

// The store caps one page at 500 segments; a transcript longer than that is read in
// several pages and shown whole.
const SEGMENT_PAGE = 500;

async function allSegments(meetingId: number): Promise<Segment[]> {
  const segments: Segment[] = [];
  for (;;) {
    const page = await call(commands.listSegments(meetingId, { limit: SEGMENT_PAGE, offset: segments.length }));
    segments.push(...page.items);
    if (!page.has_more || page.items.length === 0) return segments;
  }
}

interface Props {
  id: number;
  /** A moment to scroll to (a search hit), in ms from the start. */
  focusMs: number | null;
  onBack: () => void;
  /** The analysis the app runs when this meeting's recording ends, if it did. */
  afterRecording: Analysis;
}

export function MeetingDetail({ id, focusMs, onBack, afterRecording }: Props) {
  const t = useT();
  const locale = useLocale();
  const { loaded, reload } = useLoad(
    async () => {
      const [meeting, segments] = await Promise.all([call(commands.getMeeting(id)), allSegments(id)]);
      return { meeting, segments };
    },
    [id],
  );
  const focused = useRef<HTMLLIElement>(null);
  useEffect(() => {
    focused.current?.scrollIntoView({ block: "center" });
  }, [loaded.state]);

  return (
    <section className="page">
      <button type="button" className="button ghost back" onClick={onBack}>
        ← {t.common.back}
      </button>
      <Status loaded={loaded} onRetry={reload}>
        {({ meeting, segments }) => {
          const focusIndex =
            focusMs === null ? -1 : segments.findLastIndex((s) => s.start_ms <= focusMs);
          const duration = formatDuration(meeting.duration_ms, locale);
          return (
            <>
              <header className="page-header">
                <h1 data-testid="meeting-title">{meeting.title}</h1>
                <p className="meta">
                  <span className="badge">{t.meetingType[meeting.type]}</span>
                  <span>{formatDateTime(meeting.started_at, locale)}</span>
                  {duration !== null && <span>{duration}</span>}
                  {meeting.relationship_name !== null && <span>{meeting.relationship_name}</span>}
                  <span>{t.meetings.segments(meeting.segment_count)}</span>
                </p>
              </header>
              <MeetingInsightsPanel key={meeting.id} meetingId={meeting.id} afterRecording={afterRecording} />
              <h2 className="section-title">{t.meetings.transcript}</h2>
              {meeting.audio_paths.length > 0 && meeting.status !== "active" && (
                <Retranscribe meetingId={meeting.id} onDone={reload} />
              )}
              {segments.length === 0 ? (
                <Empty title={t.meetings.noTranscript} />
              ) : (
                <ol className="transcript" data-testid="transcript">
                  {segments.map((s, i) => (
                    <li
                      key={s.id}
                      ref={i === focusIndex ? focused : undefined}
                      className={`segment source-${s.source}${i === focusIndex ? " focused" : ""}`}
                    >
                      <span className="segment-time">{formatOffset(s.start_ms)}</span>
                      <span className={`speaker speaker-${s.source}`}>
                        {t.source[s.source]}
                        {s.speaker !== null && <span className="speaker-name">{s.speaker}</span>}
                      </span>
                      <p className="segment-text">{s.text}</p>
                    </li>
                  ))}
                </ol>
              )}
            </>
          );
        }}
      </Status>
    </section>
  );
}
