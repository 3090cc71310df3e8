// A meeting's transcript with its recordings: click a line to play from it; the line
// being played is highlighted and followed; space plays and pauses, the arrow keys go to
// the previous or next line. The audio comes from the app's loopback server (seekable
// on every webview); the lines are text, rendered as text.

import { useCallback, useEffect, useRef, useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { commands, type Meeting, type PlaybackTrack, type Segment } from "../bindings.gen";
import { LineEditor, useCorrectionRefresh } from "../components/LineEditor";
import { Empty } from "../components/Status";
import { ErrorText } from "../errors";
import { formatOffset } from "../format";
import { useT } from "../i18n";
import { call } from "../ipc";
import { useCorrections, usePlaybackTracks } from "../queries";

const SPEEDS = [0.75, 1, 1.25, 1.5, 2] as const;

interface Props {
  meeting: Meeting;
  segments: Segment[];
  /** Names to offer when naming who spoke. */
  names: string[];
  /** The line to show first (a search hit), or -1. */
  focusIndex: number;
}

export function MeetingTranscript({ meeting, segments, names, focusIndex }: Props) {
  const t = useT();
  const audio = useRef<HTMLAudioElement>(null);
  const list = useRef<HTMLOListElement>(null);
  const [picked, setTrack] = useState<PlaybackTrack | null>(null);
  const [speed, setSpeed] = useState<number>(1);
  const [playing, setPlaying] = useState(false);
  const [positionMs, setPositionMs] = useState(0);
  const [durationMs, setDurationMs] = useState<number | null>(null);
  const [mediaError, setMediaError] = useState(false);
  // No line is "playing" until the user first plays.
  const [started, setStarted] = useState(false);
  const recorded = meeting.audio_paths.length > 0 && meeting.status !== "active";
  const tracks = usePlaybackTracks(meeting.id, recorded);
  const available = tracks.data ?? [];
  // Both sides when both were recorded (the list's first), else the one there is.
  const chosen = available.find((t) => t.track === picked) ?? available[0];
  const hasAudio = chosen !== undefined;

  const current = started ? currentIndex(segments, positionMs) : -1;

  const playFrom = useCallback(
    (index: number) => {
      const element = audio.current;
      const segment = segments[index];
      if (element === null || segment === undefined) return;
      element.currentTime = segment.start_ms / 1000;
      setPositionMs(segment.start_ms);
      void element.play().catch(() => setMediaError(true));
    },
    [segments],
  );

  const toggle = useCallback(() => {
    const element = audio.current;
    if (element === null) return;
    if (element.paused) void element.play().catch(() => setMediaError(true));
    else element.pause();
  }, []);

  // Space and the arrow keys, unless the user is typing somewhere.
  useEffect(() => {
    if (!hasAudio) return;
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      // Keys meant for a field or a button, or with a modifier, are not the player's.
      if (e.defaultPrevented || e.ctrlKey || e.altKey || e.metaKey) return;
      if (target?.closest("input, textarea, select, button, summary, a, [contenteditable=true]")) return;
      if (e.key === " ") {
        e.preventDefault();
        toggle();
      } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        const from = current;
        playFrom(Math.max(0, Math.min(segments.length - 1, from + (e.key === "ArrowDown" ? 1 : -1))));
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [hasAudio, toggle, playFrom, current, segments.length]);

  // A search hit is shown where it is, once, when the transcript first shows.
  useEffect(() => {
    list.current?.querySelector<HTMLElement>(`[data-index="${focusIndex}"]`)?.scrollIntoView({ block: "center" });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only on the first render
  }, []);

  // The playing line stays in view while the audio plays.
  useEffect(() => {
    if (!playing || current < 0) return;
    const row = list.current?.querySelector<HTMLElement>(`[data-index="${current}"]`);
    row?.scrollIntoView({ block: "nearest" });
  }, [playing, current]);

  useEffect(() => {
    if (audio.current !== null) audio.current.playbackRate = speed;
  }, [speed, chosen?.url]);

  return (
    <>
      {recorded && tracks.isSuccess && !hasAudio && (
        <p className="notice" role="status" data-testid="recordings-removed">
          {t.player.removed}
        </p>
      )}
      {tracks.isError && (
        <p className="notice error" role="alert">
          <ErrorText error={tracks.error} />
        </p>
      )}
      {hasAudio && (
        <div className="player" data-testid="player">
          <audio
            ref={audio}
            src={chosen.url}
            preload="metadata"
            data-testid="player-audio"
            onPlay={() => {
              setStarted(true);
              setPlaying(true);
            }}
            onPause={() => setPlaying(false)}
            onEnded={() => setPlaying(false)}
            onTimeUpdate={(e) => setPositionMs(e.currentTarget.currentTime * 1000)}
            onLoadedMetadata={(e) => {
              setMediaError(false);
              const seconds = e.currentTarget.duration;
              setDurationMs(Number.isFinite(seconds) ? seconds * 1000 : null);
              e.currentTarget.playbackRate = speed;
            }}
            onError={() => setMediaError(true)}
            onEmptied={() => {
              // Another track: its own position, not yet playing.
              setPlaying(false);
              setPositionMs(0);
            }}
          />
          <button
            type="button"
            className="button primary"
            data-testid="player-toggle"
            onClick={toggle}
            aria-label={playing ? t.player.pause : t.player.play}
          >
            {playing ? "❚❚" : "▶"}
          </button>
          <span className="player-time" data-testid="player-time">
            {formatOffset(positionMs)}
            {durationMs !== null && ` / ${formatOffset(durationMs)}`}
          </span>
          <label className="player-option">
            <span>{t.player.track}</span>
            <select
              name="player-track"
              value={chosen.track}
              onChange={(e) => {
                setStarted(false);
                setTrack(e.target.value as PlaybackTrack);
              }}
            >
              {available.map(({ track }) => (
                <option key={track} value={track}>
                  {t.player.tracks[track]}
                </option>
              ))}
            </select>
          </label>
          <label className="player-option">
            <span>{t.player.speed}</span>
            <select name="player-speed" value={speed} onChange={(e) => setSpeed(Number(e.target.value))}>
              {SPEEDS.map((value) => (
                <option key={value} value={value}>
                  {value}×
                </option>
              ))}
            </select>
          </label>
          <span className="muted small player-keys">{t.player.keys}</span>
          {mediaError && (
            <p className="notice error" role="alert" data-testid="player-error">
              {t.player.cannotPlay}
            </p>
          )}
        </div>
      )}
      {meeting.status !== "active" && <UndoBar meetingId={meeting.id} />}
      {segments.length === 0 ? (
        <Empty title={t.meetings.noTranscript} />
      ) : (
        <ol className="transcript" data-testid="transcript" ref={list}>
          {segments.map((s, i) => (
            <li
              key={s.id}
              data-index={i}
              data-start-ms={s.start_ms}
              aria-current={i === current ? "true" : undefined}
              className={`segment source-${s.source}${i === focusIndex ? " focused" : ""}${i === current ? " playing" : ""}`}
            >
              {hasAudio ? (
                <button
                  type="button"
                  className="segment-time link"
                  data-testid="play-line"
                  aria-label={t.player.playFrom(formatOffset(s.start_ms))}
                  onClick={() => playFrom(i)}
                >
                  {formatOffset(s.start_ms)}
                </button>
              ) : (
                <span className="segment-time">{formatOffset(s.start_ms)}</span>
              )}
              <span className={`speaker speaker-${s.source}`}>{s.speaker ?? t.source[s.source]}</span>
              <p className="segment-text" onClick={hasAudio ? () => playFrom(i) : undefined}>
                {s.text}
              </p>
              {meeting.status !== "active" && <LineEditor key={`${s.id}-${s.text}`} segment={s} names={names} />}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

/** Undoes the meeting's last correction, saying which. */
function UndoBar({ meetingId }: { meetingId: number }) {
  const t = useT();
  const corrections = useCorrections(meetingId).data ?? [];
  const refresh = useCorrectionRefresh(meetingId);
  const undo = useMutation({ mutationFn: () => call(commands.undoCorrection(meetingId)), onSuccess: refresh });
  const last = corrections[0];
  if (last === undefined) return null;
  return (
    <div className="undo-bar row" data-testid="undo-bar">
      <button
        type="button"
        className="button small"
        data-testid="undo-correction"
        disabled={undo.isPending}
        onClick={() => undo.mutate()}
      >
        {t.corrections.undo(t.corrections.kinds[last.kind])}
      </button>
      <span className="muted small">{t.corrections.undoCount(corrections.length)}</span>
      {undo.isError && <ErrorText error={undo.error} />}
    </div>
  );
}

/** The line being played at `ms`: the last one started by then, or -1 before the first. */
function currentIndex(segments: Segment[], ms: number): number {
  let low = 0;
  let high = segments.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const segment = segments[mid];
    if (segment !== undefined && segment.start_ms <= ms) {
      found = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return found;
}
