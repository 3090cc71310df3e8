import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import {
  commands,
  type Importance,
  type NewRelationship,
  type Relationship,
  type RelationshipStatus,
  type RelationshipType,
} from "../bindings.gen";
import { Status } from "../components/Status";
import { optional, parseTags } from "../format";
import { useT } from "../i18n";
import { IMPORTANCES, RELATIONSHIP_STATUSES, RELATIONSHIP_TYPES } from "../enums";
import { FormFooter } from "../components/FormFooter";
import { call } from "../ipc";
import { all, useRelationship } from "../queries";
import { RelationshipChecklist } from "./RelationshipChecklist";
import { DeleteRelationship } from "./DeleteButtons";
import { RelationshipFacts } from "./RelationshipFacts";
import { RelationshipFiles } from "./RelationshipFiles";
import { RelationshipHeader } from "./RelationshipHeader";
import { RelationshipTimeline } from "./RelationshipTimeline";

/** What the form edits, as the text the inputs hold. */
interface Draft {
  name: string;
  type: RelationshipType;
  status: RelationshipStatus;
  importance: Importance;
  industry: string;
  stage: string;
  tags: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  contactTitle: string;
  description: string;
  notes: string;
}

const EMPTY: Draft = {
  name: "",
  type: "deal",
  status: "active",
  importance: "medium",
  industry: "",
  stage: "",
  tags: "",
  contactName: "",
  contactEmail: "",
  contactPhone: "",
  contactTitle: "",
  description: "",
  notes: "",
};

function draftOf(r: Relationship): Draft {
  const c = r.primary_contact;
  return {
    name: r.name,
    type: r.type,
    status: r.status,
    importance: r.importance,
    industry: r.industry ?? "",
    stage: r.stage ?? "",
    tags: r.tags.join(", "),
    contactName: c?.name ?? "",
    contactEmail: c?.email ?? "",
    contactPhone: c?.phone ?? "",
    contactTitle: c?.title ?? "",
    description: r.description,
    notes: r.notes,
  };
}

/** The record to save: the form's fields over what the form does not show. */
function recordOf(d: Draft, existing: Relationship | null): NewRelationship {
  const contactGiven = [d.contactName, d.contactEmail, d.contactPhone, d.contactTitle].some(
    (v) => v.trim() !== "",
  );
  return {
    name: d.name.trim(),
    type: d.type,
    status: d.status,
    importance: d.importance,
    industry: optional(d.industry),
    stage: optional(d.stage),
    tags: parseTags(d.tags),
    primary_contact: contactGiven
      ? {
          name: d.contactName.trim(),
          email: optional(d.contactEmail),
          phone: optional(d.contactPhone),
          title: optional(d.contactTitle),
        }
      : null,
    description: d.description,
    notes: d.notes,
    team_members: existing?.team_members ?? [],
    first_contact_date: existing?.first_contact_date ?? null,
    next_meeting_at: existing?.next_meeting_at ?? null,
    custom_fields: existing?.custom_fields ?? {},
  };
}

interface Props {
  /** The relationship to edit, or `null` to create one. */
  id: number | null;
  onDone: () => void;
  onOpenMeeting: (id: number) => void;
  onStartMeeting: (relationship: Relationship) => void;
}

export function RelationshipEditor({ id, onDone, onOpenMeeting, onStartMeeting }: Props) {
  const query = useRelationship(id);
  // A new relationship opens on its form; an existing one on its header, the form behind Edit.
  const [editing, setEditing] = useState(id === null);
  return (
    <Status query={query}>
      {(existing) => (
        <>
          {existing === null || editing ? (
            <Form existing={existing} onDone={existing === null ? onDone : () => setEditing(false)} />
          ) : (
            <RelationshipHeader
              relationship={existing}
              onBack={onDone}
              onEdit={() => setEditing(true)}
              onStartMeeting={() => onStartMeeting(existing)}
            />
          )}
          {existing !== null && (
            <>
              <RelationshipTimeline relationshipId={existing.id} onOpenMeeting={onOpenMeeting} />
              <RelationshipFacts relationshipId={existing.id} onOpenMeeting={onOpenMeeting} />
              <RelationshipFiles relationshipId={existing.id} />
              <RelationshipChecklist relationshipId={existing.id} />
              <section className="page danger-zone">
                <DeleteRelationship relationshipId={existing.id} onDeleted={onDone} />
              </section>
            </>
          )}
        </>
      )}
    </Status>
  );
}

