// When the window first became usable, for measuring cold start: a performance mark the
// first interactive screen sets once (the first-run setup, or the Record page). Reading
// it (`performance.timeOrigin + mark.startTime`) gives the moment on the wall clock.

import { useEffect } from "react";

export const INTERACTIVE_MARK = "onno:interactive";

export function useMarkInteractive(): void {
  useEffect(() => {
    if (performance.getEntriesByName(INTERACTIVE_MARK).length === 0) performance.mark(INTERACTIVE_MARK);
  }, []);
}
