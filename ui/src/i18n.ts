// The UI's words in Korean (the default) and English. A plain typed dictionary: the
// `Messages` type makes a missing or misspelt key a compile error in either language.

import { createContext, useContext } from "react";
import type {
  ActionItemStatus,
  AudioRetention,
  Importance,
  Locale,
  MeetingType,
  RelationshipStatus,
  QuestionAction,
  QuestionPriority,
  RelationshipType,
  SegmentSource,
} from "./bindings.gen";

export interface Messages {
  nav: { record: string; meetings: string; relationships: string; search: string; settings: string };
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
    modelHint: string;
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
    stopped: (reason: string) => string;
    open: string;
    echo: (n: number) => string;
    opened: (side: string, device: string) => string;
    lost: (side: string, reason: string) => string;
    gap: (side: string, from: string, to: string) => string;
    silent: (side: string, seconds: number) => string;
    useLlm: string;
    useLlmHint: string;
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
    analyzing: Record<"signals" | "action_items" | "summary", string>;
    analyzed: (facts: number) => string;
    skipped: (reason: string) => string;
    failed: (reason: string) => string;
    usage: (calls: number, tokens: number, failed: number) => string;
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
    keyKeep: string;
    forgetKey: string;
    saved: string;
    recordings: string;
    retention: string;
    retentionHint: string;
    keepFor: Record<AudioRetention, string>;
    retentionSaved: (deleted: number) => string;
  };
  relationshipStatus: Record<RelationshipStatus, string>;
  importance: Record<Importance, string>;
  source: Record<SegmentSource, string>;
}

