import { describe, expect, it } from "vitest";
import type { UsageTotals } from "./bindings.gen";
import { LOCALES, countEn, messages } from "./i18n";

/** A meeting's usage totals: none of anything but what `some` says. */
function usage(some: Partial<UsageTotals>): UsageTotals {
  const none = { calls: 0, failed: 0, format_negotiations: 0, repairs: 0, prompt_tokens: 0, completion_tokens: 0 };
  return { ...none, estimated: false, dropped: 0, dropped_reasons: {}, ...some };
}

describe("English plurals", () => {
  it("pick the form by the count", () => {
    const t = messages.en;
    expect(t.meetings.segments(1)).toBe("1 segment");
    expect(t.meetings.segments(0)).toBe("0 segments");
    expect(t.meetings.segments(2)).toBe("2 segments");
    expect(t.search.results(1, false)).toBe("1 result");
    expect(t.search.results(1, true)).toBe("1+ results");
    expect(t.copilot.usage(usage({ calls: 1, prompt_tokens: 1000, completion_tokens: 200 }))).toBe(
      "1 language model call, 1,200 tokens",
    );
    expect(
      t.copilot.usage(
        usage({ calls: 4, prompt_tokens: 10, failed: 1, format_negotiations: 1, repairs: 1, dropped: 1, dropped_reasons: { not_a_question: 1 } }),
      ),
    ).toBe("4 language model calls, 10 tokens, 1 format negotiation, 1 repair, 1 failed, 1 unusable answer left out (1 not a question)");
    expect(
      messages.ko.copilot.usage(
        usage({ calls: 3, prompt_tokens: 1200, format_negotiations: 1, dropped: 3, dropped_reasons: { not_a_question: 2, repeats_transcript: 1 } }),
      ),
    ).toBe("언어 모델 호출 3회, 토큰 1,200개, 응답 형식 조정 1회, 쓸 수 없는 답 3개 제외(질문이 아님 2개, 대화 내용 되풀이 1개)");
    expect(t.settings.retentionSaved(1)).toBe("Saved. Deleted the old recordings of 1 meeting.");
    expect(t.record.echo(1)).toMatch(/^1 time the call/);
    expect(t.record.echo(3)).toMatch(/^3 times the call/);
    expect(t.models.showAll(1)).toBe("Show all 1 model");
    expect(t.models.showAll(12)).toBe("Show all 12 models");
    expect(countEn(1.5, { one: "one", other: "other" })).toBe("other");
  });

  it("leave Korean, which has one form, as it is", () => {
    expect(messages.ko.meetings.segments(1)).toBe("발화 1개");
    expect(messages.ko.meetings.segments(3)).toBe("발화 3개");
  });
});

describe("the dictionary", () => {
  it("offers every language the app speaks", () => {
    expect(LOCALES.map((l) => l.value).sort()).toEqual(Object.keys(messages).sort());
  });

  it("holds every Korean word of the UI", () => {
    // Every source file's text, tests aside (their Korean is data, not UI).
    const sources = import.meta.glob<string>(["./**/*.{ts,tsx}", "!./**/*.test.{ts,tsx}", "!./i18n.ts", "!./locales/**"], {
      query: "?raw",
      import: "default",
      eager: true,
    });
    const hangul = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/;
    expect(Object.keys(sources).length).toBeGreaterThan(10);
    const outside = Object.entries(sources)
      .filter(([, text]) => hangul.test(text))
      .map(([file]) => file);
    expect(outside).toEqual([]);
  });
});
