import type { ReactNode } from "react";
import { useT } from "../i18n";
import type { Loaded } from "../ipc";

/** Renders a load's loading and failure states; the children render the data. */
export function Status<T>({
  loaded,
  onRetry,
  children,
}: {
  loaded: Loaded<T>;
  onRetry: () => void;
  children: (data: T) => ReactNode;
}) {
  const t = useT();
  switch (loaded.state) {
    case "loading":
      return <p className="muted loading">{t.common.loading}</p>;
    case "failed":
      return (
        <div className="notice error" role="alert">
          <strong>{t.common.errorTitle}</strong>
          <p>{loaded.message}</p>
          <button type="button" className="button" onClick={onRetry}>
            {t.common.retry}
          </button>
        </div>
      );
    case "ready":
      return <>{children(loaded.data)}</>;
  }
}

export function Empty({ title, hint }: { title: string; hint?: string }) {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {hint !== undefined && <p className="muted">{hint}</p>}
    </div>
  );
}
