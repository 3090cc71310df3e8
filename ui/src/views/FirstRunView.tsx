// The first-run setup: language, the recording-consent notice, the device check, a
// speech model and, optionally, a language model. Each step is saved as it is reached,
// so the setup resumes where it was left; "Finish later" leaves it for Settings.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { commands, type Locale, type Setup, type SetupStep } from "../bindings.gen";
import { DeviceCheck } from "../components/DeviceCheck";
import { ModelList, type SpeechLanguage } from "../components/ModelList";
import { Status } from "../components/Status";
import { SETUP_STEPS } from "../enums";
import { LOCALES, messages, useT } from "../i18n";
import { call } from "../ipc";
import { keys, useModels, useSetup } from "../queries";
import { LlmStep } from "./LlmStep";
import { SpeechLanguagePicker } from "./ModelsView";
import { useMarkInteractive } from "../timing";

interface Props {
  locale: Locale;
  onLocale: (locale: Locale) => void;
  /** The setup was finished or left for later. */
  onLeave: () => void;
}

export function FirstRunView(props: Props) {
  const setup = useSetup();
  return <Status query={setup}>{(state) => <Steps {...props} initial={state.setup} />}</Status>;
}

function Steps({ locale, onLocale, onLeave, initial }: Props & { initial: Setup }) {
  const t = useT();
  useMarkInteractive();
  const queryClient = useQueryClient();
  const [setup, setSetup] = useState<Setup>(initial);
  const save = useMutation({
    mutationFn: (next: Setup) => call(commands.saveSetup(next)),
    onSuccess: (saved) => queryClient.setQueryData(keys.setup, saved),
  });
  const update = (change: Partial<Setup>) => {
    const next = { ...setup, ...change };
    setSetup(next);
    save.mutate(next);
  };
  const index = SETUP_STEPS.indexOf(setup.step);
  const go = (step: SetupStep) => update({ step });
  const finish = () => {
    update({ completed: true, skipped: false });
    onLeave();
  };
  const later = () => {
    update({ skipped: true });
    onLeave();
  };
  const previous = SETUP_STEPS[index - 1];
  const next = SETUP_STEPS[index + 1];
  return (
    <section className="page first-run" data-testid="first-run" data-step={setup.step}>
      <header className="page-header">
        <h1>{t.firstRun.title}</h1>
        <p className="muted">{t.firstRun.intro}</p>
      </header>
      <ol className="steps" aria-label={t.firstRun.stepOf(index + 1, SETUP_STEPS.length)}>
        {SETUP_STEPS.map((step, i) => (
          <li key={step} className={i === index ? "step current" : i < index ? "step done" : "step"}>
            <button type="button" className="step-link" onClick={() => go(step)} aria-current={i === index ? "step" : undefined}>
              <span className="step-number">{i + 1}</span> {t.firstRun.steps[step]}
            </button>
          </li>
        ))}
      </ol>
      <div className="step-body" data-testid={`step-${setup.step}`}>
        <h2 className="section-title">{t.firstRun.steps[setup.step]}</h2>
        <StepContent step={setup.step} setup={setup} update={update} locale={locale} onLocale={onLocale} />
      </div>
      <div className="form-actions step-actions">
        {previous !== undefined && (
          <button type="button" className="button" data-testid="setup-back" onClick={() => go(previous)}>
            {t.firstRun.back}
          </button>
        )}
        <button type="button" className="button ghost" data-testid="setup-later" onClick={later}>
          {t.firstRun.later}
        </button>
        <button
          type="button"
          className="button primary"
          data-testid={next === undefined ? "setup-finish" : "setup-next"}
          onClick={() => (next === undefined ? finish() : go(next))}
        >
          {next === undefined ? t.firstRun.finish : t.firstRun.next}
        </button>
      </div>
    </section>
  );
}

interface StepProps {
  step: SetupStep;
  setup: Setup;
  update: (change: Partial<Setup>) => void;
  locale: Locale;
  onLocale: (locale: Locale) => void;
}

function StepContent({ step, setup, update, locale, onLocale }: StepProps): ReactNode {
  const t = useT();
  switch (step) {
    case "language":
      return (
        <>
          <p>{t.firstRun.languageBody}</p>
          <div className="choice-row">
            {LOCALES.map((l) => (
              <button
                key={l.value}
                type="button"
                data-testid={`pick-locale-${l.value}`}
                className={l.value === locale ? "button primary" : "button"}
                aria-pressed={l.value === locale}
                onClick={() => onLocale(l.value)}
              >
                {l.label}
              </button>
            ))}
          </div>
        </>
      );
    case "consent":
      return <ConsentStep setup={setup} update={update} />;
    case "devices":
      return (
        <>
          <p>{t.firstRun.devicesBody}</p>
          <DeviceCheck />
        </>
      );
    case "speech_model":
      return <SpeechModelStep locale={locale} />;
    case "language_model":
      return <LlmStep />;
  }
}

function ConsentStep({ setup, update }: { setup: Setup; update: (change: Partial<Setup>) => void }) {
  const t = useT();
  return (
    <>
      <p>{t.firstRun.consentBody}</p>
      <div className="consent-notices">
        {LOCALES.map((l) => (
          <blockquote key={l.value} lang={l.value} className="consent-text" data-testid={`consent-${l.value}`}>
            <span className="muted small">{l.label}</span>
            <p>{messages[l.value].firstRun.consentText}</p>
          </blockquote>
        ))}
      </div>
      <label className="check-line">
        <input
          type="checkbox"
          name="consent-reminder"
          checked={setup.consent_reminder}
          onChange={(e) => update({ consent_reminder: e.target.checked })}
        />{" "}
        {t.firstRun.consentReminder}
      </label>
      <p className="muted small">{t.firstRun.consentReminderHint}</p>
    </>
  );
}

function SpeechModelStep({ locale }: { locale: Locale }) {
  const t = useT();
  const models = useModels();
  const [language, setLanguage] = useState<SpeechLanguage>(locale === "en" ? "en" : "ko");
  return (
    <>
      <p>{t.firstRun.modelBody}</p>
      <SpeechLanguagePicker value={language} onChange={setLanguage} />
      <Status query={models}>
        {(overview) => (
          <>
            <p className={overview.default_usable ? "notice" : "notice warn"} role="status" data-testid="model-status">
              {overview.default_usable && overview.default_model !== null
                ? t.firstRun.modelReady(overview.default_model)
                : t.firstRun.modelMissing}
            </p>
            <ModelList overview={overview} language={language} compact />
          </>
        )}
      </Status>
    </>
  );
}
