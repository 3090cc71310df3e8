// The meeting being recorded, held above the views so that its transcript survives
// moving around the app while it runs. Updates come from Rust over one channel.

import { Channel } from "@tauri-apps/api/core";
import { useCallback, useRef, useState } from "react";
import { commands, type LiveUpdate, type Segment, type SegmentSource, type StartMeeting } from "./bindings.gen";
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
  echoSuppressed: number;
  error: string | null;
  /** Why the last meeting stopped, once it has. */
  stopped: string | null;
}

const idle: LiveState = {
  phase: "idle",
  meetingId: null,
  segments: [],
  tentative: {},
  notices: [],
  echoSuppressed: 0,
  error: null,
  stopped: null,
};

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

export function useLiveMeeting() {
  const [state, setState] = useState<LiveState>(idle);
  const noticeIds = useRef(0);
  // The phase as the callbacks see it now (state updates land later).
  const phase = useRef<LiveState["phase"]>("idle");

  const stop = useCallback(async () => {
    if (phase.current !== "recording") return null;
    phase.current = "stopping";
    setState((s) => ({ ...s, phase: "stopping" }));
    try {
      const meeting = await call(commands.stopMeeting());
      setState((s) => ({ ...s, phase: "idle", meetingId: meeting.id, tentative: {} }));
      return meeting.id;
    } catch (error) {
      setState((s) => ({ ...s, phase: "idle", error: errorMessage(error) }));
      return null;
    } finally {
      phase.current = "idle";
    }
  }, []);

  const start = useCallback(
    async (request: StartMeeting) => {
      phase.current = "starting";
      setState({ ...idle, phase: "starting" });
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

  return { state, start, stop };
}
