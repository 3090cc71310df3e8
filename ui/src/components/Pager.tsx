import { useT } from "../i18n";

interface Props {
  offset: number;
  count: number;
  total: number;
  hasMore: boolean;
  onOffset: (offset: number) => void;
  pageSize: number;
}

/** "1–25 of 130" with previous/next; hidden when everything fits on one page. */
export function Pager({ offset, count, total, hasMore, onOffset, pageSize }: Props) {
  const t = useT();
  if (offset === 0 && !hasMore) return null;
  return (
    <nav className="pager" aria-label="pagination">
      <button
        type="button"
        className="button ghost"
        disabled={offset === 0}
        onClick={() => onOffset(Math.max(0, offset - pageSize))}
      >
        ← {t.common.previous}
      </button>
      <span className="pager-range">{t.common.range(offset + 1, offset + count, total)}</span>
      <button
        type="button"
        className="button ghost"
        disabled={!hasMore}
        onClick={() => onOffset(offset + pageSize)}
      >
        {t.common.next} →
      </button>
    </nav>
  );
}
