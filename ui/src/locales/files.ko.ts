// A relationship's Files section in Korean.

import type { FilesMessages } from "./files.types";

const partWords = { page: "쪽", slide: "슬라이드", sheet: "시트", text: "텍스트" } as const;

export const filesKo: FilesMessages = {
  title: "파일",
  intro: "투자 설명 자료, 재무 자료, 계약서. 파일의 텍스트는 검색에 나오고, 파일에서 찾은 수치는 확인하기 전까지 '미확인'으로 수치 목록에 들어갑니다.",
  add: "파일 추가",
  dropHint: "또는 여기에 파일을 끌어다 놓으세요",
  dropHere: "놓으면 이 관계에 추가됩니다",
  empty: "아직 파일이 없습니다.",
  emptyHint: "투자 설명 자료나 재무 자료를 추가하세요: PDF, Word, PowerPoint, Excel, 텍스트, 이미지.",
  columns: { name: "이름", kind: "종류", size: "크기", parts: "텍스트", added: "추가한 날", figures: "찾은 수치" },
  formats: {
    pdf: "PDF",
    word: "Word",
    slides: "PowerPoint",
    spreadsheet: "스프레드시트",
    text: "텍스트",
    image: "이미지",
    video: "동영상",
    other: "파일",
  },
  parts: (n, kind) => {
    if (kind === null || n === 0) return "텍스트 없음";
    if (kind === "text") return "전체 텍스트";
    return `${n}${kind === "page" ? "" : " "}${partWords[kind]}`;
  },
  figures: (n) => (n === 0 ? "없음" : `수치 ${n}개`),
  open: "열기",
  remove: "삭제",
  removeQuestion: (name) => `이 관계에서 “${name}” 파일을 삭제할까요?`,
  removeGoes: (name, size, parts) => [`파일 ${name} (${size})`, `검색에 쓰이는 텍스트 (${parts})`],
  removeStays: (n) => (n === 0 ? [] : [`이 파일에서 읽은 수치 ${n}개 (수치 목록에 남습니다)`]),
  reading: (name) => `${name} 읽는 중…`,
  added: (name, n) =>
    n === 0
      ? `${name} 추가됨. 찾은 수치가 없습니다.`
      : `${name} 추가됨. 수치 ${n}개가 '미확인'으로 수치 목록에 들어갔습니다. 확인해 주세요.`,
  alreadyAdded: (name) => `${name}은(는) 이미 추가되어 있습니다. 바뀐 것이 없습니다.`,
  failed: (name) => `${name}을(를) 추가하지 못했습니다:`,
  dismiss: "지우기",
  errors: {
    file_too_large: (s) =>
      `${s ?? "파일"}이(가) 100MB를 넘습니다. 더 작은 사본(PDF를 다시 내보내거나 통합 문서를 나누어)을 추가하세요. 아무것도 저장되지 않았습니다.`,
    file_unsupported: (s) =>
      `${s ?? "이 파일"}은(는) Onno가 읽는 종류가 아닙니다. PDF, Word(.docx), PowerPoint(.pptx), Excel, 텍스트, 이미지 파일을 추가하세요. 예전 .doc·.ppt 파일은 새 형식으로 저장한 뒤 추가하세요.`,
    file_damaged: (s) =>
      `${s ?? "파일"}을(를) 읽을 수 없습니다. 손상되었거나 암호가 걸렸거나 이름과 내용이 다릅니다. 파일을 열어 암호 없는 사본으로 저장한 뒤 그 사본을 추가하세요. 아무것도 저장되지 않았습니다.`,
    no_viewer: (s) =>
      `이 컴퓨터에 ${s ?? "이 파일"}을(를) 여는 프로그램이 없습니다. 이 종류의 파일을 여는 프로그램을 설치한 뒤 다시 시도하세요.`,
  },
};
