// The Korean words of Settings' data section, the delete confirmations and the audit log.

import type { DataMessages } from "./data.types";

export const dataKo: DataMessages = {
  title: "내 데이터",
  intro: "Onno가 보관하는 모든 것은 이 컴퓨터의 폴더 하나에 있습니다. 전부 내보내거나, 되돌리거나, 삭제할 수 있습니다.",
  exportTitle: "전체 내보내기",
  exportBody:
    "모든 미팅, 전사, 메모, 관계, 녹음, 첨부 파일을 담은 아카이브 파일(.onno) 하나를 만듭니다. Onno는 이 파일을 빈 폴더에 복원할 수 있습니다.",
  exportButton: "전체 내보내기…",
  exporting: "아카이브를 쓰는 중…",
  exported: (path, size, files) => `${path}에 저장했습니다 (${size}, 파일 ${files}개 포함).`,
  importTitle: "아카이브 복원",
  importBody:
    "아카이브는 빈 폴더에만 복원되며, 지금 있는 데이터를 덮어쓰지 않습니다. 아카이브를 고른 다음 빈 폴더를 고르세요. 그 폴더를 쓰려면 Onno를 그 폴더로 시작하세요(ONNO_DATA_DIR).",
  importButton: "아카이브 복원…",
  importing: "복원하는 중…",
  imported: (path, meetings) =>
    `미팅 ${meetings}개를 ${path}에 복원했습니다. 사용하려면 ONNO_DATA_DIR을 그 폴더로 설정하고 Onno를 시작하세요.`,
  importNotEmpty:
    "그 폴더는 비어 있지 않습니다. 아카이브는 빈 폴더에만 복원됩니다. 새 폴더를 만들어 고른 뒤 다시 시도하세요.",
  deleteTitle: "전체 삭제",
  deleteBody:
    "이 컴퓨터에서 모든 미팅, 관계, 녹음, 첨부 파일을 지웁니다. 감사 로그와 음성 모델은 남습니다. 동기화 중인 기기는 먼저 동기화에서 로그아웃되므로 다른 기기의 사본은 그대로 남습니다. 되돌릴 수 없으니, 나중에 필요할 수 있다면 먼저 전체 내보내기를 하세요.",
  deleteButton: "전체 삭제…",
  deleteQuestion: "전부 삭제할까요?",
  deleted: "전부 삭제했습니다. 감사 로그에 기록되었습니다.",
  everything: (inv, size) => {
    const rows = (table: string) => inv.rows[table] ?? 0;
    const counted: [number, string, string][] = [
      [rows("meetings"), "미팅", "개"],
      [rows("transcript_segments"), "전사", "줄"],
      [rows("notes"), "메모", "개"],
      [rows("relationships"), "관계", "개"],
      [rows("relationship_data"), "수치", "개"],
    ];
    return {
      goes: [
        ...counted.filter(([count]) => count > 0).map(([count, word, unit]) => `${word} ${count}${unit}`),
        `디스크의 파일 ${inv.files}개: 녹음과 첨부 파일 (${size})`,
      ],
      stays: ["감사 로그", "음성 모델"],
    };
  },
  meetingButton: "미팅 삭제…",
  meetingQuestion: "이 미팅을 삭제할까요?",
  meeting: (f, size) => ({
    goes: [
      `전사 ${f.lines}줄`,
      `녹음 ${f.recordings}개 (${size})`,
      ...(f.notes > 0 ? [`메모 ${f.notes}개`] : []),
      ...(f.action_items > 0 ? [`액션 아이템 ${f.action_items}개`] : []),
      ...(f.questions > 0 ? [`추천 질문 ${f.questions}개`] : []),
      ...(f.has_summary ? ["요약"] : []),
    ],
    stays: f.facts_kept > 0 ? [`이 미팅에서 나온 수치 ${f.facts_kept}개 (관계에 남음)`] : [],
  }),
  relationshipButton: "관계 삭제…",
  relationshipQuestion: "이 관계를 삭제할까요?",
  relationship: (f, size) => ({
    goes: [`수치 ${f.facts}개`, `첨부 파일 ${f.files}개 (${size})`],
    stays: f.meetings_kept > 0 ? [`미팅 ${f.meetings_kept}개 (관계 연결만 해제)`] : [],
  }),
  confirm: {
    goes: "삭제되는 것:",
    stays: "남는 것:",
    yes: "영구 삭제",
    deleting: "삭제하는 중…",
    word: "삭제",
    typeWord: (word) => `확인하려면 “${word}”를 입력하세요`,
  },
  audit: {
    title: "감사 로그",
    intro: "모든 내보내기, 삭제, 복원, 수정, 키 변경을 최신순으로 보여 줍니다. 개수와 번호만 남기며, 대화 내용은 남기지 않습니다.",
    empty: "아직 기록이 없습니다.",
    emptyHint: "내보내기, 삭제, 복원, 키 변경이 여기에 표시됩니다.",
    at: "시각",
    action: "작업",
    what: "대상",
    details: "세부 정보",
    actions: {
      delete: "삭제",
      export: "내보내기",
      import: "복원",
      key_change: "키 변경",
      edit_line: "줄 수정",
      name_speaker: "화자 지정",
      name_side: "측 이름 지정",
      merge_lines: "줄 합치기",
      split_line: "줄 나누기",
      undo_correction: "수정 취소",
      correct: "수치 정정",
    },
    resource: (kind, id) => {
      const words: Record<string, string> = {
        meeting: "미팅",
        relationship: "관계",
        relationship_data: "수치",
        relationship_file: "첨부 파일",
        note: "메모",
        segment: "전사 줄",
        archive: "아카이브",
        everything: "전체",
        llm_api_key: "언어 모델 키",
        audio: "미팅 녹음",
        files: "모든 파일",
      };
      const word = words[kind] ?? kind;
      return id === null ? word : `${word} #${id}`;
    },
    detail: (f) =>
      [
        f.format === null ? null : f.format.toUpperCase(),
        f.rows === null ? null : `${f.rows}행`,
        f.files === null ? null : `파일 ${f.files}개`,
        f.size,
        f.change === null ? null : f.change === "stored" ? "키체인에 저장" : "키체인에서 삭제",
      ]
        .filter((part) => part !== null)
        .join(", "),
  },
};
