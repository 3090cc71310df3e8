import { useMutation } from "@tanstack/react-query";
import { commands, type FreshStart, type Startup } from "../bindings.gen";
import { useT } from "../i18n";
import { ErrorText } from "../errors";
import { call } from "../ipc";

interface Props {
  startup: Exclude<Startup, { state: "ready" }>;
  onFreshStart: (fresh: FreshStart) => void;
}

/** Shown instead of the app when the database could not be opened. */
export function StartupScreen({ startup, onFreshStart }: Props) {
  const t = useT();
  const startFresh = useMutation({ mutationFn: () => call(commands.startFresh()), onSuccess: onFreshStart });

  return (
    <section className="page startup" data-testid="startup-problem" data-state={startup.state}>
      {startup.state === "corrupt" && (
        <>
          <h1>{t.startup.corruptTitle}</h1>
          <p>{t.startup.corruptBody}</p>
          <p className="path">
            <span className="muted">{t.startup.file}</span> <code>{startup.db_path}</code>
          </p>
          <p className="muted">{t.startup.corruptKeep}</p>
          <button type="button" className="button primary" data-testid="start-fresh" disabled={startFresh.isPending} onClick={() => startFresh.mutate()}>
            {t.startup.startFresh}
          </button>
          <details>
            <summary>{t.startup.detail}</summary>
            <pre>{startup.detail}</pre>
          </details>
        </>
      )}
      {startup.state === "newer_version" && (
        <>
          <h1>{t.startup.newerTitle}</h1>
          <p>{t.startup.newerBody}</p>
          <p className="path">
            <span className="muted">{t.startup.file}</span> <code>{startup.db_path}</code>
          </p>
          <p className="muted">{t.startup.newerDetail(startup.found, startup.supported)}</p>
        </>
      )}
      {startup.state === "failed" && (
        <>
          <h1>{t.startup.failedTitle}</h1>
          <p>{t.startup.failedBody}</p>
          <pre>{startup.message}</pre>
        </>
      )}
      {startFresh.isError && (
        <div className="notice error" role="alert">
          <ErrorText error={startFresh.error} />
        </div>
      )}
    </section>
  );
}
