// The shape of the UI's dictionary: one `Messages` per language (`locales/`), so a
// missing or misspelt key is a compile error in either language.

import type {
  ActionItemStatus,
  AppErrorKind,
  Fit,
  Languages,
  Method,
  Phase,
  ProbeProblem,
  RelationshipSort,
  SetupStep,
  SkipReason,
  SummaryChange,
  SourceKind,
  StructuredMode,
  AnalysisStep,
  AudioRetention,
  Confidence,
  CorrectionKind,
  Difficulty,
  ExportFormat,
  Part,
  Importance,
  LossReason,
  MeetingType,
  OpenFailure,
  PlaybackTrack,
  RelationshipStatus,
  QuestionAction,
  QuestionPriority,
  RelationshipType,
  Problem,
  SegmentSource,
  StopReason,
  UsageTotals,
} from "./bindings.gen";
import type { DataMessages } from "./locales/data.types";
import type { FilesMessages } from "./locales/files.types";
import type { SyncMessages } from "./locales/sync.types";

export interface Messages {
  nav: {
    home: string;
    record: string;
    meetings: string;
    relationships: string;
    checklists: string;
    search: string;
    models: string;
    settings: string;
  };
  language: string;
  common: {
    loading: string;
    retry: string;
    save: string;
    saving: string;
    cancel: string;
    back: string;
    previous: string;
    next: string;
    none: string;
    errorTitle: string;
    range: (from: number, to: number, total: number) => string;
  };
  errors: {
    /** One sentence per kind, with the next step; `subject` is already translated. */
    kinds: Record<AppErrorKind, (subject: string | null) => string>;
    details: string;
    /** The names of the fields a store error may be about, as the forms label them. */
    fields: Record<string, string>;
  };
  /** A meeting's length, rounded to minutes. */
  duration: { underMinute: string; minutes: (m: number) => string; hours: (h: number, m: number) => string };
  meetings: {
    title: string;
    empty: string;
    emptyHint: string;
    columns: { title: string; type: string; date: string; duration: string; relationship: string };
    inProgress: string;
    segments: (n: number) => string;
    transcript: string;
    noTranscript: string;
  };
  retranscribe: {
    title: string;
    hint: string;
    start: string;
    running: string;
    progress: (side: string, done: string, total: string | null) => string;
    done: (added: number, replaced: number, kept: number) => string;
  };
  relationships: {
    title: string;
    add: string;
    edit: string;
    empty: string;
    emptyHint: string;
    saved: string;
    columns: {
      name: string;
      type: string;
      status: string;
      importance: string;
      engagement: string;
      meetings: string;
      nextMeeting: string;
      openItems: string;
    };
    /** The list's filters and order. */
    list: {
      filters: string;
      anyType: string;
      anyStatus: string;
      anyImportance: string;
      anyStage: string;
      anyTag: string;
      sort: string;
      sorts: Record<RelationshipSort, string>;
      /** What the engagement score means, in one line. */
      engagementMeans: string;
      clear: string;
      noMatch: string;
      noMatchHint: string;
    };
    fields: {
      name: string;
      type: string;
      status: string;
      importance: string;
      industry: string;
      stage: string;
      tags: string;
      tagsHint: string;
      contactName: string;
      contactEmail: string;
      contactPhone: string;
      contactTitle: string;
      description: string;
      notes: string;
    };
    sections: { basics: string; contact: string; details: string };
  };
  relationshipPage: {
    edit: string;
    startWith: (name: string) => string;
    contact: string;
    team: string;
    firstContact: string;
    nextMeeting: string;
    overdue: string;
    timeline: string;
    openItems: (n: number) => string;
    openItemsTitle: string;
    figuresHeard: string;
  };
  home: {
    title: string;
    start: string;
    due: string;
    noneDue: string;
    pending: string;
    noPending: string;
    recent: string;
    fromMeeting: (title: string, when: string) => string;
  };
  search: {
    title: string;
    placeholder: string;
    submit: string;
    allRelationships: string;
    hint: string;
    noResults: string;
    results: (total: number, lowerBound: boolean) => string;
    byRecency: string;
    relationshipHit: string;
  };
  record: {
    title: string;
    meetingTitle: string;
    defaultTitle: string;
    type: string;
    model: string;
    language: string;
    auto: string;
    mic: string;
    system: string;
    followDefault: string;
    start: string;
    starting: string;
    stop: string;
    stopping: string;
    recording: string;
    listening: string;
    stopped: Record<StopReason, string>;
    open: string;
    echo: (n: number) => string;
    opened: (side: string, device: string) => string;
    lost: (side: string, device: string, reason: string) => string;
    gap: (side: string, from: string, to: string) => string;
    silent: (side: string, seconds: number) => string;
    problem: Record<Problem["kind"], (detail: string) => string>;
    useLlm: string;
    useLlmHint: string;
  };
  /** The user's own changes to the action items and the summary the model wrote. */
  followups: {
    edit: string;
    complete: string;
    reopen: string;
    remove: string;
    removeConfirm: string;
    keep: string;
    text: string;
    owner: string;
    due: string;
    modelSaid: (text: string) => string;
    editSummary: string;
    summaryText: string;
    keyPointsHint: string;
    decisionsHint: string;
    editedByYou: string;
  };
  copilot: {
    questions: string;
    actionItems: string;
    noQuestions: string;
    noActionItems: string;
    notConfigured: string;
    checklist: (covered: number, total: number) => string;
    heard: string;
    band: (metric: string, band: string, peers: string) => string;
    priority: Record<QuestionPriority, string>;
    mark: Record<QuestionAction, string>;
    marked: Record<QuestionAction, string>;
    missed: string;
    status: Record<ActionItemStatus, string>;
    approve: string;
    reject: string;
    assignee: (name: string) => string;
    due: (date: string) => string;
    confidence: (percent: number) => string;
    switch: string;
    switchHint: string;
    summary: string;
    keyPoints: string;
    decisions: string;
    missedQuestions: string;
    noSummary: string;
    analyze: string;
    analyzing: Record<AnalysisStep, string>;
    analyzed: (facts: number, actionItems: number) => string;
    summaryChange: Record<SummaryChange, string>;
    skipped: Record<SkipReason, string>;
    failed: (reason: string) => string;
    /** The meeting's language model usage, with the answers left out and why. */
    usage: (usage: UsageTotals) => string;
  };
  startup: {
    corruptTitle: string;
    corruptBody: string;
    corruptKeep: string;
    startFresh: string;
    moved: (path: string) => string;
    newerTitle: string;
    newerBody: string;
    newerDetail: (found: number, supported: number) => string;
    failedTitle: string;
    failedBody: string;
    detail: string;
    file: string;
  };
  meetingType: Record<MeetingType, string>;
  relationshipType: Record<RelationshipType, string>;
  settings: {
    title: string;
    llm: string;
    privacy: string;
    enabled: string;
    baseUrl: string;
    model: string;
    keyHeader: string;
    keyHeaderHint: string;
    apiVersion: string;
    apiVersionHint: string;
    stream: string;
    key: string;
    keyStored: string;
    keyNone: string;
    keyless: string;
    keyKeep: string;
    forgetKey: string;
    saved: string;
    recordings: string;
    retention: string;
    retentionHint: string;
    keepFor: Record<AudioRetention, string>;
    retentionSaved: (deleted: number) => string;
    spokenLanguages: string;
    spokenLanguagesHint: string;
    spokenLanguagesLabel: string;
    /** The languages stored, by name in the user's language. */
    spokenLanguagesSaved: (names: string[]) => string;
  };
  relationshipStatus: Record<RelationshipStatus, string>;
  importance: Record<Importance, string>;
  source: Record<SegmentSource, string>;
  /** The pickers of a meeting's form: relationship, participants, checklist, devices. */
  pick: {
    relationship: string;
    search: string;
    noRelationship: string;
    newRelationship: string;
    newName: string;
    newType: string;
    participants: string;
    participantName: string;
    participantEmail: string;
    addParticipant: string;
    remove: string;
    me: string;
    checklist: (type: string, items: number) => string;
    systemDefault: string;
  };
  facts: {
    title: string;
    empty: string;
    emptyHint: string;
    /** Labels for the metric keys the figure spotter writes; other keys show as written. */
    metrics: Partial<Record<string, string>>;
    columns: { value: string; date: string; source: string; confidence: string };
    confidence: Record<Confidence, string>;
    confidenceHint: string;
    /** A link to the meeting a figure was heard in, at `moment` ("12:34") when known. */
    heardIn: (date: string, moment: string | null) => string;
    remove: string;
    removeConfirm: string;
    keep: string;
    correct: string;
    correctHint: string;
    trend: (metric: string, count: number) => string;
    band: (peers: string, p25: string, p50: string, p75: string) => string;
    /** A count of months or people: `n` picks the word's form, `shown` is `n` formatted. */
    units: { months: (n: number, shown: string) => string; people: (n: number, shown: string) => string };
  };
  corrections: {
    edit: string;
    split: string;
    splitHint: string;
    merge: string;
    mergeHint: string;
    nameSpeaker: string;
    speaker: string;
    wholeSide: (side: string) => string;
    clearSpeaker: string;
    undo: (what: string) => string;
    undoCount: (n: number) => string;
    kinds: Record<CorrectionKind, string>;
  };
  exports: {
    title: string;
    format: string;
    formats: Record<ExportFormat, string>;
    parts: string;
    partNames: Record<Part, string>;
    subtitlesOnly: string;
    start: string;
    saving: string;
    done: (path: string) => string;
  };
  player: {
    play: string;
    pause: string;
    track: string;
    tracks: Record<PlaybackTrack, string>;
    speed: string;
    keys: string;
    cannotPlay: string;
    removed: string;
    playFrom: (at: string) => string;
  };
  /** Why a device went away or would not open, worded from the audio crate's kinds. */
  deviceProblems: { loss: (reason: LossReason) => string; open: (failure: OpenFailure) => string };
  meetingEdit: {
    edit: string;
    title: string;
    factsFollow: string;
    noMeetings: string;
  };
  imports: {
    open: string;
    title: string;
    hint: string;
    kind: { recording: string; transcript: string };
    file: { recording: string; transcript: string };
    formats: { recording: string; transcript: string };
    choose: string;
    noFile: string;
    titleFromFile: string;
    start: string;
    copying: (percent: number) => string;
    transcribing: (done: string, total: string | null) => string;
    done: (title: string) => string;
    errors: {
      unreadable: string;
      noSpeech: string;
      cancelled: string;
      tooLarge: string;
    };
  };
  live: {
    transcript: string;
    elapsed: string;
    meter: (side: string) => string;
    noDevice: string;
    gaps: (gaps: number, overruns: number) => string;
    model: (name: string) => string;
    lag: (seconds: string) => string;
    lagUnknown: string;
    tentative: string;
    tentativeLabel: (side: string) => string;
    jumpToLive: string;
    notes: string;
    notesPlaceholder: string;
    notesPreview: string;
    notesHint: string;
    notesSaving: string;
    notesSaved: string;
    notesFailed: (why: string) => string;
    overlay: string;
    overlayHint: (hotkey: string) => string;
    overlayIdle: string;
    overlayWaiting: string;
    tray: { start: string; stop: string; show: string; overlay: string; quit: string };
  };
  models: ModelsMessages;
  data: DataMessages;
  firstRun: FirstRunMessages;
  checklists: ChecklistsMessages;
  files: FilesMessages;
  sync: SyncMessages;
}

