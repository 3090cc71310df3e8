import type { Relationship, RelationshipFilter } from "../bindings.gen";
import { PAGE_SIZE, PagedTable, type Column } from "../components/PagedTable";
import { formatDate, formatScore } from "../format";
import { useLocale, useT } from "../i18n";
import { useRelationships } from "../queries";
import { isOverdue } from "./RelationshipHeader";
import { RelationshipFilters, isFiltered } from "./RelationshipFilters";

interface Props {
  offset: number;
  filter: RelationshipFilter;
  onOffset: (offset: number) => void;
  onFilter: (filter: RelationshipFilter) => void;
  /** Opens the editor; `null` for a new relationship. */
  onOpen: (id: number | null) => void;
}

export function RelationshipsView(props: Props) {
  const t = useT();
  const locale = useLocale();
  const query = useRelationships(props.filter, { limit: PAGE_SIZE, offset: props.offset });
  const columns: Column<Relationship>[] = [
    {
      header: t.relationships.columns.name,
      className: "strong",
      cell: (r) => (
        <>
          {r.name}
          {r.industry !== null && <span className="sub">{r.industry}</span>}
        </>
      ),
    },
    {
      header: t.relationships.columns.type,
      cell: (r) => <span className="badge">{t.relationshipType[r.type]}</span>,
    },
    {
      header: t.relationships.columns.status,
      cell: (r) => <span className={`status status-${r.status}`}>{t.relationshipStatus[r.status]}</span>,
    },
    {
      header: t.relationships.columns.importance,
      cell: (r) => <span className={`importance importance-${r.importance}`}>{t.importance[r.importance]}</span>,
    },
    {
      header: t.relationships.columns.nextMeeting,
      cell: (r) =>
        r.next_meeting_at === null ? (
          <span className="muted">{t.common.none}</span>
        ) : (
          <span className={isOverdue(r.next_meeting_at) ? "overdue" : undefined} data-testid="next-meeting-cell">
            {formatDate(r.next_meeting_at, locale)}
          </span>
        ),
    },
    { header: t.relationships.columns.engagement, cell: (r) => <Engagement score={r.engagement_score} /> },
    { header: t.relationships.columns.meetings, numeric: true, cell: (r) => r.meeting_count },
    {
      header: t.relationships.columns.openItems,
      numeric: true,
      cell: (r) => (r.open_action_items === 0 ? <span className="muted">0</span> : <strong>{r.open_action_items}</strong>),
    },
  ];
  const words = isFiltered(props.filter)
    ? { empty: t.relationships.list.noMatch, emptyHint: t.relationships.list.noMatchHint }
    : t.relationships;

  return (
    <section className="page">
      <header className="page-header row">
        <h1>{t.relationships.title}</h1>
        <button type="button" className="button primary" data-testid="new-relationship" onClick={() => props.onOpen(null)}>
          + {t.relationships.add}
        </button>
      </header>
      <RelationshipFilters filter={props.filter} onFilter={props.onFilter} />
      {props.filter.sort === "engagement" && (
        <p className="muted small list-explain" data-testid="engagement-means">
          {t.relationships.list.engagementMeans}
        </p>
      )}
      <PagedTable {...props} query={query} columns={columns} name="relationship" words={words} />
    </section>
  );
}

/** A small bar and percentage; the store sends null when it cannot compute a score. */
function Engagement({ score }: { score: number | null }) {
  const t = useT();
  if (score === null) return <span className="muted">{t.common.none}</span>;
  const percent = formatScore(score);
  return (
    <>
      <span className="meter" aria-hidden="true">
        <span className="meter-fill" style={{ width: percent }} />
      </span>
      <span className="muted small">{percent}</span>
    </>
  );
}
