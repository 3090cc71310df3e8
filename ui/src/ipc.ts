// Glue between the generated command bindings and the rest of the UI: unwraps the
// `Result` each command returns. Reading and writing through TanStack Query is in
// `queries.ts`.

import type { AppError } from "./bindings.gen";

type CommandResult<T> = { status: "ok"; data: T } | { status: "error"; error: AppError };

/** A command's failure: its kind and subject are what the window translates (`errors.tsx`). */
export class CommandError extends Error {
  readonly kind: AppError["kind"];
  readonly subject: string | null;

  constructor(error: AppError) {
    super(error.message);
    this.name = "CommandError";
    this.kind = error.kind;
    this.subject = error.subject;
  }
}

/** Awaits a command and returns its data, throwing a `CommandError` on failure. */
export async function call<T>(pending: Promise<CommandResult<T>>): Promise<T> {
  const result = await pending;
  if (result.status === "error") throw new CommandError(result.error);
  return result.data;
}
