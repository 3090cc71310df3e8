// The glossary, searchable and paged, with a term's form above the table when one is
// being added or edited.

import { useState } from "react";
import type { GlossaryTerm } from "../bindings.gen";
import { useLocale, useT } from "../i18n";
import { useGlossary } from "../queries";
import { GlossaryForm } from "./GlossaryForm";
import { PAGE_SIZE, PagedTable, type Column } from "./PagedTable";

/** Which term's form is open: none, a new term, or the term with this id. */
type Editing = null | "new" | GlossaryTerm;

export function GlossaryTable() {
  const t = useT().checklists;
  const locale = useLocale();
  const [text, setText] = useState("");
  const [offset, setOffset] = useState(0);
  const [editing, setEditing] = useState<Editing>(null);
  const query = useGlossary(text, { limit: PAGE_SIZE, offset });
  const columns: Column<GlossaryTerm>[] = [
    { header: t.columns.term, className: "strong", cell: (g) => g.term },
    { header: t.columns.aliases, className: "muted", cell: (g) => g.aliases.join(", ") },
    {
      header: t.columns.definition,
      // Two lines at most; the whole definition is in the term's form.
      cell: (g) => <div className="clamp">{locale === "ko" ? g.definition_ko : g.definition_en}</div>,
    },
    { header: t.columns.category, cell: (g) => <span className="badge">{g.category}</span> },
  ];
  return (
    <section className="glossary" data-testid="glossary">
      <div className="row page-header">
        <h2 className="section-title">{t.glossary}</h2>
        <button type="button" className="button" data-testid="term-add" onClick={() => setEditing("new")}>
          {t.addTerm}
        </button>
      </div>
      {editing !== null && (
        <GlossaryForm
          key={editing === "new" ? "new" : editing.id}
          existing={editing === "new" ? null : editing}
          onDone={() => setEditing(null)}
        />
      )}
      <div className="search-bar">
        <input
          type="search"
          name="glossary-search"
          value={text}
          placeholder={t.search}
          aria-label={t.search}
          onChange={(e) => {
            setText(e.target.value);
            setOffset(0);
          }}
        />
      </div>
      <PagedTable
        query={query}
        offset={offset}
        onOffset={setOffset}
        columns={columns}
        onOpen={(id) => setEditing(query.data?.items.find((g) => g.id === id) ?? null)}
        words={{ empty: t.noTerms, emptyHint: t.noTermsHint }}
        name="term"
      />
    </section>
  );
}
