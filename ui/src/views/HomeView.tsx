// The start page: what needs the user today. Follow-ups due (a relationship's next
// meeting today or past), action items waiting for approval, the latest meetings, and
// a way to start the next one.

import type { ActionItem, PendingActionItem } from "../bindings.gen";
import { ActionItemList } from "../components/ActionItems";
import { Empty, Status } from "../components/Status";
import { formatDateTime } from "../format";
import { useLocale, useT } from "../i18n";
import { refreshActionItems, useDueRelationships, useMeetings, usePendingActionItems } from "../queries";
import { isOverdue } from "./RelationshipHeader";

interface Props {
  onStart: () => void;
  onOpenMeeting: (id: number) => void;
  onOpenRelationship: (id: number) => void;
}

/** The last moment of the user's today, so "due" means today's or earlier. */
function endOfToday(): string {
  const end = new Date();
  end.setHours(23, 59, 59, 999);
  return end.toISOString();
}

export function HomeView({ onStart, onOpenMeeting, onOpenRelationship }: Props) {
  const t = useT();
  return (
    <section className="page home" data-testid="home">
      <header className="page-header row">
        <h1>{t.home.title}</h1>
        <button type="button" className="button primary" data-testid="home-start" onClick={onStart}>
          {t.home.start}
        </button>
      </header>
      <Due onOpen={onOpenRelationship} />
      <Pending onOpenMeeting={onOpenMeeting} />
      <Recent onOpen={onOpenMeeting} />
    </section>
  );
}

function Due({ onOpen }: { onOpen: (id: number) => void }) {
  const t = useT();
  const locale = useLocale();
  const query = useDueRelationships(endOfToday());
  return (
    <div className="home-block" data-testid="home-due">
      <h2 className="section-title">{t.home.due}</h2>
      <Status query={query}>
        {(due) =>
          due.length === 0 ? (
            <p className="hint">{t.home.noneDue}</p>
          ) : (
            <ul className="timeline">
              {due.map((r) => (
                <li key={r.id} data-testid="due-relationship">
                  <button type="button" className="button link" onClick={() => onOpen(r.id)}>
                    {r.name}
                  </button>
                  {r.next_meeting_at !== null && (
                    <span className={isOverdue(r.next_meeting_at) ? "overdue" : "muted"}>
                      {formatDateTime(r.next_meeting_at, locale)}
                    </span>
                  )}
                  {r.next_meeting_at !== null && isOverdue(r.next_meeting_at) && (
                    <span className="badge warning">{t.relationshipPage.overdue}</span>
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </Status>
    </div>
  );
}

interface MeetingGroup {
  meetingId: number;
  title: string;
  startedAt: string;
  items: ActionItem[];
}

/** Pending items grouped under the meeting they came from, newest meeting first. */
function groupByMeeting(pending: PendingActionItem[]): MeetingGroup[] {
  const groups = new Map<number, MeetingGroup>();
  for (const p of pending) {
    const group = groups.get(p.item.meeting_id) ?? {
      meetingId: p.item.meeting_id,
      title: p.meeting_title,
      startedAt: p.meeting_started_at,
      items: [],
    };
    group.items.push(p.item);
    groups.set(group.meetingId, group);
  }
  return [...groups.values()];
}

function Pending({ onOpenMeeting }: { onOpenMeeting: (id: number) => void }) {
  const t = useT();
  const locale = useLocale();
  const query = usePendingActionItems();
  return (
    <div className="home-block" data-testid="home-pending">
      <h2 className="section-title">{t.home.pending}</h2>
      <Status query={query}>
        {(pending) =>
          pending.length === 0 ? (
            <p className="hint">{t.home.noPending}</p>
          ) : (
            groupByMeeting(pending).map((group) => (
              <div key={group.meetingId} className="home-group">
                <button type="button" className="button link" onClick={() => onOpenMeeting(group.meetingId)}>
                  {t.home.fromMeeting(group.title, formatDateTime(group.startedAt, locale))}
                </button>
                <ActionItemList items={group.items} onChanged={() => void refreshActionItems()} />
              </div>
            ))
          )
        }
      </Status>
    </div>
  );
}

function Recent({ onOpen }: { onOpen: (id: number) => void }) {
  const t = useT();
  const locale = useLocale();
  const query = useMeetings({ limit: 5, offset: 0 });
  return (
    <div className="home-block" data-testid="home-recent">
      <h2 className="section-title">{t.home.recent}</h2>
      <Status query={query}>
        {(meetings) =>
          meetings.items.length === 0 ? (
            <Empty title={t.meetingEdit.noMeetings} />
          ) : (
            <ul className="timeline">
              {meetings.items.map((m) => (
                <li key={m.id}>
                  <button type="button" className="button link" onClick={() => onOpen(m.id)}>
                    {m.title}
                  </button>
                  <span className="badge">{t.meetingType[m.type]}</span>
                  <span className="muted">{formatDateTime(m.started_at, locale)}</span>
                  {m.relationship_name !== null && <span className="muted">{m.relationship_name}</span>}
                </li>
              ))}
            </ul>
          )
        }
      </Status>
    </div>
  );
}
