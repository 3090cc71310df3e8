import type { UseQueryResult } from "@tanstack/react-query";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { Paged } from "../bindings.gen";
import { PAGE_SIZE, PagedTable, type Column } from "./PagedTable";

interface Row {
  id: number;
  name: string;
  count: number;
}

/** A query that has loaded `page`, as TanStack Query reports one. */
function loaded(page: Paged<Row>): UseQueryResult<Paged<Row>> {
  return { isError: false, isPending: false, data: page, error: null } as unknown as UseQueryResult<Paged<Row>>;
}

const columns: Column<Row>[] = [
  { header: "Name", className: "strong", cell: (r) => r.name },
  { header: "Count", numeric: true, className: "muted", cell: (r) => r.count },
];

function render(page: Paged<Row>, offset = 0) {
  return renderToStaticMarkup(
    <PagedTable
      query={loaded(page)}
      offset={offset}
      onOffset={() => undefined}
      columns={columns}
      onOpen={() => undefined}
      name="thing"
      words={{ empty: "Nothing yet.", emptyHint: "Add one." }}
    />,
  );
}

describe("PagedTable", () => {
  it("renders a row per item with its cells' classes, and no pager when all fit", () => {
    const html = render({ items: [{ id: 7, name: "Acme", count: 3 }], total: 1, has_more: false });
    expect(html).toContain('<table class="table" data-testid="things-table">');
    expect(html).toContain('<th>Name</th><th class="num">Count</th>');
    expect(html).toContain('data-testid="thing-row"><td class="strong">Acme</td><td class="num muted">3</td></tr>');
    expect(html).not.toContain("pager");
  });

  it("shows the pager past one page", () => {
    const items = Array.from({ length: PAGE_SIZE }, (_, i) => ({ id: i, name: `n${i}`, count: i }));
    const html = render({ items, total: 60, has_more: true }, PAGE_SIZE);
    expect(html).toContain('class="pager"');
    expect(html).toContain(`${PAGE_SIZE + 1}–${2 * PAGE_SIZE}`);
  });

  it("says the list is empty instead of an empty table", () => {
    const html = render({ items: [], total: 0, has_more: false });
    expect(html).toContain("Nothing yet.");
    expect(html).not.toContain("<table");
  });
});
