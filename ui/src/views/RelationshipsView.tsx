import type { Relationship } from "../bindings.gen";
import { PAGE_SIZE, PagedTable, type Column } from "../components/PagedTable";
import { formatScore } from "../format";
import { useT } from "../i18n";
import { useRelationships } from "../queries";

interface Props {
  offset: number;
  onOffset: (offset: number) => void;
  /** Opens the editor; `null` for a new relationship. */
  onOpen: (id: number | null) => void;
}

export function RelationshipsView(props: Props) {
  const t = useT();
  const query = useRelationships({ limit: PAGE_SIZE, offset: props.offset });
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
    { header: t.relationships.columns.engagement, cell: (r) => <Engagement score={r.engagement_score} /> },
    { header: t.relationships.columns.meetings, numeric: true, cell: (r) => r.meeting_count },
  ];

  return (
    <section className="page">
      <header className="page-header row">
        <h1>{t.relationships.title}</h1>
        <button type="button" className="button primary" data-testid="new-relationship" onClick={() => props.onOpen(null)}>
          + {t.relationships.add}
        </button>
      </header>
      <PagedTable {...props} query={query} columns={columns} name="relationship" words={t.relationships} />
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
