// Model downloads outlive the view that started them: their progress is kept here,
// outside React, so the Models page and the setup show the same bar, and leaving a
// page does not stop a download. The catalogue itself stays a query (`keys.models`),
// refreshed when a download ends.

import { Channel } from "@tauri-apps/api/core";
import { useSyncExternalStore } from "react";
import { commands, type AppErrorKind, type Progress } from "./bindings.gen";
import { CommandError, call } from "./ipc";
import { keys, queryClient } from "./queries";

export type Download =
  | { state: "running"; progress: Progress | null }
  | { state: "failed"; kind: AppErrorKind; error: unknown };

let downloads: ReadonlyMap<string, Download> = new Map();
const listeners = new Set<() => void>();

function set(name: string, next: Download | null) {
  const copy = new Map(downloads);
  if (next === null) copy.delete(name);
  else copy.set(name, next);
  downloads = copy;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Every download under way or failed, by model name. */
export function useDownloads(): ReadonlyMap<string, Download> {
  return useSyncExternalStore(subscribe, () => downloads);
}

/** Starts (or resumes) downloading `name`. Pausing and cancelling end it quietly. */
export async function startDownload(name: string): Promise<void> {
  if (downloads.get(name)?.state === "running") return;
  set(name, { state: "running", progress: null });
  const channel = new Channel<Progress>();
  channel.onmessage = (progress) => set(name, { state: "running", progress });
  try {
    await call(commands.downloadModel(name, channel));
    set(name, null);
  } catch (error) {
    const kind: AppErrorKind = error instanceof CommandError ? error.kind : "internal";
    const quiet = kind === "paused" || kind === "cancelled";
    set(name, quiet ? null : { state: "failed", kind, error });
  } finally {
    await queryClient.invalidateQueries({ queryKey: keys.models });
  }
}

export async function pauseDownload(name: string): Promise<void> {
  await commands.pauseDownload(name);
}

/** Stops a running download, or drops a paused one's partial file. */
export async function cancelDownload(name: string): Promise<void> {
  if (downloads.get(name)?.state === "failed") set(name, null);
  await call(commands.cancelDownload(name));
  await queryClient.invalidateQueries({ queryKey: keys.models });
}

export function forget(name: string) {
  set(name, null);
}