/** The Models page and the model picker. */
export interface ModelsMessages {
  title: string;
  intro: string;
  machine: (cores: number, memory: string | null) => string;
  estimateNote: string;
  forLanguage: string;
  speechLanguage: Record<"ko" | "en", string>;
  size: (size: string) => string;
  memory: (size: string) => string;
  speed: (times: string) => string;
  languages: Record<Languages, string>;
  fit: Record<Fit, string>;
  fitFor: Record<"ko" | "en", (fit: string) => string>;
  installed: string;
  partial: (done: string, total: string) => string;
  isDefault: string;
  download: string;
  resume: string;
  pause: string;
  cancel: string;
  verify: string;
  remove: string;
  removeConfirm: (name: string) => string;
  makeDefault: string;
  phase: Record<Phase, string>;
  progress: (done: string, total: string) => string;
  verified: Record<Method, string>;
  offlineTitle: string;
  offlineBody: string;
  offlineUrl: string;
  offlinePath: string;
  showAll: (n: number) => string;
  showFewer: string;
  folder: (path: string) => string;
  /** Whether the Silero voice detector is installed, and what it does or how to get it. */
  voiceDetector: (installed: boolean) => string;
  // The Record page's picker.
  pickerFile: string;
  pickerFilePlaceholder: string;
  pickerDefault: (name: string) => string;
  noModel: string;
  noModelAction: string;
  defaultMissing: (name: string) => string;
}

