import { useState, type FormEvent } from "react";
import type { SearchHit } from "../bindings.gen";
import { Pager } from "../components/Pager";
import { Snippet } from "../components/Snippet";
import { Empty, Status } from "../components/Status";
import { formatDate, formatOffset } from "../format";
import { useLocale, useT } from "../i18n";
import { ALL_RELATIONSHIPS, useRelationships, useSearch } from "../queries";

const PAGE_SIZE = 20;
// The filter lists relationships by name; more than this many is a job for typing.
const FILTER_CHOICES = 500;

/** A search as the route keeps it, so coming back from a hit restores it. */
export interface SearchState {
  text: string;
  relationshipId: number | null;
  offset: number;
}

interface Props {
  search: SearchState;
  onSearch: (search: SearchState) => void;
  onOpenMeeting: (id: number, focusMs: number | null) => void;
}

export function SearchView({ search, onSearch, onOpenMeeting }: Props) {
  const t = useT();
  const [text, setText] = useState(search.text);
  const [relationshipId, setRelationshipId] = useState(search.relationshipId);

  const choices = useRelationships(ALL_RELATIONSHIPS, { limit: FILTER_CHOICES, offset: 0 });
  const results = useSearch({
    text: search.text,
    relationship_id: search.relationshipId,
    meeting_type: null,
    from: null,
    to: null,
    limit: PAGE_SIZE,
    offset: search.offset,
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    onSearch({ text, relationshipId, offset: 0 });
  }

  return (
    <section className="page">
      <header className="page-header">
        <h1>{t.search.title}</h1>
      </header>
      <form className="search-bar" role="search" onSubmit={submit}>
        <input
          type="search"
          data-testid="search-input"
          placeholder={t.search.placeholder}
          aria-label={t.search.title}
          value={text}
          onChange={(e) => setText(e.target.value)}
          autoFocus
        />
        <select
          aria-label={t.nav.relationships}
          data-testid="search-relationship"
          value={relationshipId ?? ""}
          onChange={(e) => setRelationshipId(e.target.value === "" ? null : Number(e.target.value))}
        >
          <option value="">{t.search.allRelationships}</option>
          {choices.data?.items.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </select>
        <button type="submit" className="button primary">
          {t.search.submit}
        </button>
      </form>
      <Status query={results}>
        {(found) =>
          found === null ? (
            <p className="muted hint">{t.search.hint}</p>
          ) : found.hits.length === 0 ? (
            <Empty title={t.search.noResults} />
          ) : (
            <>
              <p className="muted results-count">
                {t.search.results(found.total, found.total_is_lower_bound)}
                {found.ranked_by === "recency" && ` · ${t.search.byRecency}`}
              </p>
              <ol className="hits" data-testid="search-results">
                {found.hits.map((hit) => (
                  <Hit key={`${hit.kind}-${hit.id}`} hit={hit} onOpenMeeting={onOpenMeeting} />
                ))}
              </ol>
              <Pager
                offset={search.offset}
                count={found.hits.length}
                total={found.total}
                hasMore={found.has_more}
                pageSize={PAGE_SIZE}
                onOffset={(offset) => onSearch({ ...search, offset })}
              />
            </>
          )
        }
      </Status>
    </section>
  );
}

function Hit({ hit, onOpenMeeting }: { hit: SearchHit; onOpenMeeting: Props["onOpenMeeting"] }) {
  const t = useT();
  const locale = useLocale();
  const meetingId = hit.meeting_id;
  const open = meetingId === null ? undefined : () => onOpenMeeting(meetingId, hit.start_ms);
  return (
    <li className={open === undefined ? "hit" : "hit row-link"} data-testid="search-hit" onClick={open}>
      <div className="hit-head">
        <span className="strong">{hit.meeting_title ?? hit.relationship_name ?? t.search.relationshipHit}</span>
        {hit.start_ms !== null && <span className="segment-time">{formatOffset(hit.start_ms)}</span>}
        {hit.source !== null && <span className={`speaker speaker-${hit.source}`}>{t.source[hit.source]}</span>}
        <span className="muted small">{formatDate(hit.at, locale)}</span>
        {hit.file_name !== null && (
          <span className="muted small">
            · {hit.file_name}
            {hit.place ? ` ${hit.place}` : ""}
          </span>
        )}
        {hit.meeting_title !== null && hit.relationship_name !== null && (
          <span className="muted small">· {hit.relationship_name}</span>
        )}
      </div>
      <p className="hit-snippet">
        <Snippet spans={hit.snippet} />
      </p>
    </li>
  );
}
