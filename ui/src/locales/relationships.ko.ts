// The relationships list, form and page in Korean.

import type { Messages } from "../messages";

export const relationshipsKo: Messages["relationships"] = {
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
    nextMeeting: "다음 미팅",
    openItems: "미완료 항목",
  },
  list: {
    filters: "관계 필터",
    anyType: "모든 유형",
    anyStatus: "모든 상태",
    anyImportance: "모든 중요도",
    anyStage: "모든 단계",
    anyTag: "모든 태그",
    sort: "정렬",
    sorts: {
      last_interaction: "최근 만난 순",
      next_meeting: "다음 미팅 순",
      engagement: "관계 활성도 순",
      name: "이름 순",
    },
    engagementMeans: "관계 활성도: 최근 90일 동안 얼마나 최근에, 얼마나 자주 만났는지입니다. 오늘 만난 미팅이 가장 크게 반영됩니다.",
    clear: "필터 지우기",
    noMatch: "이 조건에 맞는 관계가 없습니다.",
    noMatchHint: "필터를 하나 지우면 더 보입니다.",
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
};

/** A relationship's own page. */
export const relationshipPageKo: Messages["relationshipPage"] = {
  edit: "편집",
  startWith: (name) => `${name} 미팅 시작`,
  contact: "주 담당자",
  team: "팀",
  firstContact: "첫 만남",
  nextMeeting: "다음 미팅",
  overdue: "기한 지남",
  timeline: "타임라인",
  openItems: (n) => `남은 할 일 ${n}개:`,
  openItemsTitle: "모든 미팅의 남은 할 일",
  figuresHeard: "들은 수치:",
};