/** The first-run setup. */
export interface FirstRunMessages {
  title: string;
  intro: string;
  steps: Record<SetupStep, string>;
  stepOf: (n: number, total: number) => string;
  next: string;
  back: string;
  later: string;
  finish: string;
  languageBody: string;
  consentBody: string;
  /** The notice to show or read to the other side, in this language. */
  consentText: string;
  consentReminder: string;
  consentReminderHint: string;
  reminderBanner: string;
  reminderOff: string;
  devicesBody: string;
  devicesDefault: string;
  source: Record<SourceKind, string>;
  opening: string;
  failed: (reason: string) => string;
  lost: (device: string, reason: string) => string;
  heard: string;
  silent: Record<SourceKind, string>;
  modelBody: string;
  modelReady: (name: string) => string;
  modelMissing: string;
  llmBody: string;
  llmOptional: string;
  test: string;
  testing: string;
  saveLlm: string;
  llmSaved: string;
  probeOk: (mode: string, ms: number) => string;
  probe: Record<ProbeProblem, string>;
  mode: Record<StructuredMode, string>;
  settingsTitle: string;
  settingsBody: string;
  open: string;
  openModels: string;
}

/** The checklists and glossary page, and a relationship's own checklist. */
export interface ChecklistsMessages {
  title: string;
  intro: string;
  meetingType: string;
  typeChecklist: string;
  builtin: string;
  empty: string;
  text: string;
  keywords: string;
  keywordsHint: string;
  noKeywords: string;
  items: (n: number) => string;
  add: string;
  adding: string;
  edit: string;
  delete: string;
  keep: string;
  deleteConfirm: string;
  up: string;
  down: string;
  relationshipTitle: string;
  relationshipHint: string;
  glossary: string;
  search: string;
  addTerm: string;
  newTerm: string;
  editTerm: (term: string) => string;
  deleteTermConfirm: (term: string) => string;
  noTerms: string;
  noTermsHint: string;
  columns: { term: string; aliases: string; definition: string; category: string };
  fields: {
    term: string;
    aliases: string;
    aliasesHint: string;
    definitionKo: string;
    definitionEn: string;
    example: string;
    category: string;
    difficulty: string;
  };
  difficulty: Record<Difficulty, string>;
}
