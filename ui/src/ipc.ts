// Glue between the generated command bindings and React: unwraps the `Result` each
// command returns and tracks loading/error state for a view.

import { useCallback, useEffect, useState, type DependencyList } from "react";
import type { AppError } from "./bindings.gen";

type CommandResult<T> = { status: "ok"; data: T } | { status: "error"; error: AppError };

export class CommandError extends Error {
  readonly kind: AppError["kind"];

  constructor(error: AppError) {
    super(error.message);
    this.name = "CommandError";
    this.kind = error.kind;
  }
}

/** Awaits a command and returns its data, throwing a `CommandError` on failure. */
export async function call<T>(pending: Promise<CommandResult<T>>): Promise<T> {
  const result = await pending;
  if (result.status === "error") throw new CommandError(result.error);
  return result.data;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === "string" ? error : JSON.stringify(error);
}

export type Loaded<T> =
  | { state: "loading" }
  | { state: "ready"; data: T }
  | { state: "failed"; message: string };

/**
 * Runs `load` when `deps` change and on `reload()`. A response that arrives after a
 * newer request started is dropped, so quick paging never shows a stale page.
 */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList) {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: "loading" });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  useEffect(() => {
    let current = true;
    setLoaded((prev) => (prev.state === "ready" ? prev : { state: "loading" }));
    load().then(
      (data) => current && setLoaded({ state: "ready", data }),
      (error: unknown) => current && setLoaded({ state: "failed", message: errorMessage(error) }),
    );
    return () => {
      current = false;
    };
    // `load` is a fresh closure each render; `deps` says when it really changed.
  }, [...deps, generation]);

  return { loaded, reload };
}
