// The meeting being recorded, built for a call: level meters, a health line, the
// transcript (virtualised, following the newest line), notes saved as they are typed,
// and the copilot beside it.

import { useMutation } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { commands, type ActionItem, type AiQuestion } from "../bindings.gen";
import { ActionItemList } from "../components/ActionItems";
import { LlmSwitch, QuestionList } from "../components/Followups";
import { ChecklistCard, HeardList } from "../components/Heard";
import { LevelMeters } from "../components/LevelMeters";
import { LiveTranscript } from "../components/LiveTranscript";
import { NotesPane } from "../components/NotesPane";
import { formatOffset } from "../format";
import { OVERLAY_HOTKEY } from "../hotkey";
import { useT, type Messages } from "../i18n";
import { ErrorText } from "../errors";
import { call } from "../ipc";
import type { Health, LiveNotice, LiveState } from "../live";
import { useLlmSettings } from "../queries";
import { CALL_SIDES } from "../enums";

interface Props {
  live: LiveState;
  onStop: () => void;
  /** A suggestion or action item the user just marked. */
  onChanged: (changed: { question?: AiQuestion; actionItem?: ActionItem }) => void;
}


export function LiveView({ live, onStop, onChanged }: Props) {
  const t = useT();
  return (
    <div className="live-layout">
      <div className="live-main">
        <div className="live-bar">
          <button
            type="button"
            className="button primary"
            data-testid="stop-recording"
            disabled={live.phase !== "recording"}
            onClick={onStop}
          >
            {live.phase === "starting"
              ? t.record.starting
              : live.phase === "stopping"
                ? t.record.stopping
                : t.record.stop}
          </button>
          <Elapsed since={live.startedAt} />
          <OverlayButton />
        </div>
        <LevelMeters sides={CALL_SIDES} />
        <HealthLine health={live.health} model={live.model} />
        {live.notices.length > 0 && (
          <ul className="notices" data-testid="live-notices">
            {live.notices.map((n) => (
              <li key={n.id} className="notice">
                {noticeText(t, n.text)}
              </li>
            ))}
          </ul>
        )}
        {live.segments.length === 0 && CALL_SIDES.every((s) => !live.tentative[s]) && (
          <p className="hint">{t.record.listening}</p>
        )}
        <LiveTranscript segments={live.segments} tentative={live.tentative} />
        {live.echoSuppressed > 0 && <p className="hint">{t.record.echo(live.echoSuppressed)}</p>}
      </div>
      <aside className="copilot" data-testid="copilot">
        {live.meetingId !== null && <NotesPane meetingId={live.meetingId} />}
        <CopilotPanel live={live} onChanged={onChanged} />
      </aside>
    </div>
  );
}

/** How long the meeting has run, ticking each second. */
function Elapsed({ since }: { since: number | null }) {
  const t = useT();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  if (since === null) return null;
  return (
    <span className="elapsed" data-testid="elapsed">
      <span className="badge recording" data-testid="recording">
        ● {t.record.recording}
      </span>{" "}
      <span className="muted">{t.live.elapsed}</span> <time>{formatOffset(now - since)}</time>
    </span>
  );
}

function OverlayButton() {
  const t = useT();
  const toggle = useMutation({ mutationFn: () => call(commands.toggleOverlay()) });
  return (
    <>
      <button
        type="button"
        className="button"
        data-testid="toggle-overlay"
        title={t.live.overlayHint(OVERLAY_HOTKEY)}
        onClick={() => toggle.mutate()}
      >
        {t.live.overlay} <kbd>{OVERLAY_HOTKEY}</kbd>
      </button>
      {toggle.isError && (
        <div className="notice error" role="alert">
          <ErrorText error={toggle.error} />
        </div>
      )}
    </>
  );
}

function HealthLine({ health, model }: { health: Health; model: string }) {
  const t = useT();
  const devices = CALL_SIDES.flatMap((side) => {
    const device = health.devices[side];
    return device === undefined ? [] : [`${t.source[side]}: ${device}`];
  });
  const lag = health.lagMs === null ? t.live.lagUnknown : t.live.lag((health.lagMs / 1000).toFixed(1));
  return (
    <p className="health" data-testid="health">
      <span>{devices.length > 0 ? devices.join(" · ") : t.live.noDevice}</span>
      <span className={health.gaps > 0 ? "health-warn" : undefined}>{t.live.gaps(health.gaps, health.overruns)}</span>
      {model !== "" && <span>{t.live.model(model)}</span>}
      <span data-testid="lag">{lag}</span>
    </p>
  );
}

function CopilotPanel({ live, onChanged }: { live: LiveState; onChanged: Props["onChanged"] }) {
  const t = useT();
  // The switch starts as the form left it; what the user flips here is saved at once.
  const [llmOn, setLlmOn] = useState(live.useLlm);
  const settings = useLlmSettings();
  const configured = settings.data?.settings?.enabled === true;
  return (
    <>
      {settings.isSuccess && !configured && <p className="hint">{t.copilot.notConfigured}</p>}
      {configured && live.meetingId !== null && (
        <LlmSwitch meetingId={live.meetingId} on={llmOn} onChanged={setLlmOn} />
      )}
      <h2 className="section-title">{t.copilot.questions}</h2>
      <QuestionList questions={live.questions} onChanged={(question) => onChanged({ question })} />
      <ChecklistCard items={live.checklist} />
      <HeardList heard={live.heard} />
      <h2 className="section-title">{t.copilot.actionItems}</h2>
      <ActionItemList items={live.actionItems} onChanged={(actionItem) => onChanged({ actionItem })} />
    </>
  );
}

function noticeText(t: Messages, n: LiveNotice): string {
  switch (n.kind) {
    case "device_opened":
      return t.record.opened(t.source[n.source], n.device);
    case "device_lost":
      return t.record.lost(t.source[n.source], n.device, t.deviceProblems.loss(n.reason));
    case "gap":
      return t.record.gap(t.source[n.source], formatOffset(n.start_ms), formatOffset(n.end_ms));
    case "silent":
      return t.record.silent(t.source[n.source], n.seconds);
    case "problem":
      return t.record.problem[n.problem.kind](n.problem.detail);
  }
}