const ko: Messages = {
  nav: { record: "녹음", meetings: "미팅", relationships: "관계", search: "검색", settings: "설정" },
  language: "언어",
  common: {
    loading: "불러오는 중…",
    retry: "다시 시도",
    save: "저장",
    saving: "저장하는 중…",
    cancel: "취소",
    back: "목록으로",
    previous: "이전",
    next: "다음",
    none: "—",
    errorTitle: "문제가 생겼습니다",
    range: (from, to, total) => `${total}개 중 ${from}–${to}`,
  },
  meetings: {
    title: "미팅",
    empty: "아직 미팅이 없습니다.",
    emptyHint: "미팅을 녹음하거나 녹음 파일을 가져오면 여기에 표시됩니다.",
    columns: { title: "제목", type: "유형", date: "날짜", duration: "길이", relationship: "관계" },
    inProgress: "진행 중",
    segments: (n) => `발화 ${n}개`,
    transcript: "대화록",
    noTranscript: "이 미팅에는 아직 대화록이 없습니다.",
  },
  retranscribe: {
    title: "녹음 다시 전사하기",
    hint: "녹음 전체를 다시 전사해 실시간 대화록을 대신합니다. 더 큰 모델을 고르면 더 정확합니다. 직접 고친 발화는 그대로 둡니다.",
    start: "다시 전사",
    running: "전사하는 중…",
    progress: (side, done, total) => `${side}: ${done}${total === null ? "" : ` / ${total}`}`,
    done: (added, replaced, kept) =>
      `새 발화 ${added}개가 실시간 발화 ${replaced}개를 대신했습니다 (${kept}개는 그대로).`,
  },
  relationships: {
    title: "관계",
    add: "새 관계",
    edit: "관계 편집",
    empty: "아직 관계가 없습니다.",
    emptyHint: "투자 딜, 포트폴리오, 고객, 후보자, 파트너를 추가해 미팅을 연결하세요.",
    saved: "저장했습니다.",
    columns: {
      name: "이름",
      type: "유형",
      status: "상태",
      importance: "중요도",
      engagement: "관계 활성도",
      meetings: "미팅",
    },
    fields: {
      name: "이름",
      type: "유형",
      status: "상태",
      importance: "중요도",
      industry: "산업",
      stage: "단계",
      tags: "태그",
      tagsHint: "쉼표로 구분",
      contactName: "이름",
      contactEmail: "이메일",
      contactPhone: "전화",
      contactTitle: "직함",
      description: "설명",
      notes: "메모",
    },
    sections: { basics: "기본 정보", contact: "주 담당자", details: "설명과 메모" },
  },
  search: {
    title: "검색",
    placeholder: "모든 미팅의 대화록, 메모, 요약 검색",
    submit: "검색",
    allRelationships: "모든 관계",
    hint: "단어 일부만 입력해도 찾습니다. 예: ‘매출’은 ‘매출은’, ‘매출이’도 찾습니다.",
    noResults: "일치하는 내용이 없습니다.",
    results: (total, lowerBound) => `결과 ${total}${lowerBound ? "개 이상" : "개"}`,
    byRecency: "일치 항목이 많아 최신순으로 보여 줍니다.",
    relationshipHit: "관계 정보",
  },
  record: {
    title: "미팅 녹음",
    meetingTitle: "제목",
    defaultTitle: "새 미팅",
    type: "유형",
    model: "음성 인식 모델",
    modelHint: "설치된 모델 이름(예: base) 또는 모델 파일 경로",
    language: "언어",
    auto: "자동",
    mic: "마이크 (나)",
    system: "시스템 소리 (상대)",
    followDefault: "시스템 기본값",
    start: "녹음 시작",
    starting: "시작하는 중…",
    stop: "녹음 종료",
    stopping: "마무리하는 중…",
    recording: "녹음 중",
    listening: "듣고 있어요. 말이 끝나면 몇 초 안에 여기에 나타납니다.",
    stopped: (reason) =>
      reason === "silence" ? "양쪽 모두 조용해서 녹음을 마쳤습니다." : "녹음을 마쳤습니다.",
    open: "미팅 열기",
    echo: (n) => `스피커에서 마이크로 들어온 상대 목소리 ${n}건은 '나'로 적지 않았습니다.`,
    opened: (side, device) => `${side}: ${device}`,
    lost: (side, reason) => `${side}: 장치 연결이 끊겼습니다 (${reason}). 다시 연결하는 중…`,
    gap: (side, from, to) => `${side}: ${from}–${to} 구간은 소리가 없어 무음으로 기록했습니다.`,
    silent: (side, seconds) =>
      `${side}: ${seconds}초째 소리가 전혀 없습니다. 음소거되었거나 녹음 권한이 없는지 확인하세요.`,
    useLlm: "언어 모델 도움 받기",
    useLlmHint: "질문 제안과 액션 아이템에 설정한 언어 모델을 씁니다. 끄면 이 미팅의 내용은 이 컴퓨터를 떠나지 않습니다.",
  },
  copilot: {
    questions: "제안 질문",
    actionItems: "액션 아이템",
    noQuestions: "아직 제안된 질문이 없습니다.",
    noActionItems: "아직 액션 아이템이 없습니다.",
    checklist: (covered, total) => `체크리스트 ${covered}/${total}`,
    heard: "들은 지표와 용어",
    band: (metric, band, peers) => `${metric}: ${peers} 기준 ${band}`,
    notConfigured: "질문 제안을 받으려면 설정에서 언어 모델을 켜세요. 지표와 체크리스트는 그대로 동작합니다.",
    priority: { critical: "핵심", important: "중요", follow_up: "후속" },
    mark: { used: "물어봄", ignored: "무시", dismissed: "숨기기" },
    marked: { used: "물어봄", ignored: "무시함", dismissed: "숨김" },
    missed: "놓친 질문",
    status: { pending: "검토 대기", approved: "승인", rejected: "거절", completed: "완료" },
    approve: "승인",
    reject: "거절",
    assignee: (name) => `담당: ${name}`,
    due: (date) => `기한: ${date}`,
    confidence: (percent) => `확신도 ${percent}%`,
    switch: "이 미팅에 언어 모델 사용",
    switchHint: "끄면 이 미팅의 대화는 언어 모델로 보내지 않습니다.",
    summary: "요약",
    keyPoints: "핵심 내용",
    decisions: "결정 사항",
    missedQuestions: "놓친 질문",
    noSummary: "아직 요약이 없습니다. 분석을 실행하면 만들어집니다.",
    analyze: "미팅 분석",
    analyzing: { signals: "지표와 체크리스트 확인 중…", action_items: "액션 아이템 찾는 중…", summary: "요약 작성 중…" },
    analyzed: (facts) => `분석을 마쳤습니다. 새 지표 ${facts}개를 기록했습니다.`,
    skipped: (reason) => `언어 모델 단계는 건너뛰었습니다: ${reason}`,
    failed: (reason) => `언어 모델 단계가 실패했습니다 (저장된 내용은 그대로입니다): ${reason}`,
    usage: (calls, tokens, failed) =>
      `언어 모델 호출 ${calls}회, 토큰 ${tokens.toLocaleString("ko")}개${failed > 0 ? `, 실패 ${failed}회` : ""}`,
  },
  startup: {
    corruptTitle: "데이터베이스 파일을 열 수 없습니다",
    corruptBody: "이 파일이 손상되었거나 Onno 데이터베이스가 아닙니다.",
    corruptKeep:
      "새로 시작하면 이 파일을 지우지 않고 이름을 바꿔 같은 폴더에 보관한 뒤, 빈 데이터베이스를 만듭니다.",
    startFresh: "옆으로 옮기고 새로 시작",
    moved: (path) => `손상된 파일은 ${path} 에 보관했습니다.`,
    newerTitle: "더 새로운 버전의 Onno에서 만든 데이터베이스입니다",
    newerBody:
      "데이터가 손상되지 않도록 이 버전에서는 열지 않았습니다. Onno를 최신 버전으로 업데이트한 뒤 다시 여세요.",
    newerDetail: (found, supported) => `파일의 스키마 버전 ${found}, 이 버전이 아는 최신 ${supported}`,
    failedTitle: "데이터베이스를 열 수 없습니다",
    failedBody: "Onno가 데이터 폴더를 준비하지 못했습니다.",
    detail: "자세한 내용",
    file: "파일",
  },
  meetingType: {
    investment_screening: "투자 심사",
    mentoring: "멘토링",
    sales: "영업",
    recruiting: "채용",
    partnership: "파트너십",
    general: "일반",
  },
  relationshipType: {
    deal: "딜",
    portfolio: "포트폴리오",
    client: "고객",
    candidate: "후보자",
    partner: "파트너",
  },
  settings: {
    title: "설정",
    llm: "언어 모델",
    privacy:
      "질문 제안, 액션 아이템, 요약에 쓰입니다. 미팅의 최근 일부만 보내며, 키는 운영체제 키체인에만 저장됩니다. 끄면 오프라인 신호만 동작합니다.",
    enabled: "언어 모델 사용",
    baseUrl: "엔드포인트 URL (OpenAI 호환)",
    model: "모델",
    keyHeader: "키 헤더",
    keyHeaderHint: "Azure는 api-key, 비우면 Authorization: Bearer",
    apiVersion: "api-version",
    apiVersionHint: "Azure만",
    stream: "스트리밍 응답",
    key: "API 키",
    keyStored: "키체인에 저장됨",
    keyNone: "저장된 키 없음",
    keyKeep: "비워 두면 저장된 키를 유지합니다",
    forgetKey: "저장된 키 삭제",
    saved: "저장했습니다.",
    recordings: "녹음 파일",
    retention: "보관 기간",
    retentionHint: "기간이 지나면 녹음 파일만 지우고 대화록, 메모, 요약은 남깁니다.",
    keepFor: { keep: "계속 보관", days30: "30일 뒤 삭제", days60: "60일 뒤 삭제", days90: "90일 뒤 삭제" },
    retentionSaved: (deleted) =>
      deleted === 0 ? "저장했습니다." : `저장했습니다. 미팅 ${deleted}개의 오래된 녹음 파일을 지웠습니다.`,
  },
  relationshipStatus: { active: "진행 중", archived: "보관됨", completed: "완료", passed: "패스" },
  importance: { high: "높음", medium: "보통", low: "낮음" },
  source: { me: "나", them: "상대", file: "파일" },
};

