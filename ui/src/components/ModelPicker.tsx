// The Record page's speech model: a choice among the installed models (the default
// first chosen), or a model file by path for those who have their own. When nothing
// usable is installed it says so and links to the Models page instead.

import { useState } from "react";
import type { ModelsOverview } from "../bindings.gen";
import { useT } from "../i18n";
import { useModels } from "../queries";

// Not a path anyone has: the option that asks for one.
const FILE = "::file";

export interface ModelChoice {
  /** What the select shows: a model name, a path, or the file option. */
  selected: string;
  select: (value: string) => void;
  path: string;
  setPath: (path: string) => void;
  /** The model to ask for, or `null` when nothing usable is chosen. */
  model: string | null;
  overview: ModelsOverview | undefined;
}

export function useModelChoice(): ModelChoice {
  const overview = useModels().data;
  const [picked, select] = useState<string | null>(null);
  const [path, setPath] = useState("");
  const installed = overview?.catalogue.models.filter((m) => m.installed).map((m) => m.name) ?? [];
  const usableDefault = overview?.default_usable === true ? overview.default_model : null;
  const selected = picked ?? usableDefault ?? installed[0] ?? "";
  const model =
    selected === FILE ? (path.trim() === "" ? null : path.trim()) : selected === "" ? null : selected;
  return { selected, select, path, setPath, model, overview };
}

export function ModelPicker({ choice, onOpenModels }: { choice: ModelChoice; onOpenModels: () => void }) {
  const t = useT();
  const overview = choice.overview;
  if (overview === undefined) return null;
  const installed = overview.catalogue.models.filter((m) => m.installed).map((m) => m.name);
  const defaultModel = overview.default_usable ? overview.default_model : null;
  // A default given by path is not in the catalogue; it is offered by its file name.
  const options = defaultModel !== null && !installed.includes(defaultModel) ? [defaultModel, ...installed] : installed;
  const label = (value: string) => {
    const name = value.split(/[\\/]/).pop() ?? value;
    return value === defaultModel ? t.models.pickerDefault(name) : name;
  };
  return (
    <div className="field wide model-picker">
      <label className="field-label">
        <span>{t.record.model}</span>
        <select name="model-choice" value={choice.selected} onChange={(e) => choice.select(e.target.value)}>
          {options.length === 0 && <option value="">{t.common.none}</option>}
          {options.map((value) => (
            <option key={value} value={value}>
              {label(value)}
            </option>
          ))}
          <option value={FILE}>{t.models.pickerFile}</option>
        </select>
      </label>
      {choice.selected === FILE && (
        <input
          name="model"
          value={choice.path}
          placeholder={t.models.pickerFilePlaceholder}
          onChange={(e) => choice.setPath(e.target.value)}
        />
      )}
      {overview.default_model !== null && !overview.default_usable && (
        <small className="muted">{t.models.defaultMissing(overview.default_model)}</small>
      )}
      {choice.model === null && choice.selected !== FILE && (
        <div className="notice" role="status" data-testid="no-model">
          <span>{t.models.noModel}</span>{" "}
          <button type="button" className="button small primary" data-testid="open-models" onClick={onOpenModels}>
            {t.models.noModelAction}
          </button>
        </div>
      )}
    </div>
  );
}
