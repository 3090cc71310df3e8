import type { Meeting } from "../bindings.gen";
import { PAGE_SIZE, PagedTable, type Column } from "../components/PagedTable";
import { formatDateTime, formatDuration } from "../format";
import { useLocale, useT } from "../i18n";
import { useMeetings } from "../queries";

interface Props {
  offset: number;
  onOffset: (offset: number) => void;
  onOpen: (id: number) => void;
  onImport: () => void;
}

export function MeetingsView(props: Props) {
  const t = useT();
  const locale = useLocale();
  const query = useMeetings({ limit: PAGE_SIZE, offset: props.offset });
  const columns: Column<Meeting>[] = [
    { header: t.meetings.columns.title, className: "strong", cell: (m) => m.title },
    {
      header: t.meetings.columns.type,
      cell: (m) => <span className="badge">{t.meetingType[m.type]}</span>,
    },
    { header: t.meetings.columns.date, className: "muted", cell: (m) => formatDateTime(m.started_at, locale) },
    {
      header: t.meetings.columns.duration,
      numeric: true,
      className: "muted",
      cell: (m) =>
        formatDuration(m.duration_ms, locale) ?? (m.status === "active" ? t.meetings.inProgress : t.common.none),
    },
    {
      header: t.meetings.columns.relationship,
      cell: (m) => m.relationship_name ?? <span className="muted">{t.common.none}</span>,
    },
  ];

  return (
    <section className="page">
      <header className="page-header row">
        <h1>{t.meetings.title}</h1>
        <button type="button" className="button" data-testid="open-import" onClick={props.onImport}>
          {t.imports.open}
        </button>
      </header>
      <PagedTable offset={props.offset} onOffset={props.onOffset} onOpen={props.onOpen} query={query} columns={columns} name="meeting" words={t.meetings} />
    </section>
  );
}
