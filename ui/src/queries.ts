// The UI's data layer: every read is a TanStack query over one generated command, keyed
// in `keys`; every write is a mutation that updates or invalidates the queries it
// changes, so a view never keeps a copy of its own.

import { QueryClient, keepPreviousData, useQuery } from "@tanstack/react-query";
import {
  commands,
  type MeetingInsights,
  type MeetingType,
  type Page,
  type RelationshipFilter,
  type SearchQuery,
  type Segment,
} from "./bindings.gen";
import { call } from "./ipc";

/**
 * The app's one client. Reads are not retried (a failure is shown with its own Try
 * again) and not refetched on focus: the data folder only changes through this app or
 * the `onno` command line, and a view reads again whenever it is opened.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}

export const queryClient = createQueryClient();

/** Query keys, one per command read; a prefix invalidates every page or id under it. */
export const keys = {
  startup: ["startup"] as const,
  profile: ["profile"] as const,
  meetings: (page: Page) => ["meetings", page] as const,
  meeting: (id: number) => ["meeting", id] as const,
  // Under the meeting: whatever refreshes its transcript refreshes this.
  lastSegments: (id: number, count: number) => ["meeting", id, "last", count] as const,
  insights: (meetingId: number) => ["insights", meetingId] as const,
  relationships: (filter: RelationshipFilter, page: Page) => ["relationships", filter, page] as const,
  relationshipChoices: ["relationships", "choices"] as const,
  relationship: (id: number | null) => ["relationship", id] as const,
  search: (query: SearchQuery) => ["search", query] as const,
  audioDevices: ["audioDevices"] as const,
  captureDevices: ["captureDevices"] as const,
  participants: (meetingId: number) => ["participants", meetingId] as const,
  checklists: (type: MeetingType) => ["checklists", type] as const,
  relationshipChecklist: (relationshipId: number) => ["checklists", "relationship", relationshipId] as const,
  glossary: (text: string, page: Page) => ["glossary", text, page] as const,
  relationshipMeetings: (relationshipId: number) => ["meetings", "relationship", relationshipId] as const,
  // Under "meetings" and "relationships": whatever changes those refreshes these.
  timeline: (relationshipId: number) => ["meetings", "timeline", relationshipId] as const,
  pendingActionItems: ["meetings", "pending-action-items"] as const,
  dueRelationships: (before: string) => ["relationships", "due", before] as const,
  relationshipSearch: (text: string) => ["relationships", "search", text] as const,
  llmSettings: ["llmSettings"] as const,
  audioRetention: ["audioRetention"] as const,
  spokenLanguages: ["spokenLanguages"] as const,
  notes: (meetingId: number) => ["notes", meetingId] as const,
  relationshipData: (relationshipId: number) => ["relationshipData", relationshipId] as const,
  factBands: (relationshipId: number) => ["relationshipData", "bands", relationshipId] as const,
  relationshipFiles: (relationshipId: number) => ["relationshipFiles", relationshipId] as const,
  playback: (meetingId: number) => ["playback", meetingId] as const,
  corrections: (meetingId: number) => ["corrections", meetingId] as const,
  // Under the meeting's insights: whatever refreshes those refreshes these.
  findings: (meetingId: number) => ["insights", meetingId, "findings"] as const,
  models: ["models"] as const,
  setup: ["setup"] as const,
  audit: (page: Page) => ["audit", page] as const,
  inventory: ["inventory"] as const,
  meetingFootprint: (meetingId: number) => ["footprint", "meeting", meetingId] as const,
  relationshipFootprint: (relationshipId: number) => ["footprint", "relationship", relationshipId] as const,
  syncStatus: ["sync", "status"] as const,
  // Under sync: each round may bring the recording.
  filesElsewhere: (meetingId: number) => ["sync", "elsewhere", meetingId] as const,
  syncDevices: ["sync", "devices"] as const,
};

/** The prefixes that name every query of a kind, for invalidation. */
export const all = {
  meetings: ["meetings"] as const,
  meeting: ["meeting"] as const,
  insights: ["insights"] as const,
  relationships: ["relationships"] as const,
  relationship: ["relationship"] as const,
  search: ["search"] as const,
  participants: ["participants"] as const,
  relationshipData: ["relationshipData"] as const,
  audit: ["audit"] as const,
  checklists: ["checklists"] as const,
  glossary: ["glossary"] as const,
  sync: ["sync"] as const,
};

export function useMeetings(page: Page) {
  return useQuery({
    queryKey: keys.meetings(page),
    queryFn: () =>
      call(
        commands.listMeetings(
          { relationship_id: null, type: null, status: null, started_after: null, started_before: null },
          page,
        ),
      ),
    // The page shown stays while the next one loads, so paging does not flash.
    placeholderData: keepPreviousData,
  });
}

/** The relationships list with no filter, in its usual order. */
export const ALL_RELATIONSHIPS: RelationshipFilter = {
  type: null,
  status: null,
  name_contains: null,
  tag: null,
  importance: null,
  stage: null,
  sort: "last_interaction",
};

