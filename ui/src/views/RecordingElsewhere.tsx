// A meeting recorded on another of the person's devices: its recording is fetched from
// sync when asked for (or arrives by itself when this device fetches everything).

import { Channel } from "@tauri-apps/api/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { commands, type FetchProgress } from "../bindings.gen";
import { ErrorText } from "../errors";
import { formatBytes } from "../format";
import { useT } from "../i18n";
import { call } from "../ipc";
import { keys, useFilesElsewhere } from "../queries";

export function RecordingElsewhere({ meetingId }: { meetingId: number }) {
  const s = useT().sync;
  const queryClient = useQueryClient();
  const elsewhere = useFilesElsewhere(meetingId, true);
  const [progress, setProgress] = useState<FetchProgress | null>(null);
  const fetch = useMutation({
    mutationFn: () => {
      const channel = new Channel<FetchProgress>();
      channel.onmessage = setProgress;
      return call(commands.fetchMeetingFiles(meetingId, channel));
    },
    onSettled: () => {
      setProgress(null);
      // The recording plays now: the meeting, its tracks and the sync status change.
      void queryClient.invalidateQueries({ queryKey: keys.meeting(meetingId) });
      void queryClient.invalidateQueries({ queryKey: keys.playback(meetingId) });
      void queryClient.invalidateQueries({ queryKey: ["sync"] });
    },
  });
  const files = elsewhere.data?.files ?? 0;
  if (files === 0 && !fetch.isSuccess) return null;
  const percent = progress === null || progress.file_bytes === 0 ? 0 : Math.floor((100 * progress.done_bytes) / progress.file_bytes);
  return (
    <div className="notice" role="status" data-testid="recording-elsewhere">
      {files > 0 && <p>{s.elsewhere(files, formatBytes(elsewhere.data?.bytes ?? 0))}</p>}
      {files > 0 && (
        <button type="button" className="button" data-testid="fetch-recording" disabled={fetch.isPending} onClick={() => fetch.mutate()}>
          {fetch.isPending && progress !== null ? s.fetching(progress.file, progress.files, percent) : s.fetchNow}
        </button>
      )}
      {fetch.isSuccess && fetch.data.fetched === 0 && fetch.data.not_yet_sent > 0 && <p data-testid="fetched-none">{s.fetchedNone}</p>}
      {fetch.isError && <ErrorText error={fetch.error} />}
    </div>
  );
}
