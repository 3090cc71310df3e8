import { useMutation, useQueryClient } from "@tanstack/react-query";
import { commands, type ActionItem, type AiQuestion, type Setup, type StartMeeting } from "../bindings.gen";
import { AnalysisNotice } from "../components/Analysis";
import type { ModelChoice } from "../components/ModelPicker";
import { ErrorText } from "../errors";
import { useT } from "../i18n";
import { call } from "../ipc";
import type { LiveState } from "../live";
import { keys, useSetup } from "../queries";
import { LiveView } from "./LiveView";
import { StartForm, type RecordDraft } from "./StartForm";
import { useMarkInteractive } from "../timing";

interface Props {
  live: LiveState;
  /** The start form's content, kept above this page. */
  draft: RecordDraft;
  onDraft: (update: (draft: RecordDraft) => RecordDraft) => void;
  /** The speech model chosen, also kept above this page. */
  modelChoice: ModelChoice;
  onStart: (request: StartMeeting) => void;
  onStop: () => void;
  onOpenMeeting: (id: number) => void;
  /** A suggestion or action item the user just marked. */
  onChanged: (changed: { question?: AiQuestion; actionItem?: ActionItem }) => void;
  onOpenModels: () => void;
}

export function RecordView({ live, draft, onDraft, modelChoice, onStart, onStop, onOpenMeeting, onChanged, onOpenModels }: Props) {
  const t = useT();
  useMarkInteractive();
  const busy = live.phase !== "idle";
  return (
    <section className="page">
      <header className="page-header">
        <h1>{t.record.title}</h1>
      </header>
      {live.error !== null && (
        <div className="notice error" role="alert" data-testid="record-error">
          <ErrorText error={live.error} />
        </div>
      )}
      {busy ? (
        <LiveView live={live} onStop={onStop} onChanged={onChanged} />
      ) : (
        <>
          {live.meetingId !== null && (
            <div className="notice banner" role="status">
              <span>{t.record.stopped[live.stopped ?? "requested"]}</span>
              <button
                type="button"
                className="button"
                data-testid="open-recorded"
                onClick={() => live.meetingId !== null && onOpenMeeting(live.meetingId)}
              >
                {t.record.open}
              </button>
            </div>
          )}
          {live.meetingId !== null && <AnalysisNotice analysis={live.analysis} />}
          <ConsentReminder />
          <StartForm
            draft={draft}
            onDraft={onDraft}
            modelChoice={modelChoice}
            onOpenModels={onOpenModels}
            onStart={onStart}
          />
        </>
      )}
    </section>
  );
}

/** Asks the user to get the other side's consent, until they turn it off. */
function ConsentReminder() {
  const t = useT();
  const setup = useSetup().data;
  const queryClient = useQueryClient();
  const turnOff = useMutation({
    mutationFn: (current: Setup) => call(commands.saveSetup({ ...current, consent_reminder: false })),
    onSuccess: (saved) => queryClient.setQueryData(keys.setup, saved),
  });
  if (setup === undefined || !setup.setup.consent_reminder) return null;
  return (
    <div className="notice consent-banner" role="note" data-testid="consent-reminder">
      <span>{t.firstRun.reminderBanner}</span>
      <button
        type="button"
        className="button ghost small"
        disabled={turnOff.isPending}
        onClick={() => turnOff.mutate(setup.setup)}
      >
        {t.firstRun.reminderOff}
      </button>
      {turnOff.isError && (
        <span className="error" role="alert">
          <ErrorText error={turnOff.error} />
        </span>
      )}
    </div>
  );
}
