// The UI's words in Korean (the default) and English: the dictionaries are in
// `locales/`, their shape in `messages.ts`. Every Korean word of the UI is in them (a
// test checks that no other source file has Hangul).

import { createContext, useContext } from "react";
import type { Locale } from "./bindings.gen";
import type { Messages } from "./messages";
import { en } from "./locales/en";
import { ko } from "./locales/ko";

export type { Messages } from "./messages";
export { countEn } from "./locales/en";

export const messages: Record<Locale, Messages> = { ko, en };

/** Each language in its own words, in the order the picker lists them. */
const LOCALE_NAMES = { ko: "한국어", en: "English" } satisfies Record<Locale, string>;
export const LOCALES: readonly { value: Locale; label: string }[] = Object.entries(LOCALE_NAMES).map(
  ([value, label]) => ({ value: value as Locale, label }),
);

export const LocaleContext = createContext<Locale>("ko");

export function useLocale(): Locale {
  return useContext(LocaleContext);
}

export function useT(): Messages {
  return messages[useContext(LocaleContext)];
}
