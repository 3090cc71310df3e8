import { commands } from "../bindings.gen";
import { Pager } from "../components/Pager";
import { Empty, Status } from "../components/Status";
import { formatDateTime, formatDuration } from "../format";
import { useLocale, useT } from "../i18n";
import { call, useLoad } from "../ipc";

const PAGE_SIZE = 25;

interface Props {
  offset: number;
  onOffset: (offset: number) => void;
  onOpen: (id: number) => void;
}

export function MeetingsView({ offset, onOffset, onOpen }: Props) {
  const t = useT();
  const locale = useLocale();
  const { loaded, reload } = useLoad(
    () =>
      call(
        commands.listMeetings(
          { relationship_id: null, type: null, status: null, started_after: null, started_before: null },
          { limit: PAGE_SIZE, offset },
        ),
      ),
    [offset],
  );

  return (
    <section className="page">
      <header className="page-header">
        <h1>{t.meetings.title}</h1>
      </header>
      <Status loaded={loaded} onRetry={reload}>
        {(page) =>
          page.total === 0 ? (
            <Empty title={t.meetings.empty} hint={t.meetings.emptyHint} />
          ) : (
            <>
              <table className="table" data-testid="meetings-table">
                <thead>
                  <tr>
                    <th>{t.meetings.columns.title}</th>
                    <th>{t.meetings.columns.type}</th>
                    <th>{t.meetings.columns.date}</th>
                    <th className="num">{t.meetings.columns.duration}</th>
                    <th>{t.meetings.columns.relationship}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((m) => (
                    <tr
                      key={m.id}
                      className="row-link"
                      tabIndex={0}
                      data-testid="meeting-row"
                      onClick={() => onOpen(m.id)}
                      onKeyDown={(e) => e.key === "Enter" && onOpen(m.id)}
                    >
                      <td className="strong">{m.title}</td>
                      <td>
                        <span className="badge">{t.meetingType[m.type]}</span>
                      </td>
                      <td className="muted">{formatDateTime(m.started_at, locale)}</td>
                      <td className="num muted">
                        {formatDuration(m.duration_ms, locale) ??
                          (m.status === "active" ? t.meetings.inProgress : t.common.none)}
                      </td>
                      <td>{m.relationship_name ?? <span className="muted">{t.common.none}</span>}</td>
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
