// Level meters: the bar is the loudness (RMS), the tick the peak. One meter per side of
// the call in the live view, and one per source in the setup's device check.

import type { Level, SegmentSource } from "../bindings.gen";
import { useT } from "../i18n";
import { useLiveLevels } from "../levels";

/** The quietest level a meter shows; anything below reads as empty. */
const RANGE_DB = 60;

/** How full a meter is for `db` dBFS, 0 to 100. */
export function meterPercent(db: number): number {
  return Math.round(Math.min(1, Math.max(0, (db + RANGE_DB) / RANGE_DB)) * 100);
}

interface MeterProps {
  level: Level | null;
  /** What the meter measures, for assistive technology. */
  label: string;
  /** The bar's colour: a side of the call. */
  side: SegmentSource;
  testId?: string;
}

export function LevelMeter({ level, label, side, testId }: MeterProps) {
  const rms = meterPercent(level?.rms_db ?? -Infinity);
  const peak = meterPercent(level?.peak_db ?? -Infinity);
  return (
    <div
      className="level-meter"
      role="meter"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={rms}
      data-testid={testId}
    >
      <div className={`level-fill level-${side}`} style={{ width: `${rms}%` }} />
      <div className="level-peak" style={{ left: `${peak}%` }} />
    </div>
  );
}

/** The meters of the meeting being recorded, one per side. */
export function LevelMeters({ sides }: { sides: readonly SegmentSource[] }) {
  const t = useT();
  const levels = useLiveLevels();
  return (
    <div className="level-meters" data-testid="level-meters">
      {sides.map((side) => (
        <div key={side} className="level-row">
          <span className={`speaker speaker-${side}`}>{t.source[side]}</span>
          <LevelMeter
            level={levels[side] ?? null}
            label={t.live.meter(t.source[side])}
            side={side}
            testId={`meter-${side}`}
          />
        </div>
      ))}
    </div>
  );
}
