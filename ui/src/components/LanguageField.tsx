// The spoken language for the speech model: detected, or fixed to one the user names.

import { useT } from "../i18n";

const LANGUAGES = ["auto", "ko", "en"] as const;

interface Props {
  name: string;
  value: string;
  disabled?: boolean;
  onChange: (language: string) => void;
}

export function LanguageField({ name, value, disabled = false, onChange }: Props) {
  const t = useT();
  return (
    <label className="field">
      <span>{t.record.language}</span>
      <select name={name} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)}>
        {LANGUAGES.map((v) => (
          <option key={v} value={v}>
            {v === "auto" ? t.record.auto : v}
          </option>
        ))}
      </select>
    </label>
  );
}
