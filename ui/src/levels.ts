// Each side's loudness during a recording. Levels come ten times a second; kept apart
// from the meeting's state so that they re-render only the meters, not every view that
// reads the meeting (a 3-hour transcript among them).

import { useSyncExternalStore } from "react";
import type { Level, LiveEvent, SegmentSource } from "./bindings.gen";

export type Levels = Partial<Record<SegmentSource, Level>>;

export class LevelStore {
  private current: Levels = {};
  private readonly listeners = new Set<() => void>();

  /** Takes a level update (or a stop, which quiets the meters); ignores anything else. */
  apply(update: LiveEvent): void {
    if (update.kind === "levels") {
      const next = { ...this.current };
      for (const l of update.levels) next[l.source] = l.level;
      this.set(next);
    } else if (update.kind === "stopped") {
      this.clear();
    }
  }

  clear(): void {
    this.set({});
  }

  readonly snapshot = (): Levels => this.current;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(next: Levels): void {
    this.current = next;
    for (const listener of this.listeners) listener();
  }
}

/** The levels of the meeting being recorded. */
export const liveLevels = new LevelStore();

export function useLiveLevels(): Levels {
  return useSyncExternalStore(liveLevels.subscribe, liveLevels.snapshot);
}
