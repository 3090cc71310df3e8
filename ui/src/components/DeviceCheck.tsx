// The setup's device check: the microphone and the system sound opened while this is
// shown, a live level meter per source, and what to do when one stays silent. The
// devices are closed when it goes away.

import { Channel } from "@tauri-apps/api/core";
import { useEffect, useState } from "react";
import { commands, type CheckEvent, type Level, type SourceKind } from "../bindings.gen";
import { useT } from "../i18n";

interface SourceState {
  device: string | null;
  level: Level | null;
  silent: boolean;
  problem: { kind: "failed" | "lost"; reason: string } | null;
}

const initial: SourceState = { device: null, level: null, silent: false, problem: null };
const SOURCES: SourceKind[] = ["mic", "system"];

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
        case "lost":
          update(event.source, { problem: { kind: event.kind, reason: event.reason } });
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

/** 0–100 % of the meter for a level in dBFS, −60 dB and below empty. */
function meterPercent(db: number): number {
  return Math.max(0, Math.min(100, ((db + 60) / 60) * 100));
}

export function DeviceCheck() {
  const t = useT();
  const sources = useDeviceCheck();
  return (
    <ul className="device-check" data-testid="device-check">
      {SOURCES.map((source) => {
        const s = sources[source];
        const peak = s.level?.peak_db ?? -90;
        return (
          <li key={source} className="device-row" data-testid={`level-${source}`} data-peak={Math.round(peak)}>
            <div className="device-head">
              <strong>{t.firstRun.source[source]}</strong>
              <span className="muted small">{s.device ?? t.firstRun.opening}</span>
            </div>
            <div className="level-meter" aria-hidden="true">
              <span className="level-rms" style={{ width: `${meterPercent(s.level?.rms_db ?? -90)}%` }} />
              <span className="level-peak" style={{ left: `${meterPercent(peak)}%` }} />
            </div>
            {s.problem !== null ? (
              <p className="notice error small" role="alert">
                {s.problem.kind === "failed" ? t.firstRun.failed(s.problem.reason) : t.firstRun.lost(s.problem.reason)}
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
