// Who a meeting is with: none, one of the relationships (found by typing part of the
// name), or a new one made on the spot from a name and a type. The new one is created
// only when the form is submitted (`useResolveRelationship`).

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { commands, type RelationshipType } from "../bindings.gen";
import { RELATIONSHIP_TYPES } from "../enums";
import { useT } from "../i18n";
import { call } from "../ipc";
import { all, useRelationshipSearch } from "../queries";

export type RelationshipChoice =
  | { mode: "none" }
  | { mode: "existing"; id: number; name: string }
  | { mode: "new"; name: string; type: RelationshipType };

export const NO_RELATIONSHIP: RelationshipChoice = { mode: "none" };

/**
 * The choice's relationship id, creating the new one first; `null` for none. A
 * relationship made here refreshes every relationship list and search, so the picker
 * and the Relationships page show it at once.
 */
export function useResolveRelationship(): (choice: RelationshipChoice) => Promise<number | null> {
  const queryClient = useQueryClient();
  return async (choice) => {
    const id = await resolveRelationship(choice);
    if (choice.mode === "new") await queryClient.invalidateQueries({ queryKey: all.relationships });
    return id;
  };
}

async function resolveRelationship(choice: RelationshipChoice): Promise<number | null> {
  switch (choice.mode) {
    case "none":
      return null;
    case "existing":
      return choice.id;
    case "new": {
      const created = await call(
        commands.createRelationship({
          name: choice.name.trim(),
          type: choice.type,
          status: "active",
          industry: null,
          stage: null,
          tags: [],
          primary_contact: null,
          team_members: [],
          first_contact_date: null,
          next_meeting_at: null,
          description: "",
          notes: "",
          custom_fields: {},
          importance: "medium",
        }),
      );
      return created.id;
    }
  }
}

interface Props {
  /** Prefix of the inputs' names, for tests and labels. */
  name: string;
  value: RelationshipChoice;
  onChange: (choice: RelationshipChoice) => void;
}

const NEW = "new";
const NONE = "";

export function RelationshipPicker({ name, value, onChange }: Props) {
  const t = useT();
  const [search, setSearch] = useState("");
  const found = useRelationshipSearch(search).data?.items ?? [];
  // The chosen one stays listed whatever the search says.
  const options =
    value.mode === "existing" && !found.some((r) => r.id === value.id)
      ? [{ id: value.id, name: value.name }, ...found]
      : found;
  const selected = value.mode === "existing" ? String(value.id) : value.mode === "new" ? NEW : NONE;
  const pick = (v: string) => {
    if (v === NONE) onChange(NO_RELATIONSHIP);
    else if (v === NEW) onChange({ mode: "new", name: search.trim(), type: "deal" });
    else {
      const r = options.find((o) => String(o.id) === v);
      if (r !== undefined) onChange({ mode: "existing", id: r.id, name: r.name });
    }
  };
  return (
    <div className="relationship-picker field wide" data-testid={`${name}-relationship`}>
      <span>{t.pick.relationship}</span>
      <div className="picker-row">
        <input
          type="search"
          name={`${name}-relationship-search`}
          value={search}
          placeholder={t.pick.search}
          aria-label={t.pick.search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <select
          name={`${name}-relationship`}
          aria-label={t.pick.relationship}
          value={selected}
          onChange={(e) => pick(e.target.value)}
        >
          <option value={NONE}>{t.pick.noRelationship}</option>
          {options.map((r) => (
            <option key={r.id} value={String(r.id)}>
              {r.name}
            </option>
          ))}
          <option value={NEW}>{t.pick.newRelationship}</option>
        </select>
      </div>
      {value.mode === "new" && (
        <div className="picker-row">
          <input
            name={`${name}-relationship-name`}
            value={value.name}
            required
            maxLength={200}
            placeholder={t.pick.newName}
            aria-label={t.pick.newName}
            onChange={(e) => onChange({ ...value, name: e.target.value })}
          />
          <select
            name={`${name}-relationship-type`}
            aria-label={t.pick.newType}
            value={value.type}
            onChange={(e) => onChange({ ...value, type: e.target.value as RelationshipType })}
          >
            {RELATIONSHIP_TYPES.map((v) => (
              <option key={v} value={v}>
                {t.relationshipType[v]}
              </option>
            ))}
          </select>
        </div>
      )}
    </div>
  );
}
