// The meeting being recorded, held above the views so that its transcript survives
// moving around the app while it runs. Updates come from Rust over one channel.

import { Channel } from "@tauri-apps/api/core";
import { useCallback, useRef, useState } from "react";
import {
  commands,
  type ActionItem,
  type AiQuestion,
  type ChecklistProgress,
  type Heard,
  type LiveEvent,
  type Segment,
  type SegmentSource,
  type StartMeeting,
  type StopReason,
} from "./bindings.gen";
import { runAnalysis, type Analysis } from "./components/Analysis";
import { call } from "./ipc";
import { liveLevels } from "./levels";

export interface Notice {
  id: number;
  text: LiveNotice;
}

/** What the recording reports besides text, for the view to word in its language. */
export type LiveNotice = Extract<LiveEvent, { kind: "device_opened" | "device_lost" | "gap" | "silent" | "problem" }>;

/** What the health line shows: devices in use, trouble so far, how far text lags. */
export interface Health {
  /** The device each side records from, as last opened. */
  devices: Partial<Record<SegmentSource, string>>;
  /** Stretches of audio that never came (device gone, server restarted). */
  gaps: number;
  /** Of those, the ones where capture did not keep up. */
  overruns: number;
  /** From the end of the speech to its text, ms, for the newest line or tentative text. */
  lagMs: number | null;
}

export interface LiveState {
  phase: "idle" | "starting" | "recording" | "stopping";
  meetingId: number | null;
  /** The speech model the meeting was started with. */
  model: string;
  /** When recording began, in the window's clock (ms since the epoch). */
  startedAt: number | null;
  health: Health;
  /** Committed lines, in time order. */
  segments: Segment[];
  /** The text being spoken now, per side, not yet final. */
  tentative: Partial<Record<SegmentSource, string>>;
  notices: Notice[];
  /** The meeting type's checklist, with what covered each item so far. */
  checklist: ChecklistProgress[];
  /** Figures, benchmarks and glossary terms heard, newest first (the last few). */
  heard: Heard[];
  /** The language model's suggestions, newest first, as the user has marked them. */
  questions: AiQuestion[];
  /** Action items heard so far, in order, as the user has reviewed them. */
  actionItems: ActionItem[];
  echoSuppressed: number;
  /** Why the last start or stop failed (a command error, translated where shown). */
  error: unknown;
  /** Why the last meeting stopped, once it has. */
  stopped: StopReason | null;
  /** Whether the meeting was started with the language model's help. */
  useLlm: boolean;
  /** The analysis run when the recording ended. */
  analysis: Analysis;
}

/** No meeting running, none shown. */
export const idle: LiveState = {
  phase: "idle",
  meetingId: null,
  model: "",
  startedAt: null,
  health: { devices: {}, gaps: 0, overruns: 0, lagMs: null },
  segments: [],
  tentative: {},
  notices: [],
  checklist: [],
  heard: [],
  questions: [],
  actionItems: [],
  echoSuppressed: 0,
  error: null,
  stopped: null,
  useLlm: false,
  analysis: { state: "idle" },
};

/** How many heard items the live view keeps. */
const HEARD_KEPT = 30;

/** Applies one update from the meeting to the state. Pure, so it is unit-tested. */
export function applyUpdate(state: LiveState, update: LiveEvent, noticeId: number): LiveState {
  switch (update.kind) {
    case "started":
      return { ...state, meetingId: update.meeting_id };
    case "segment": {
      const segments = insertInOrder(state.segments, update.segment);
      const tentative = { ...state.tentative };
      delete tentative[update.segment.source];
      const lagMs = update.lag_ms ?? state.health.lagMs;
      return { ...state, segments, tentative, health: { ...state.health, lagMs } };
    }
    case "levels":
      // Kept by `liveLevels`, outside this state (see levels.ts).
      return state;
    case "signals":
      return {
        ...state,
        checklist: update.checklist,
        heard: [...[...update.heard].reverse(), ...state.heard].slice(0, HEARD_KEPT),
      };
    case "questions":
      return { ...state, questions: upsert(state.questions, update.questions, "front") };
    case "action_items":
      return { ...state, actionItems: upsert(state.actionItems, update.items, "back") };
    case "tentative":
      return {
        ...state,
        tentative: { ...state.tentative, [update.source]: update.text },
        health: { ...state.health, lagMs: update.lag_ms },
      };
    case "echo_suppressed":
      return { ...state, echoSuppressed: state.echoSuppressed + 1 };
    case "stopped":
      return { ...state, tentative: {}, stopped: update.reason };
    case "device_opened":
      // The health line names the devices in use; no notice needed.
      return { ...state, health: healthAfter(state.health, update) };
    case "device_lost":
    case "gap":
    case "silent":
    case "problem": {
      // Notices; keep the last few.
      const notices = [...state.notices, { id: noticeId, text: update }].slice(-5);
      return { ...state, notices, health: healthAfter(state.health, update) };
    }
  }
}

