// A relationship's meetings, newest first, each with what came out of it: the summary's
// first line, the action items still open and the figures heard. Under it, the open
// action items of all its meetings, to review in one place before the next meeting.

import type { ActionItem, TimelineEntry } from "../bindings.gen";
import { ActionItemList } from "../components/ActionItems";
import { Empty, Status } from "../components/Status";
import { formatDateTime } from "../format";
import { useLocale, useT } from "../i18n";
import { refreshActionItems, useTimeline } from "../queries";
import { valueText } from "./RelationshipFacts";

interface Props {
  relationshipId: number;
  onOpenMeeting: (id: number) => void;
}

export function RelationshipTimeline({ relationshipId, onOpenMeeting }: Props) {
  const t = useT();
  const query = useTimeline(relationshipId);
  return (
    <Status query={query}>
      {(entries) => (
        <>
          <OpenActionItems items={entries.flatMap((e) => e.open_action_items)} />
          <section className="page relationship-meetings" data-testid="relationship-meetings">
            <h2 className="section-title">{t.relationshipPage.timeline}</h2>
            {entries.length === 0 ? (
              <Empty title={t.meetingEdit.noMeetings} />
            ) : (
              <ol className="timeline rich" data-testid="timeline">
                {entries.map((e) => (
                  <Entry key={e.meeting.id} entry={e} onOpen={onOpenMeeting} />
                ))}
              </ol>
            )}
          </section>
        </>
      )}
    </Status>
  );
}

function Entry({ entry, onOpen }: { entry: TimelineEntry; onOpen: (id: number) => void }) {
  const t = useT();
  const p = t.relationshipPage;
  const locale = useLocale();
  const m = entry.meeting;
  return (
    <li data-testid="timeline-entry">
      <div className="timeline-head">
        <span className="muted">{formatDateTime(m.started_at, locale)}</span>
        <button type="button" className="button link" onClick={() => onOpen(m.id)}>
          {m.title}
        </button>
        <span className="badge">{t.meetingType[m.type]}</span>
      </div>
      {entry.summary_line !== null && <p className="timeline-summary">{entry.summary_line}</p>}
      {entry.open_action_items.length > 0 && (
        <p className="timeline-line" data-testid="timeline-open-items">
          <strong>{p.openItems(entry.open_action_items.length)}</strong>{" "}
          {entry.open_action_items.map((a) => a.text).join(" · ")}
        </p>
      )}
      {entry.figures.length > 0 && (
        <p className="timeline-line" data-testid="timeline-figures">
          <strong>{p.figuresHeard}</strong>{" "}
          {entry.figures.map((f) => `${t.facts.metrics[f.key] ?? f.key} ${valueText(f, locale)}`).join(" · ")}
        </p>
      )}
    </li>
  );
}

function OpenActionItems({ items }: { items: ActionItem[] }) {
  const t = useT();
  return (
    <section className="page relationship-open-items" data-testid="relationship-open-items">
      <h2 className="section-title">{t.relationshipPage.openItemsTitle}</h2>
      <ActionItemList items={items} onChanged={() => void refreshActionItems()} />
    </section>
  );
}
