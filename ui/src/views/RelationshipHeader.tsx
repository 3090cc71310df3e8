// The top of a relationship's page: who they are at a glance (kind, status, stage,
// people, dates), with the edit form one click away rather than always open.

import type { Relationship } from "../bindings.gen";
import { formatDate, formatDateTime } from "../format";
import { useLocale, useT } from "../i18n";

interface Props {
  relationship: Relationship;
  onBack: () => void;
  onEdit: () => void;
  onStartMeeting: () => void;
}

/** Whether an RFC 3339 time is already past. */
export function isOverdue(iso: string, now: Date = new Date()): boolean {
  const at = new Date(iso);
  return !Number.isNaN(at.getTime()) && at.getTime() < now.getTime();
}

export function RelationshipHeader({ relationship: r, onBack, onEdit, onStartMeeting }: Props) {
  const t = useT();
  const p = t.relationshipPage;
  const f = t.relationships.fields;
  const locale = useLocale();
  const contact = r.primary_contact;
  const overdue = r.next_meeting_at !== null && isOverdue(r.next_meeting_at);
  return (
    <section className="page relationship-header" data-testid="relationship-header">
      <button type="button" className="button ghost back" onClick={onBack}>
        ← {t.common.back}
      </button>
      <header className="page-header">
        <h1 data-testid="relationship-name">{r.name}</h1>
        <div className="header-actions">
          <button type="button" className="button" data-testid="edit-relationship" onClick={onEdit}>
            {p.edit}
          </button>
          <button type="button" className="button primary" data-testid="start-meeting-with" onClick={onStartMeeting}>
            {p.startWith(r.name)}
          </button>
        </div>
      </header>
      <p className="relationship-badges">
        <span className="badge">{t.relationshipType[r.type]}</span>
        <span className={`status status-${r.status}`}>{t.relationshipStatus[r.status]}</span>
        <span className={`importance importance-${r.importance}`}>{t.importance[r.importance]}</span>
        {r.tags.map((tag) => (
          <span key={tag} className="tag">
            {tag}
          </span>
        ))}
      </p>
      <dl className="facts-grid">
        <Item label={f.industry} value={r.industry} />
        <Item label={f.stage} value={r.stage} />
        <Item
          label={p.contact}
          value={contact === null ? null : [contact.name, contact.title].filter((v) => v !== null).join(", ")}
        />
        <Item
          label={p.team}
          value={r.team_members.length === 0 ? null : r.team_members.map((m) => m.name).join(", ")}
        />
        <Item
          label={p.firstContact}
          value={r.first_contact_date === null ? null : formatDate(`${r.first_contact_date}T00:00:00`, locale)}
        />
        <div className={overdue ? "overdue" : undefined} data-testid="next-meeting">
          <dt>{p.nextMeeting}</dt>
          <dd>
            {r.next_meeting_at === null ? "—" : formatDateTime(r.next_meeting_at, locale)}
            {overdue && <span className="badge warning">{p.overdue}</span>}
          </dd>
        </div>
      </dl>
    </section>
  );
}

function Item({ label, value }: { label: string; value: string | null }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{value === null || value === "" ? "—" : value}</dd>
    </div>
  );
}