export function useRelationships(filter: RelationshipFilter, page: Page) {
  return useQuery({
    queryKey: keys.relationships(filter, page),
    queryFn: () => call(commands.listRelationships(filter, page)),
    placeholderData: keepPreviousData,
  });
}

/** The tags and stages in use, for the list's filters. */
export function useRelationshipChoices() {
  return useQuery({ queryKey: keys.relationshipChoices, queryFn: () => call(commands.relationshipChoices()) });
}

export function useRelationship(id: number | null) {
  return useQuery({
    queryKey: keys.relationship(id),
    queryFn: () => (id === null ? null : call(commands.getRelationship(id))),
  });
}

// The store caps one page at 500 segments; a transcript longer than that is read in
// several pages and shown whole.
const SEGMENT_PAGE = 500;

async function allSegments(meetingId: number): Promise<Segment[]> {
  const segments: Segment[] = [];
  for (;;) {
    const page = await call(commands.listSegments(meetingId, { limit: SEGMENT_PAGE, offset: segments.length }));
    segments.push(...page.items);
    if (!page.has_more || page.items.length === 0) return segments;
  }
}

/** A meeting with its whole transcript. */
export function useMeeting(id: number) {
  return useQuery({
    queryKey: keys.meeting(id),
    queryFn: async () => {
      const [meeting, segments] = await Promise.all([call(commands.getMeeting(id)), allSegments(id)]);
      return { meeting, segments };
    },
  });
}

/** A meeting's insights, for `useQuery` or a one-off `fetchQuery`. */
export function insightsQuery(meetingId: number) {
  return { queryKey: keys.insights(meetingId), queryFn: () => call(commands.getInsights(meetingId)) };
}

export function useInsights(meetingId: number) {
  return useQuery(insightsQuery(meetingId));
}

/** The last `count` lines of a meeting's transcript so far, for a window opened mid-meeting. */
export function lastSegmentsQuery(meetingId: number, count: number) {
  return {
    queryKey: keys.lastSegments(meetingId, count),
    queryFn: async () => {
      const first = await call(commands.listSegments(meetingId, { limit: 1, offset: 0 }));
      const offset = Math.max(0, first.total - count);
      return (await call(commands.listSegments(meetingId, { limit: count, offset }))).items;
    },
  };
}

/** Replaces what the meeting page shows of a meeting's insights, where it is loaded. */
export function patchInsights(meetingId: number, patch: (current: MeetingInsights) => Partial<MeetingInsights>) {
  queryClient.setQueryData<MeetingInsights>(keys.insights(meetingId), (current) =>
    current === undefined ? undefined : { ...current, ...patch(current) },
  );
}

/** What the search page shows; `null` before anything was asked. */
export function useSearch(query: SearchQuery) {
  return useQuery({
    queryKey: keys.search(query),
    queryFn: () => (query.text.trim() === "" ? null : call(commands.search(query))),
    placeholderData: keepPreviousData,
  });
}

export function useAudioDevices() {
  return useQuery({ queryKey: keys.audioDevices, queryFn: () => call(commands.listAudioDevices()) });
}

export function useLlmSettings() {
  return useQuery({ queryKey: keys.llmSettings, queryFn: () => call(commands.getLlmSettings()) });
}

export function useAudioRetention() {
  return useQuery({ queryKey: keys.audioRetention, queryFn: () => call(commands.getAudioRetention()) });
}

export function useSpokenLanguages() {
  return useQuery({ queryKey: keys.spokenLanguages, queryFn: () => call(commands.getSpokenLanguages()) });
}

export function useCaptureDevices() {
  return useQuery({ queryKey: keys.captureDevices, queryFn: () => call(commands.listCaptureDevices()) });
}

export function useParticipants(meetingId: number) {
  return useQuery({ queryKey: keys.participants(meetingId), queryFn: () => call(commands.listParticipants(meetingId)) });
}

/** The checklist a meeting of `type` tracks: the built-in one, else the first. */
export function useChecklist(type: MeetingType) {
  return useQuery({
    queryKey: keys.checklists(type),
    queryFn: async () => (await call(commands.listChecklists(type)))[0] ?? null,
  });
}

/** A relationship's own checklist; `null` until its first item is added. */
export function useRelationshipChecklist(relationshipId: number) {
  return useQuery({
    queryKey: keys.relationshipChecklist(relationshipId),
    queryFn: () => call(commands.relationshipChecklist(relationshipId)),
  });
}

/** One page of the glossary terms matching `text` (every term when blank). */
export function useGlossary(text: string, page: Page) {
  return useQuery({
    queryKey: keys.glossary(text, page),
    queryFn: () => call(commands.searchGlossary(text, page)),
    placeholderData: keepPreviousData,
  });
}

/** A relationship's meetings, newest first (the first page). */
export function useRelationshipMeetings(relationshipId: number) {
  return useQuery({
    queryKey: keys.relationshipMeetings(relationshipId),
    queryFn: () =>
      call(
        commands.listMeetings(
          { relationship_id: relationshipId, type: null, status: null, started_after: null, started_before: null },
          { limit: 50, offset: 0 },
        ),
      ),
  });
}

