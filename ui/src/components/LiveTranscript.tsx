// The live transcript: a virtualised list, so that a 3-hour meeting's 5,000 lines cost
// the window what a screenful does. It follows the newest line until the user scrolls
// up, then offers a way back.

import { useVirtualizer } from "@tanstack/react-virtual";
import { memo, useCallback, useLayoutEffect, useRef, useState } from "react";
import type { Segment, SegmentSource } from "../bindings.gen";
import { formatOffset } from "../format";
import { useT } from "../i18n";
import { CALL_SIDES } from "../enums";

/** Closer to the end than this (px) counts as reading the live end. */
const AT_END_PX = 48;

type Row = { kind: "segment"; segment: Segment } | { kind: "tentative"; source: SegmentSource; text: string };


interface Props {
  segments: Segment[];
  tentative: Partial<Record<SegmentSource, string>>;
}

export const LiveTranscript = memo(function LiveTranscript({ segments, tentative }: Props) {
  const t = useT();
  const scroller = useRef<HTMLDivElement>(null);
  const [following, setFollowing] = useState(true);
  const pending = CALL_SIDES.flatMap((source) => {
    const text = tentative[source];
    return text ? [{ kind: "tentative" as const, source, text }] : [];
  });
  const count = segments.length + pending.length;
  const rowAt = (i: number): Row | null => {
    const segment = segments[i];
    return segment !== undefined ? { kind: "segment", segment } : (pending[i - segments.length] ?? null);
  };
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => 44,
    overscan: 8,
    getItemKey: (i) => {
      const row = rowAt(i);
      return row === null ? i : row.kind === "segment" ? row.segment.id : `tentative-${row.source}`;
    },
  });

  // Only a move up stops the following: the list's own scrolling to the end, and its
  // corrections as rows are measured, must not.
  const lastTop = useRef(0);
  const onScroll = useCallback(() => {
    const el = scroller.current;
    if (el === null) return;
    const atEnd = el.scrollHeight - el.scrollTop - el.clientHeight < AT_END_PX;
    if (atEnd) setFollowing(true);
    else if (el.scrollTop < lastTop.current) setFollowing(false);
    lastTop.current = el.scrollTop;
  }, []);

  const lastText = pending.map((p) => p.text).join("\n");
  useLayoutEffect(() => {
    if (following && count > 0) virtualizer.scrollToIndex(count - 1, { align: "end" });
    // A new line or a changed tentative text moves the end.
  }, [following, count, lastText, virtualizer]);

  return (
    <div className="live-scroll-frame">
      <div className="live-scroll" ref={scroller} onScroll={onScroll} data-testid="live-scroll">
        <ol
          className="transcript virtual"
          data-testid="live-transcript"
          aria-label={t.live.transcript}
          style={{ height: virtualizer.getTotalSize() }}
        >
          {virtualizer.getVirtualItems().map((item) => {
            const row = rowAt(item.index);
            if (row === null) return null;
            return (
              <li
                key={item.key}
                data-index={item.index}
                ref={virtualizer.measureElement}
                style={{ transform: `translateY(${item.start}px)` }}
                {...(row.kind === "segment"
                  ? { className: `segment source-${row.segment.source}`, "data-source": row.segment.source }
                  : {
                      className: `segment tentative source-${row.source}`,
                      "data-tentative": row.source,
                      "aria-label": t.live.tentativeLabel(t.source[row.source]),
                    })}
              >
                {row.kind === "segment" ? (
                  <>
                    <span className="segment-time">{formatOffset(row.segment.start_ms)}</span>
                    <span className={`speaker speaker-${row.segment.source}`}>{t.source[row.segment.source]}</span>
                    <p className="segment-text">{row.segment.text}</p>
                  </>
                ) : (
                  <>
                    <span className="segment-time">
                      <span className="tentative-tag">{t.live.tentative}</span>
                    </span>
                    <span className={`speaker speaker-${row.source}`}>{t.source[row.source]}</span>
                    <p className="segment-text">{row.text}</p>
                  </>
                )}
              </li>
            );
          })}
        </ol>
      </div>
      {!following && count > 0 && (
        <button
          type="button"
          className="button jump-to-live"
          data-testid="jump-to-live"
          onClick={() => setFollowing(true)}
        >
          ↓ {t.live.jumpToLive}
        </button>
      )}
    </div>
  );
});