function Form({ existing, onDone }: { existing: Relationship | null; onDone: () => void }) {
  const t = useT();
  const f = t.relationships.fields;
  const [draft, setDraft] = useState<Draft>(existing === null ? EMPTY : draftOf(existing));
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (record: NewRelationship) =>
      call(existing === null ? commands.createRelationship(record) : commands.updateRelationship(existing.id, record)),
    onSuccess: async () => {
      // Lists, the filter, meetings (which show the name) and search all show it.
      await Promise.all(
        [all.relationships, all.relationship, all.meetings, all.meeting, all.search].map((queryKey) =>
          queryClient.invalidateQueries({ queryKey, refetchType: "none" }),
        ),
      );
      onDone();
    },
  });

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const text = (key: { [K in keyof Draft]: Draft[K] extends string ? K : never }[keyof Draft]) => ({
    name: key,
    value: draft[key],
    onChange: (e: { target: { value: string } }) => set(key, e.target.value),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate(recordOf(draft, existing));
  }

  return (
    <section className="page">
      <button type="button" className="button ghost back" onClick={onDone}>
        ← {t.common.back}
      </button>
      <header className="page-header">
        <h1>{existing === null ? t.relationships.add : t.relationships.edit}</h1>
      </header>
      <form className="form" data-testid="relationship-form" onSubmit={submit}>
        <fieldset>
          <legend>{t.relationships.sections.basics}</legend>
          <label className="field wide">
            <span>{f.name}</span>
            <input {...text("name")} required maxLength={200} autoFocus={existing === null} />
          </label>
          <label className="field">
            <span>{f.type}</span>
            <select name="type" value={draft.type} onChange={(e) => set("type", e.target.value as RelationshipType)}>
              {RELATIONSHIP_TYPES.map((v) => (
                <option key={v} value={v}>
                  {t.relationshipType[v]}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{f.status}</span>
            <select
              name="status"
              value={draft.status}
              onChange={(e) => set("status", e.target.value as RelationshipStatus)}
            >
              {RELATIONSHIP_STATUSES.map((v) => (
                <option key={v} value={v}>
                  {t.relationshipStatus[v]}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{f.importance}</span>
            <select
              name="importance"
              value={draft.importance}
              onChange={(e) => set("importance", e.target.value as Importance)}
            >
              {IMPORTANCES.map((v) => (
                <option key={v} value={v}>
                  {t.importance[v]}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{f.industry}</span>
            <input {...text("industry")} maxLength={200} />
          </label>
          <label className="field">
            <span>{f.stage}</span>
            <input {...text("stage")} maxLength={200} />
          </label>
          <label className="field wide">
            <span>
              {f.tags} <small className="muted">({f.tagsHint})</small>
            </span>
            <input {...text("tags")} />
          </label>
        </fieldset>
        <fieldset className="two-columns">
          <legend>{t.relationships.sections.contact}</legend>
          <label className="field">
            <span>{f.contactName}</span>
            <input {...text("contactName")} maxLength={200} />
          </label>
          <label className="field">
            <span>{f.contactTitle}</span>
            <input {...text("contactTitle")} maxLength={200} />
          </label>
          <label className="field">
            <span>{f.contactEmail}</span>
            <input {...text("contactEmail")} type="email" maxLength={254} />
          </label>
          <label className="field">
            <span>{f.contactPhone}</span>
            <input {...text("contactPhone")} type="tel" maxLength={50} />
          </label>
        </fieldset>
        <fieldset>
          <legend>{t.relationships.sections.details}</legend>
          <label className="field wide">
            <span>{f.description}</span>
            <textarea {...text("description")} rows={3} />
          </label>
          <label className="field wide">
            <span>{f.notes}</span>
            <textarea {...text("notes")} rows={5} />
          </label>
        </fieldset>
        <FormFooter
          error={save.isError ? save.error : null}
          errorTestId="form-error"
          onCancel={onDone}
          label={t.common.save}
          busyLabel={t.common.saving}
          busy={save.isPending || save.isSuccess}
          testId="save-relationship"
        />
      </form>
    </section>
  );
}