/** A relationship's meetings, newest first, each with its open action items and figures. */
export function useTimeline(relationshipId: number) {
  return useQuery({
    queryKey: keys.timeline(relationshipId),
    queryFn: () => call(commands.relationshipTimeline(relationshipId)),
  });
}

/** Action items waiting for approval, across all meetings. */
export function usePendingActionItems() {
  return useQuery({ queryKey: keys.pendingActionItems, queryFn: () => call(commands.pendingActionItems()) });
}

/** Active relationships whose next meeting is before `before` (today's and overdue ones). */
export function useDueRelationships(before: string) {
  return useQuery({
    queryKey: keys.dueRelationships(before),
    queryFn: () => call(commands.dueRelationships(before)),
  });
}

/** After an action item changed: every list that shows one reads again. */
export function refreshActionItems(): Promise<void> {
  return Promise.all(
    [all.meetings, all.insights].map((queryKey) => queryClient.invalidateQueries({ queryKey })),
  ).then(() => undefined);
}

/** A relationship's figures, by metric and newest first within one (up to 500). */
export function useRelationshipData(relationshipId: number) {
  return useQuery({
    queryKey: keys.relationshipData(relationshipId),
    queryFn: () => call(commands.listRelationshipData(relationshipId, { limit: 500, offset: 0 })),
  });
}

/** The tracks of a meeting's recordings still on disk, with where the player finds them. */
export function usePlaybackTracks(meetingId: number, enabled: boolean) {
  return useQuery({
    queryKey: keys.playback(meetingId),
    queryFn: () => call(commands.playbackTracks(meetingId)),
    enabled,
  });
}

/** The corrections of a meeting's transcript that can still be undone, newest first. */
export function useCorrections(meetingId: number) {
  return useQuery({ queryKey: keys.corrections(meetingId), queryFn: () => call(commands.listCorrections(meetingId)) });
}

/** The benchmark bands of a relationship's metrics, for its industry and stage. */
export function useFactBands(relationshipId: number) {
  return useQuery({
    queryKey: keys.factBands(relationshipId),
    queryFn: () => call(commands.relationshipFactBands(relationshipId)),
  });
}

/** A relationship's files, newest first, with what was read out of each. */
export function useRelationshipFiles(relationshipId: number) {
  return useQuery({
    queryKey: keys.relationshipFiles(relationshipId),
    queryFn: () => call(commands.listRelationshipFiles(relationshipId)),
  });
}

/** After a file was added or removed: its list, the figures read from it (new unverified
 * facts), search (its text) and the counts a delete confirmation or Settings show. */
export function refreshFiles(relationshipId: number): Promise<void> {
  const prefixes = [keys.relationshipFiles(relationshipId), all.relationshipData, all.search, ["footprint"], keys.inventory];
  return Promise.all(prefixes.map((queryKey) => queryClient.invalidateQueries({ queryKey }))).then(() => undefined);
}

/** What the offline signals find in a meeting's transcript as it stands. */
export function useFindings(meetingId: number) {
  return useQuery({ queryKey: keys.findings(meetingId), queryFn: () => call(commands.meetingFindings(meetingId)) });
}

/** Relationships whose name holds `text`, for a picker. */
export function useRelationshipSearch(text: string) {
  return useQuery({
    queryKey: keys.relationshipSearch(text),
    queryFn: () =>
      call(
        commands.listRelationships(
          { ...ALL_RELATIONSHIPS, name_contains: text.trim() === "" ? null : text.trim() },
          { limit: 50, offset: 0 },
        ),
      ),
    placeholderData: keepPreviousData,
  });
}

/** A meeting's notes (the live view keeps them as one). */
export function useNotes(meetingId: number) {
  return useQuery({ queryKey: keys.notes(meetingId), queryFn: () => call(commands.listNotes(meetingId)) });
}

/** The speech model catalogue, its advice for this machine, and the default model. */
export function useModels() {
  return useQuery({ queryKey: keys.models, queryFn: () => call(commands.listModels()) });
}

/** The first-run setup's progress. */
export function useSetup(enabled = true) {
  return useQuery({ queryKey: keys.setup, queryFn: () => call(commands.getSetup()), enabled });
}

/** Whether this device syncs and how the last round went; read again every few seconds
 * while shown, as the loop works on its own. */
export function useSyncStatus() {
  return useQuery({
    queryKey: keys.syncStatus,
    queryFn: () => call(commands.getSyncStatus()),
    refetchInterval: 5_000,
  });
}

/** The recordings of meeting `meetingId` that are on another device only. */
export function useFilesElsewhere(meetingId: number, enabled: boolean) {
  return useQuery({
    queryKey: keys.filesElsewhere(meetingId),
    queryFn: () => call(commands.meetingFilesElsewhere(meetingId)),
    enabled,
  });
}

export function useSyncDevices(enabled: boolean) {
  return useQuery({ queryKey: keys.syncDevices, queryFn: () => call(commands.listSyncDevices()), enabled });
}
