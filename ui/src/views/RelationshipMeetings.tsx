// The meetings held with a relationship, newest first: its timeline, under its form.

import { Empty, Status } from "../components/Status";
import { formatDateTime } from "../format";
import { useLocale, useT } from "../i18n";
import { useRelationshipMeetings } from "../queries";

export function RelationshipMeetings({ relationshipId, onOpen }: { relationshipId: number; onOpen: (id: number) => void }) {
  const t = useT();
  const locale = useLocale();
  const query = useRelationshipMeetings(relationshipId);
  return (
    <section className="page relationship-meetings" data-testid="relationship-meetings">
      <h2 className="section-title">{t.meetings.title}</h2>
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
                </li>
              ))}
            </ul>
          )
        }
      </Status>
    </section>
  );
}
