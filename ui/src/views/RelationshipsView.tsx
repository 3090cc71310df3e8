import { commands } from "../bindings.gen";
import { Pager } from "../components/Pager";
import { Empty, Status } from "../components/Status";
import { formatScore } from "../format";
import { useT } from "../i18n";
import { call, useLoad } from "../ipc";

const PAGE_SIZE = 25;

interface Props {
  offset: number;
  onOffset: (offset: number) => void;
  /** Opens the editor; `null` for a new relationship. */
  onOpen: (id: number | null) => void;
}

export function RelationshipsView({ offset, onOffset, onOpen }: Props) {
  const t = useT();
  const { loaded, reload } = useLoad(
    () =>
      call(
        commands.listRelationships(
          { type: null, status: null, name_contains: null },
          { limit: PAGE_SIZE, offset },
        ),
      ),
    [offset],
  );

  return (
    <section className="page">
      <header className="page-header row">
        <h1>{t.relationships.title}</h1>
        <button type="button" className="button primary" data-testid="new-relationship" onClick={() => onOpen(null)}>
          + {t.relationships.add}
        </button>
      </header>
      <Status loaded={loaded} onRetry={reload}>
        {(page) =>
          page.total === 0 ? (
            <Empty title={t.relationships.empty} hint={t.relationships.emptyHint} />
          ) : (
            <>
              <table className="table" data-testid="relationships-table">
                <thead>
                  <tr>
                    <th>{t.relationships.columns.name}</th>
                    <th>{t.relationships.columns.type}</th>
                    <th>{t.relationships.columns.status}</th>
                    <th>{t.relationships.columns.importance}</th>
                    <th>{t.relationships.columns.engagement}</th>
                    <th className="num">{t.relationships.columns.meetings}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((r) => (
                    <tr
                      key={r.id}
                      className="row-link"
                      tabIndex={0}
                      data-testid="relationship-row"
                      onClick={() => onOpen(r.id)}
                      onKeyDown={(e) => e.key === "Enter" && onOpen(r.id)}
                    >
                      <td className="strong">
                        {r.name}
                        {r.industry !== null && <span className="sub">{r.industry}</span>}
                      </td>
                      <td>
                        <span className="badge">{t.relationshipType[r.type]}</span>
                      </td>
                      <td>
                        <span className={`status status-${r.status}`}>{t.relationshipStatus[r.status]}</span>
                      </td>
                      <td>
                        <span className={`importance importance-${r.importance}`}>{t.importance[r.importance]}</span>
                      </td>
                      <td>
                        <Engagement score={r.engagement_score} />
                      </td>
                      <td className="num">{r.meeting_count}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <Pager
                offset={offset}
                count={page.items.length}
                total={page.total}
                hasMore={page.has_more}
                pageSize={PAGE_SIZE}
                onOffset={onOffset}
              />
            </>
          )
        }
      </Status>
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
