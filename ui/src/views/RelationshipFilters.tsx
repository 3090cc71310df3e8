// The relationships list's filters and order. Every change goes to the route, so the
// list comes back as it was left when the user returns from a relationship's page.

import type {
  Importance,
  RelationshipFilter,
  RelationshipSort,
  RelationshipStatus,
  RelationshipType,
} from "../bindings.gen";
import { IMPORTANCES, RELATIONSHIP_SORTS, RELATIONSHIP_STATUSES, RELATIONSHIP_TYPES } from "../enums";
import { useT } from "../i18n";
import { ALL_RELATIONSHIPS, useRelationshipChoices } from "../queries";

/** Whether `filter` leaves any relationship out (the order does not). */
export function isFiltered(filter: RelationshipFilter): boolean {
  return (
    filter.type !== null ||
    filter.status !== null ||
    filter.importance !== null ||
    filter.stage !== null ||
    filter.tag !== null ||
    filter.name_contains !== null
  );
}

interface Props {
  filter: RelationshipFilter;
  onFilter: (filter: RelationshipFilter) => void;
}

export function RelationshipFilters({ filter, onFilter }: Props) {
  const t = useT();
  const w = t.relationships.list;
  const choices = useRelationshipChoices();
  const set = (patch: Partial<RelationshipFilter>) => onFilter({ ...filter, ...patch });
  // A stage or tag chosen before it stopped being used stays selectable.
  const stages = withChosen(choices.data?.stages ?? [], filter.stage);
  const tags = withChosen(choices.data?.tags ?? [], filter.tag);

  return (
    <div className="list-filters" role="group" aria-label={w.filters} data-testid="relationship-filters">
      <FilterSelect
        name="type"
        label={t.relationships.columns.type}
        any={w.anyType}
        value={filter.type}
        options={RELATIONSHIP_TYPES.map((v) => [v, t.relationshipType[v]])}
        onChange={(v) => set({ type: v as RelationshipType | null })}
      />
      <FilterSelect
        name="status"
        label={t.relationships.columns.status}
        any={w.anyStatus}
        value={filter.status}
        options={RELATIONSHIP_STATUSES.map((v) => [v, t.relationshipStatus[v]])}
        onChange={(v) => set({ status: v as RelationshipStatus | null })}
      />
      <FilterSelect
        name="importance"
        label={t.relationships.columns.importance}
        any={w.anyImportance}
        value={filter.importance}
        options={IMPORTANCES.map((v) => [v, t.importance[v]])}
        onChange={(v) => set({ importance: v as Importance | null })}
      />
      <FilterSelect
        name="stage"
        label={t.relationships.fields.stage}
        any={w.anyStage}
        value={filter.stage}
        options={stages.map((v) => [v, v])}
        onChange={(stage) => set({ stage })}
      />
      <FilterSelect
        name="tag"
        label={t.relationships.fields.tags}
        any={w.anyTag}
        value={filter.tag}
        options={tags.map((v) => [v, `#${v}`])}
        onChange={(tag) => set({ tag })}
      />
      <label className="list-sort">
        <span>{w.sort}</span>
        <select name="sort" value={filter.sort} onChange={(e) => set({ sort: e.target.value as RelationshipSort })}>
          {RELATIONSHIP_SORTS.map((v) => (
            <option key={v} value={v}>
              {w.sorts[v]}
            </option>
          ))}
        </select>
      </label>
      {isFiltered(filter) && (
        <button
          type="button"
          className="button link"
          data-testid="clear-filters"
          onClick={() => onFilter({ ...ALL_RELATIONSHIPS, sort: filter.sort })}
        >
          {w.clear}
        </button>
      )}
    </div>
  );
}

interface FilterSelectProps {
  name: string;
  label: string;
  /** The first option, which filters nothing. */
  any: string;
  value: string | null;
  /** Each option's value and what it shows. */
  options: [string, string][];
  onChange: (value: string | null) => void;
}

/** One filter: a value to keep, or the "any" option (`null`). */
function FilterSelect({ name, label, any, value, options, onChange }: FilterSelectProps) {
  return (
    <select
      aria-label={label}
      name={name}
      value={value ?? ""}
      onChange={(e) => onChange(e.target.value === "" ? null : e.target.value)}
    >
      <option value="">{any}</option>
      {options.map(([v, shown]) => (
        <option key={v} value={v}>
          {shown}
        </option>
      ))}
    </select>
  );
}

function withChosen(values: string[], chosen: string | null): string[] {
  return chosen === null || values.includes(chosen) ? values : [...values, chosen];
}
