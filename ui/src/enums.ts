// The values of the generated string unions that the UI lists in its pickers, in the
// order shown. `valuesOf` makes a value left out (a new Rust variant) or one the union
// does not have a compile error, so no list goes silently out of date.

import type {
  AudioRetention,
  Confidence,
  ExportFormat,
  Importance,
  MeetingType,
  Part,
  QuestionAction,
  RelationshipSort,
  RelationshipStatus,
  RelationshipType,
  SegmentSource,
  SetupStep,
  SourceKind,
} from "./bindings.gen";

/** The tuple type when it names every member of `T`; otherwise a type naming the missing. */
type Complete<T, A extends readonly T[]> = [Exclude<T, A[number]>] extends [never]
  ? A
  : { missing: Exclude<T, A[number]> };

/** `valuesOf<T>()(...every member of T)`: a list checked against the union `T`. */
export function valuesOf<T extends string>() {
  return <const A extends readonly T[]>(...values: A & Complete<T, A>): A => values;
}

export const MEETING_TYPES = valuesOf<MeetingType>()(
  "general",
  "investment_screening",
  "mentoring",
  "sales",
  "recruiting",
  "partnership",
);

export const RELATIONSHIP_TYPES = valuesOf<RelationshipType>()("deal", "portfolio", "client", "candidate", "partner");

export const RELATIONSHIP_STATUSES = valuesOf<RelationshipStatus>()("active", "archived", "completed", "passed");

export const IMPORTANCES = valuesOf<Importance>()("high", "medium", "low");

export const RELATIONSHIP_SORTS = valuesOf<RelationshipSort>()("last_interaction", "next_meeting", "engagement", "name");

export const AUDIO_RETENTIONS = valuesOf<AudioRetention>()("keep", "days30", "days60", "days90");

export const QUESTION_ACTIONS = valuesOf<QuestionAction>()("used", "ignored", "dismissed");

export const SETUP_STEPS = valuesOf<SetupStep>()("language", "consent", "devices", "speech_model", "language_model");
export const CONFIDENCES = valuesOf<Confidence>()("unverified", "estimated", "verified");

export const EXPORT_FORMATS = valuesOf<ExportFormat>()("docx", "pdf", "md", "json", "srt", "vtt");

/** In the document's order. */
export const EXPORT_PARTS = valuesOf<Part>()("summary", "actions", "notes", "figures", "transcript");

/** The sides of a call recorded live, in the order shown (an imported file is neither). */
export const CALL_SIDES = valuesOf<Exclude<SegmentSource, "file">>()("me", "them");

/** The capture sources a device check and a recording open. */
export const SOURCE_KINDS = valuesOf<SourceKind>()("mic", "system");
