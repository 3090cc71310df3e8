// The sync loop's side in the window: after a round that brought other devices'
// changes, every view reads again; after any round, the sync status does.

import { Channel } from "@tauri-apps/api/core";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { commands, type SyncUpdate } from "./bindings.gen";
import { all } from "./queries";

export function useSyncUpdates() {
  const queryClient = useQueryClient();
  useEffect(() => {
    const channel = new Channel<SyncUpdate>();
    channel.onmessage = (update) => {
      if (update.applied > 0) void queryClient.invalidateQueries();
      else void queryClient.invalidateQueries({ queryKey: all.sync });
    };
    void commands.watchSync(channel);
  }, [queryClient]);
}
