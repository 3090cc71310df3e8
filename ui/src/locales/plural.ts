// English plurals, shared by the dictionaries of every screen.

/** The form of an English word for `n` of something, as `Intl.PluralRules` picks it. */
const englishPlural = new Intl.PluralRules("en");
export function countEn(n: number, forms: { one: string; other: string }): string {
  return englishPlural.select(n) === "one" ? forms.one : forms.other;
}