function healthAfter(health: Health, notice: LiveNotice): Health {
  switch (notice.kind) {
    case "device_opened":
      return { ...health, devices: { ...health.devices, [notice.source]: notice.device } };
    case "gap":
      return { ...health, gaps: health.gaps + 1, overruns: health.overruns + (notice.overrun ? 1 : 0) };
    default:
      return health;
  }
}

/**
 * `segments` with `added` in time order. Lines nearly always arrive in order, so this
 * is an append; a copy either way, as React state must be. Sorting the whole list
 * for each line would cost a 3-hour meeting's 5,000 rows on every line.
 */
export function insertInOrder(segments: Segment[], added: Segment): Segment[] {
  const before = (a: Segment, b: Segment) => a.start_ms < b.start_ms || (a.start_ms === b.start_ms && a.id < b.id);
  let at = segments.length;
  while (at > 0 && before(added, segments[at - 1] ?? added)) at -= 1;
  return [...segments.slice(0, at), added, ...segments.slice(at)];
}

/**
 * `rows` with `changed` merged in by id: a known row is replaced where it stands, a
 * new one goes to the front (newest first) or the back.
 */
export function upsert<T extends { id: number }>(rows: T[], changed: T[], place: "front" | "back"): T[] {
  const fresh = changed.filter((c) => !rows.some((r) => r.id === c.id));
  const updated = rows.map((r) => changed.find((c) => c.id === r.id) ?? r);
  return place === "front" ? [...fresh.reverse(), ...updated] : [...updated, ...fresh];
}

export function useLiveMeeting() {
  const [state, setState] = useState<LiveState>(idle);
  const noticeIds = useRef(0);
  // The phase as the callbacks see it now (state updates land later).
  const phase = useRef<LiveState["phase"]>("idle");

  const stop = useCallback(async () => {
    if (phase.current !== "recording") return null;
    phase.current = "stopping";
    setState((s) => ({ ...s, phase: "stopping" }));
    let meetingId: number;
    try {
      const meeting = await call(commands.stopMeeting());
      meetingId = meeting.id;
      setState((s) => ({ ...s, phase: "idle", meetingId, tentative: {} }));
    } catch (error) {
      setState((s) => ({ ...s, phase: "idle", error }));
      return null;
    } finally {
      phase.current = "idle";
    }
    // What was said becomes the relationship's facts, and (when the model may be used
    // for this meeting) action items and a summary, without the user asking.
    await runAnalysis(meetingId, (analysis) =>
      setState((s) => (s.meetingId === meetingId ? { ...s, analysis } : s)),
    );
    return meetingId;
  }, []);

  const start = useCallback(
    /** Whether the meeting started (a failure is shown in the state's `error`). */
    async (request: StartMeeting): Promise<boolean> => {
      phase.current = "starting";
      setState({ ...idle, phase: "starting", useLlm: request.use_llm, model: request.model });
      const channel = new Channel<LiveEvent>();
      liveLevels.clear();
      channel.onmessage = (update) => {
        liveLevels.apply(update);
        if (update.kind === "levels") return;
        noticeIds.current += 1;
        const id = noticeIds.current;
        setState((s) => applyUpdate(s, update, id));
        // A meeting that ended by itself (silence, length) is finished like a stop.
        if (update.kind === "stopped") void stop();
      };
      try {
        const meetingId = await call(commands.startMeeting(request, channel));
        phase.current = "recording";
        setState((s) => ({ ...s, phase: "recording", meetingId, startedAt: Date.now() }));
        return true;
      } catch (error) {
        phase.current = "idle";
        setState({ ...idle, error });
        return false;
      }
    },
    [stop],
  );

  /** Shows a question or action item as the user just marked it. */
  const update = useCallback((changed: { question?: AiQuestion; actionItem?: ActionItem }) => {
    setState((s) => ({
      ...s,
      questions: changed.question ? upsert(s.questions, [changed.question], "front") : s.questions,
      actionItems: changed.actionItem ? upsert(s.actionItems, [changed.actionItem], "back") : s.actionItems,
    }));
  }, []);

  return { state, start, stop, update };
}
