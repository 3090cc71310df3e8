// The Models page: the catalogue with the advice for this computer, for Korean or
// English speech, and where the models folder is.

import { useState } from "react";
import { ModelList, type SpeechLanguage } from "../components/ModelList";
import { Status } from "../components/Status";
import { formatBytes } from "../format";
import { useLocale, useT } from "../i18n";
import { useModels } from "../queries";

export function ModelsView() {
  const t = useT();
  const models = useModels();
  const [language, setLanguage] = useState<SpeechLanguage>(useLocale() === "en" ? "en" : "ko");
  return (
    <section className="page" data-testid="models-page">
      <header className="page-header">
        <h1>{t.models.title}</h1>
        <p className="muted">{t.models.intro}</p>
      </header>
      <Status query={models}>
        {(overview) => (
          <>
            <p className="muted small" data-testid="machine">
              {t.models.machine(
                overview.catalogue.machine.cores,
                overview.catalogue.machine.memory_bytes === null ? null : formatBytes(overview.catalogue.machine.memory_bytes),
              )}{" "}
              {t.models.estimateNote}
            </p>
            <SpeechLanguagePicker value={language} onChange={setLanguage} />
            <ModelList overview={overview} language={language} compact={false} />
            <p className="muted small" data-testid="voice-detector" data-installed={overview.voice_detector}>
              {t.models.voiceDetector(overview.voice_detector)}
            </p>
            <p className="muted small path-line">{t.models.folder(overview.catalogue.models_dir)}</p>
          </>
        )}
      </Status>
    </section>
  );
}

/** Which language's advice to sort by. */
export function SpeechLanguagePicker({ value, onChange }: { value: SpeechLanguage; onChange: (v: SpeechLanguage) => void }) {
  const t = useT();
  return (
    <div className="segmented" role="radiogroup" aria-label={t.models.forLanguage}>
      <span className="muted">{t.models.forLanguage}</span>
      {(["ko", "en"] as const).map((l) => (
        <button
          key={l}
          type="button"
          role="radio"
          aria-checked={value === l}
          data-testid={`speech-${l}`}
          className={value === l ? "button small primary" : "button small"}
          onClick={() => onChange(l)}
        >
          {t.models.speechLanguage[l]}
        </button>
      ))}
    </div>
  );
}
