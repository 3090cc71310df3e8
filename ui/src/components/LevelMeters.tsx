// One level meter per side of the call: the bar is the loudness (RMS), the tick the peak.

import type { Level, SegmentSource } from "../bindings.gen";
import { useT } from "../i18n";

/** The quietest level a meter shows; anything below reads as empty. */
const RANGE_DB = 60;

/** How full a meter is for `db` dBFS, 0 to 100. */
export function meterPercent(db: number): number {
  return Math.round(Math.min(1, Math.max(0, (db + RANGE_DB) / RANGE_DB)) * 100);
}

export function LevelMeters({ levels, sides }: { levels: Partial<Record<SegmentSource, Level>>; sides: SegmentSource[] }) {
  const t = useT();
  return (
    <div className="level-meters" data-testid="level-meters">
      {sides.map((side) => {
        const level = levels[side];
        const rms = meterPercent(level?.rms_db ?? -Infinity);
        const peak = meterPercent(level?.peak_db ?? -Infinity);
        return (
          <div key={side} className="level-row">
            <span className={`speaker speaker-${side}`}>{t.source[side]}</span>
            <div
              className="level-meter"
              role="meter"
              aria-label={t.live.meter(t.source[side])}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={rms}
              data-testid={`meter-${side}`}
            >
              <div className={`level-fill level-${side}`} style={{ width: `${rms}%` }} />
              <div className="level-peak" style={{ left: `${peak}%` }} />
            </div>
          </div>
        );
      })}
    </div>
  );
}
