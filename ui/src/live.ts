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
  type LiveUpdate,
  type Segment,
  type SegmentSource,
  type StartMeeting,
} from "./bindings.gen";
import { runAnalysis, type Analysis } from "./components/Analysis";
import { call, errorMessage } from "./ipc";

export interface Notice {
  id: number;
  text: LiveNotice;
}

/** What the recording reports besides text, for the view to word in its language. */
export type LiveNotice =
  | { kind: "device_opened"; source: SegmentSource; device: string }
  | { kind: "device_lost"; source: SegmentSource; reason: string }
  | { kind: "gap"; source: SegmentSource; start_ms: number; end_ms: number }
  | { kind: "silent"; source: SegmentSource; seconds: number }
  | { kind: "problem"; message: string };

export interface LiveState {
  phase: "idle" | "starting" | "recording" | "stopping";
  meetingId: number | null;
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
  error: string | null;
  /** Why the last meeting stopped, once it has. */
  stopped: string | null;
  /** Whether the meeting was started with the language model's help. */
  useLlm: boolean;
  /** The analysis run when the recording ended. */
  analysis: Analysis;
}

/** No meeting running, none shown. */
export const idle: LiveState = {
  phase: "idle",
  meetingId: null,
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
export function applyUpdate(state: LiveState, update: LiveUpdate, noticeId: number): LiveState {
  switch (update.kind) {
    case "started":
      return { ...state, meetingId: update.meeting_id };
    case "segment": {
      const segments = [...state.segments, update.segment].sort(
        (a, b) => a.start_ms - b.start_ms || a.id - b.id,
      );
      const tentative = { ...state.tentative };
      delete tentative[update.segment.source];
      return { ...state, segments, tentative };
    }
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
      return { ...state, tentative: { ...state.tentative, [update.source]: update.text } };
    case "echo_suppressed":
      return { ...state, echoSuppressed: state.echoSuppressed + 1 };
    case "stopped":
      return { ...state, tentative: {}, stopped: update.reason };
    default: {
      // The rest are notices; keep the last few.
      const notices = [...state.notices, { id: noticeId, text: update }].slice(-5);
      return { ...state, notices };
    }
  }
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
      setState((s) => ({ ...s, phase: "idle", error: errorMessage(error) }));
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
    async (request: StartMeeting) => {
      phase.current = "starting";
      setState({ ...idle, phase: "starting", useLlm: request.use_llm });
      const channel = new Channel<LiveUpdate>();
      channel.onmessage = (update) => {
        noticeIds.current += 1;
        const id = noticeIds.current;
        setState((s) => applyUpdate(s, update, id));
        // A meeting that ended by itself (silence, length) is finished like a stop.
        if (update.kind === "stopped") void stop();
      };
      try {
        const meetingId = await call(commands.startMeeting(request, channel));
        phase.current = "recording";
        setState((s) => ({ ...s, phase: "recording", meetingId }));
      } catch (error) {
        phase.current = "idle";
        setState({ ...idle, error: errorMessage(error) });
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
