// One page of a list as a table of rows that open on click or Enter, with the pager
// under it: the meetings and relationships lists.

import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import type { Paged } from "../bindings.gen";
import { Pager } from "./Pager";
import { Empty, Status } from "./Status";

export interface Column<T> {
  header: string;
  /** A number: right-aligned, header included. */
  numeric?: boolean;
  /** The cell's own class, beside `num`. */
  className?: string;
  cell: (row: T) => ReactNode;
}

/** How many rows a page of a list shows. */
export const PAGE_SIZE = 25;

interface Props<T extends { id: number }> {
  query: UseQueryResult<Paged<T>>;
  offset: number;
  onOffset: (offset: number) => void;
  columns: Column<T>[];
  /** Opens a row; without it rows are read-only (the audit log). */
  onOpen?: (id: number) => void;
  /** What to say when the whole list is empty. */
  words: { empty: string; emptyHint: string };
  /** What a row is, for the test ids: `<name>s-table`, `<name>-row`. */
  name: string;
}

function classOf(...names: (string | false | undefined)[]): string | undefined {
  const joined = names.filter((n) => typeof n === "string" && n !== "").join(" ");
  return joined === "" ? undefined : joined;
}

export function PagedTable<T extends { id: number }>(props: Props<T>) {
  const { query, offset, onOffset, columns, onOpen, words, name } = props;
  return (
    <Status query={query}>
      {(page) =>
        page.total === 0 ? (
          <Empty title={words.empty} hint={words.emptyHint} />
        ) : (
          <>
            <table className="table" data-testid={`${name}s-table`}>
              <thead>
                <tr>
                  {columns.map((c, i) => (
                    <th key={i} className={classOf(c.numeric === true && "num")}>
                      {c.header}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {page.items.map((row) => (
                  <tr
                    key={row.id}
                    className={onOpen === undefined ? undefined : "row-link"}
                    tabIndex={onOpen === undefined ? undefined : 0}
                    data-testid={`${name}-row`}
                    onClick={() => onOpen?.(row.id)}
                    onKeyDown={(e) => e.key === "Enter" && onOpen?.(row.id)}
                  >
                    {columns.map((c, i) => (
                      <td key={i} className={classOf(c.numeric === true && "num", c.className)}>
                        {c.cell(row)}
                      </td>
                    ))}
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
  );
}
