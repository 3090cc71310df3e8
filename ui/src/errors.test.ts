import { describe, expect, it } from "vitest";
import { describeError } from "./errors";
import { messages } from "./i18n";
import { CommandError } from "./ipc";

describe("a command's error, as the user reads it", () => {
  it("is a sentence in the user's language with the next step, the crate's words only as detail", () => {
    const error = new CommandError({
      kind: "model_missing",
      subject: "base",
      message: "model base is not installed: download it with onno models download base",
    });
    const ko = describeError(messages.ko, error);
    expect(ko.text).toContain("“base”");
    expect(ko.text).toContain("모델 페이지");
    expect(ko.text).not.toContain("onno models");
    expect(ko.detail).toBe(error.message);
    expect(describeError(messages.en, error).text).toBe(
      "The speech model “base” is not installed. Download it on the Models page.",
    );
  });

  it("names the field a store error is about as the form labels it", () => {
    const error = new CommandError({ kind: "invalid", subject: "title", message: "invalid title: must not be empty" });
    expect(describeError(messages.ko, error).text).toContain("“제목”");
    expect(describeError(messages.en, error).text).toContain("“title”");
    // A field the dictionary does not know keeps its own name rather than vanishing.
    const other = new CommandError({ kind: "invalid", subject: "checklist name", message: "invalid" });
    expect(describeError(messages.en, other).text).toContain("“checklist name”");
  });

  it("says to stop the recording when a delete waits on it", () => {
    const error = new CommandError({ kind: "busy", subject: "recording", message: "a meeting is being recorded; stop it first" });
    expect(describeError(messages.en, error).text).toBe("A recording is running. Stop it first, then try again.");
    expect(describeError(messages.ko, error).text).toContain(messages.ko.errors.fields.recording);
  });

  it("calls anything that is not a command's error a fault of the app, keeping its text", () => {
    const { text, detail } = describeError(messages.en, new TypeError("x is undefined"));
    expect(text).toBe(messages.en.errors.kinds.internal(null));
    expect(detail).toBe("x is undefined");
  });
});
