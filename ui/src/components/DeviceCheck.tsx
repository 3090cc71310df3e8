// The setup's device check: the microphone and the system sound opened while this is
// shown, a live level meter per source, and what to do when one stays silent. The
// devices are closed when it goes away.

import { Channel } from "@tauri-apps/api/core";
import { useEffect, useState } from "react";
import {
  commands,
  type CheckEvent,
  type Level,
  type LossReason,
  type OpenFailure,
  type SegmentSource,
  type SourceKind,
} from "../bindings.gen";
import { LevelMeter } from "./LevelMeters";
import { useT } from "../i18n";
import { SOURCE_KINDS } from "../enums";

interface SourceState {
  device: string | null;
  level: Level | null;
  silent: boolean;
  /** Worded when shown, so that it follows the interface's language. */
  problem:
    | { kind: "failed"; reason: OpenFailure }
    | { kind: "lost"; device: string; reason: LossReason }
    | null;
}

const initial: SourceState = { device: null, level: null, silent: false, problem: null };
/** The side of a call each source records, for the meter's colour. */
const SIDE: Record<SourceKind, SegmentSource> = { mic: "me", system: "them" };

function useDeviceCheck(): Record<SourceKind, SourceState> {
  const [state, setState] = useState<Record<SourceKind, SourceState>>({ mic: initial, system: initial });
  useEffect(() => {
    const channel = new Channel<CheckEvent>();
    const update = (source: SourceKind, change: Partial<SourceState>) =>
      setState((s) => ({ ...s, [source]: { ...s[source], ...change } }));
    channel.onmessage = (event) => {
      switch (event.kind) {
        case "opened":
          update(event.source, { device: event.device, problem: null });
          break;
        case "failed":
          update(event.source, { problem: { kind: "failed", reason: event.reason } });
          break;
        case "lost":
          update(event.source, { problem: { kind: "lost", device: event.device, reason: event.reason } });
          break;
        case "level":
          update(event.source, { level: event.level, silent: event.silent });
          break;
      }
    };
    void commands.startDeviceCheck(null, null, channel);
    return () => {
      void commands.stopDeviceCheck();
    };
  }, []);
  return state;
}


export function DeviceCheck() {
  const t = useT();
  const sources = useDeviceCheck();
  return (
    <ul className="device-check" data-testid="device-check">
      {SOURCE_KINDS.map((source) => {
        const s = sources[source];
        const peak = s.level?.peak_db ?? -90;
        return (
          <li key={source} className="device-row" data-testid={`level-${source}`} data-peak={Math.round(peak)}>
            <div className="device-head">
              <strong>{t.firstRun.source[source]}</strong>
              <span className="muted small">{s.device ?? t.firstRun.opening}</span>
            </div>
            <LevelMeter level={s.level} label={t.firstRun.source[source]} side={SIDE[source]} />
            {s.problem !== null ? (
              <p className="notice error small" role="alert">
                {s.problem.kind === "failed"
                  ? t.firstRun.failed(t.deviceProblems.open(s.problem.reason))
                  : t.firstRun.lost(s.problem.device, t.deviceProblems.loss(s.problem.reason))}
              </p>
            ) : s.silent ? (
              <p className="notice small" role="status" data-testid={`silent-${source}`}>
                {t.firstRun.silent[source]}
              </p>
            ) : s.level !== null && peak > -50 ? (
              <p className="muted small">{t.firstRun.heard}</p>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
