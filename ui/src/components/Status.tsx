import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useT } from "../i18n";
import { ErrorText } from "../errors";

/** Renders a query's loading and failure states; the children render the data. */
export function Status<T>({ query, children }: { query: UseQueryResult<T>; children: (data: T) => ReactNode }) {
  const t = useT();
  if (query.isError) {
    return (
      <div className="notice error" role="alert">
        <strong>{t.common.errorTitle}</strong>
        <div><ErrorText error={query.error} /></div>
        <button type="button" className="button" onClick={() => void query.refetch()}>
          {t.common.retry}
        </button>
      </div>
    );
  }
  if (query.isPending) return <p className="muted loading">{t.common.loading}</p>;
  return <>{children(query.data)}</>;
}

export function Empty({ title, hint }: { title: string; hint?: string }) {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {hint !== undefined && <p className="muted">{hint}</p>}
    </div>
  );
}