const en: Messages = {
  nav: {
    record: "Record",
    meetings: "Meetings",
    relationships: "Relationships",
    search: "Search",
    settings: "Settings",
  },
  language: "Language",
  common: {
    loading: "Loading…",
    retry: "Try again",
    save: "Save",
    saving: "Saving…",
    cancel: "Cancel",
    back: "Back to list",
    previous: "Previous",
    next: "Next",
    none: "—",
    errorTitle: "Something went wrong",
    range: (from, to, total) => `${from}–${to} of ${total}`,
  },
  meetings: {
    title: "Meetings",
    empty: "No meetings yet.",
    emptyHint: "Meetings you record or import appear here.",
    columns: {
      title: "Title",
      type: "Type",
      date: "Date",
      duration: "Duration",
      relationship: "Relationship",
    },
    inProgress: "In progress",
    segments: (n) => `${n} ${n === 1 ? "segment" : "segments"}`,
    transcript: "Transcript",
    noTranscript: "This meeting has no transcript yet.",
  },
  retranscribe: {
    title: "Transcribe the recordings again",
    hint: "The whole recordings are transcribed again and replace the live transcript; a larger model is more accurate. Lines you edited stay as they are.",
    start: "Transcribe again",
    running: "Transcribing…",
    progress: (side, done, total) => `${side}: ${done}${total === null ? "" : ` of ${total}`}`,
    done: (added, replaced, kept) =>
      `${added} new ${added === 1 ? "line" : "lines"} in place of ${replaced} live ${replaced === 1 ? "one" : "ones"} (${kept} kept).`,
  },
  relationships: {
    title: "Relationships",
    add: "New relationship",
    edit: "Edit relationship",
    empty: "No relationships yet.",
    emptyHint: "Add the deals, portfolio companies, clients, candidates and partners you meet.",
    saved: "Saved.",
    columns: {
      name: "Name",
      type: "Type",
      status: "Status",
      importance: "Importance",
      engagement: "Engagement",
      meetings: "Meetings",
    },
    fields: {
      name: "Name",
      type: "Type",
      status: "Status",
      importance: "Importance",
      industry: "Industry",
      stage: "Stage",
      tags: "Tags",
      tagsHint: "comma-separated",
      contactName: "Name",
      contactEmail: "Email",
      contactPhone: "Phone",
      contactTitle: "Title",
      description: "Description",
      notes: "Notes",
    },
    sections: { basics: "Basics", contact: "Primary contact", details: "Description and notes" },
  },
  search: {
    title: "Search",
    placeholder: "Search transcripts, notes and summaries of every meeting",
    submit: "Search",
    allRelationships: "All relationships",
    hint: "Words match by their beginning: “churn” also finds “churned”.",
    noResults: "Nothing matches.",
    results: (total, lowerBound) =>
      `${total}${lowerBound ? "+" : ""} ${total === 1 && !lowerBound ? "result" : "results"}`,
    byRecency: "Too many matches to rank; showing the newest first.",
    relationshipHit: "Relationship",
  },
  record: {
    title: "Record a meeting",
    meetingTitle: "Title",
    defaultTitle: "New meeting",
    type: "Type",
    model: "Speech model",
    modelHint: "An installed model's name (e.g. base) or a model file's path",
    language: "Language",
    auto: "Automatic",
    mic: "Microphone (me)",
    system: "System audio (them)",
    followDefault: "System default",
    start: "Start recording",
    starting: "Starting…",
    stop: "Stop recording",
    stopping: "Finishing…",
    recording: "Recording",
    listening: "Listening. What is said shows here a few seconds after it is said.",
    stopped: (reason) =>
      reason === "silence" ? "Stopped: both sides were silent." : "The recording has stopped.",
    open: "Open the meeting",
    echo: (n) => `${n} times the call came back through the microphone; not written as "me".`,
    opened: (side, device) => `${side}: ${device}`,
    lost: (side, reason) => `${side}: the device went away (${reason}). Reconnecting…`,
    gap: (side, from, to) => `${side}: no audio from ${from} to ${to}; kept as silence.`,
    silent: (side, seconds) =>
      `${side}: only silence for ${seconds} s. Is it muted, or is Onno allowed to record audio?`,
    useLlm: "Help from the language model",
    useLlmHint: "Question suggestions and action items use the language model you set. Off keeps this meeting on this computer.",
  },
  copilot: {
    questions: "Suggested questions",
    actionItems: "Action items",
    noQuestions: "No questions suggested yet.",
    noActionItems: "No action items yet.",
    checklist: (covered, total) => `Checklist ${covered}/${total}`,
    heard: "Figures and terms heard",
    band: (metric, band, peers) => `${metric}: ${band} for ${peers}`,
    notConfigured: "Switch on a language model in Settings for question suggestions. Figures and the checklist work without one.",
    priority: { critical: "Critical", important: "Important", follow_up: "Follow-up" },
    mark: { used: "Asked", ignored: "Ignore", dismissed: "Hide" },
    marked: { used: "Asked", ignored: "Ignored", dismissed: "Hidden" },
    missed: "Missed",
    status: { pending: "To review", approved: "Approved", rejected: "Rejected", completed: "Done" },
    approve: "Approve",
    reject: "Reject",
    assignee: (name) => `Owner: ${name}`,
    due: (date) => `Due ${date}`,
    confidence: (percent) => `${percent}% sure`,
    switch: "Use the language model for this meeting",
    switchHint: "Off: nothing of this meeting is sent to the language model.",
    summary: "Summary",
    keyPoints: "Key points",
    decisions: "Decisions",
    missedQuestions: "Missed questions",
    noSummary: "No summary yet. Analysing the meeting writes one.",
    analyze: "Analyse meeting",
    analyzing: {
      signals: "Checking figures and the checklist…",
      action_items: "Finding action items…",
      summary: "Writing the summary…",
    },
    analyzed: (facts) => `Analysis done. ${facts} new figure${facts === 1 ? "" : "s"} recorded.`,
    skipped: (reason) => `The language model step was skipped: ${reason}`,
    failed: (reason) => `The language model step failed (what was saved stays): ${reason}`,
    usage: (calls, tokens, failed) =>
      `${calls} language model call${calls === 1 ? "" : "s"}, ${tokens.toLocaleString("en")} tokens${failed > 0 ? `, ${failed} failed` : ""}`,
  },
  startup: {
    corruptTitle: "The database file cannot be opened",
    corruptBody: "This file is damaged or is not an Onno database.",
    corruptKeep:
      "Starting fresh does not delete it: the file is renamed and kept in the same folder, and a new, empty database is created.",
    startFresh: "Move it aside and start fresh",
    moved: (path) => `The damaged file was kept at ${path}.`,
    newerTitle: "This database was created by a newer version of Onno",
    newerBody:
      "To keep your data safe, this version will not open it. Update Onno, then open it again.",
    newerDetail: (found, supported) =>
      `File schema version ${found}; this version knows up to ${supported}.`,
    failedTitle: "The database cannot be opened",
    failedBody: "Onno could not prepare its data folder.",
    detail: "Details",
    file: "File",
  },
  meetingType: {
    investment_screening: "Investment screening",
    mentoring: "Mentoring",
    sales: "Sales",
    recruiting: "Recruiting",
    partnership: "Partnership",
    general: "General",
  },
  relationshipType: {
    deal: "Deal",
    portfolio: "Portfolio",
    client: "Client",
    candidate: "Candidate",
    partner: "Partner",
  },
  settings: {
    title: "Settings",
    llm: "Language model",
    privacy:
      "Used for question suggestions, action items and summaries. Only a recent window of the meeting is sent, and the key is kept in the OS keychain only. Off, only the offline signals run.",
    enabled: "Use the language model",
    baseUrl: "Endpoint URL (OpenAI-compatible)",
    model: "Model",
    keyHeader: "Key header",
    keyHeaderHint: "api-key for Azure; empty for Authorization: Bearer",
    apiVersion: "api-version",
    apiVersionHint: "Azure only",
    stream: "Streamed answers",
    key: "API key",
    keyStored: "stored in the keychain",
    keyNone: "none stored",
    keyKeep: "Leave empty to keep the stored key",
    forgetKey: "Forget the stored key",
    saved: "Saved.",
    recordings: "Recordings",
    retention: "Keep recordings",
    retentionHint: "Past this, only the audio files are deleted; transcripts, notes and summaries stay.",
    keepFor: { keep: "Always", days30: "Delete after 30 days", days60: "Delete after 60 days", days90: "Delete after 90 days" },
    retentionSaved: (deleted) =>
      deleted === 0 ? "Saved." : `Saved. Deleted the old recordings of ${deleted} ${deleted === 1 ? "meeting" : "meetings"}.`,
  },
  relationshipStatus: { active: "Active", archived: "Archived", completed: "Completed", passed: "Passed" },
  importance: { high: "High", medium: "Medium", low: "Low" },
  source: { me: "Me", them: "Them", file: "File" },
};

export const messages: Record<Locale, Messages> = { ko, en };

export const LOCALES: readonly { value: Locale; label: string }[] = [
  { value: "ko", label: "한국어" },
  { value: "en", label: "English" },
];

export const LocaleContext = createContext<Locale>("ko");

export function useLocale(): Locale {
  return useContext(LocaleContext);
}

export function useT(): Messages {
  return messages[useContext(LocaleContext)];
}
