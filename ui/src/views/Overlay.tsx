// The overlay window: the last lines and the newest suggestions of the meeting being
// recorded, small enough to sit on top of a call. It watches the meeting through a
// channel of its own and reads what was said before it opened.

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Channel } from "@tauri-apps/api/core";
import { useEffect, useState } from "react";
import { commands, type LiveEvent } from "../bindings.gen";
import { LocaleContext, useT } from "../i18n";
import { call } from "../ipc";
import { applyUpdate, idle, type LiveState } from "../live";
import { insightsQuery, keys, lastSegmentsQuery } from "../queries";
import { OVERLAY_HOTKEY } from "../hotkey";
import { CALL_SIDES } from "../enums";

/** Lines the overlay keeps, and shows. */
const KEPT = 50;
const SHOWN_LINES = 4;
const SHOWN_QUESTIONS = 3;

export function OverlayApp() {
  const profile = useQuery({ queryKey: keys.profile, queryFn: () => call(commands.getProfile()) });
  const locale = profile.data?.locale ?? "ko";
  useEffect(() => {
    document.documentElement.lang = locale;
    document.body.classList.add("overlay-body");
  }, [locale]);
  // The language may have changed in the main window while the overlay was hidden.
  const { refetch } = profile;
  useEffect(() => {
    const onShown = () => {
      if (document.visibilityState === "visible") void refetch();
    };
    document.addEventListener("visibilitychange", onShown);
    return () => document.removeEventListener("visibilitychange", onShown);
  }, [refetch]);
  return (
    <LocaleContext.Provider value={locale}>
      <Overlay />
    </LocaleContext.Provider>
  );
}

/** One update folded in, keeping the overlay's state small however long the meeting. */
function fold(state: LiveState, update: LiveEvent): LiveState {
  if (update.kind === "started") return { ...idle, phase: "recording", meetingId: update.meeting_id };
  const next = applyUpdate(state, update, 0);
  const phase = update.kind === "stopped" ? "idle" : next.phase;
  return { ...next, phase, segments: next.segments.slice(-KEPT), notices: [] };
}

function Overlay() {
  const t = useT();
  const queryClient = useQueryClient();
  const [live, setLive] = useState<LiveState>(idle);
  useEffect(() => {
    const channel = new Channel<LiveEvent>();
    channel.onmessage = (update) => setLive((s) => fold(s, update));
    void commands.watchLive(channel).then(async (meetingId) => {
      if (meetingId === null) return;
      setLive((s) => (s.meetingId === null ? { ...s, phase: "recording", meetingId } : s));
      // What was said before the overlay opened: read fresh, through the queries' cache.
      const [segments, insights] = await Promise.all([
        queryClient.fetchQuery(lastSegmentsQuery(meetingId, KEPT)),
        queryClient.fetchQuery(insightsQuery(meetingId)),
      ]);
      const earlier = { segments, questions: insights.questions };
      setLive((s) => {
        if (s.meetingId !== meetingId) return s;
        // Lines that arrived while reading come after the ones read.
        const known = new Set(earlier.segments.map((x) => x.id));
        const segments = [...earlier.segments, ...s.segments.filter((x) => !known.has(x.id))].slice(-KEPT);
        const questions = [...s.questions, ...earlier.questions.filter((q) => !s.questions.some((x) => x.id === q.id))];
        return { ...s, segments, questions };
      });
    });
  }, [queryClient]);

  const lines = live.segments.slice(-SHOWN_LINES);
  const questions = live.questions.filter((q) => q.user_action === null).slice(0, SHOWN_QUESTIONS);
  return (
    <main className="overlay" data-testid="overlay">
      <header className="overlay-header">
        {live.phase === "recording" ? (
          <span className="badge recording">● {t.record.recording}</span>
        ) : (
          <span className="muted">{t.live.overlayIdle}</span>
        )}
        <kbd className="muted">{OVERLAY_HOTKEY}</kbd>
      </header>
      <ol className="overlay-lines" data-testid="overlay-lines" aria-live="polite">
        {lines.map((s) => (
          <li key={s.id} data-source={s.source}>
            <span className={`speaker speaker-${s.source}`}>{t.source[s.source]}</span> {s.text}
          </li>
        ))}
        {CALL_SIDES.map((side) =>
          live.tentative[side] ? (
            <li key={side} className="tentative" aria-label={t.live.tentativeLabel(t.source[side])}>
              <span className={`speaker speaker-${side}`}>{t.source[side]}</span> {live.tentative[side]}
            </li>
          ) : null,
        )}
        {live.phase === "recording" && lines.length === 0 && <li className="muted">{t.live.overlayWaiting}</li>}
      </ol>
      {questions.length > 0 && (
        <section className="overlay-questions" data-testid="overlay-questions">
          <h2>{t.copilot.questions}</h2>
          <ul>
            {questions.map((q) => (
              <li key={q.id} className={`priority-${q.priority}`}>
                {q.text}
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
