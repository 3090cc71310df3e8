// A meeting corrected after the fact: title, type, who it was with and who was in it.
// The facts heard in it follow its relationship (the store moves them).

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { commands, type Meeting, type MeetingType, type NewParticipant, type Participant } from "../bindings.gen";
import { FormFooter } from "../components/FormFooter";
import { ParticipantsField, cleanParticipants } from "../components/ParticipantsField";
import { RelationshipPicker, useResolveRelationship, type RelationshipChoice } from "../components/RelationshipPicker";
import { useT } from "../i18n";
import { MeetingTypeOptions } from "../components/MeetingTypeOptions";
import { call } from "../ipc";
import { all } from "../queries";

interface Props {
  meeting: Meeting;
  participants: Participant[];
  onDone: () => void;
}

export function MeetingEditForm({ meeting, participants, onDone }: Props) {
  const t = useT();
  const queryClient = useQueryClient();
  const resolve = useResolveRelationship();
  const [title, setTitle] = useState(meeting.title);
  const [type, setType] = useState<MeetingType>(meeting.type);
  const [relationship, setRelationship] = useState<RelationshipChoice>(
    meeting.relationship_id === null
      ? { mode: "none" }
      : { mode: "existing", id: meeting.relationship_id, name: meeting.relationship_name ?? "" },
  );
  const [people, setPeople] = useState<NewParticipant[]>(
    participants.map((p) => ({ name: p.name, email: p.email, role: p.role })),
  );
  const save = useMutation({
    mutationFn: async () => {
      const relationshipId = await resolve(relationship);
      if (relationship.mode === "new" && relationshipId !== null) {
        setRelationship({ mode: "existing", id: relationshipId, name: relationship.name.trim() });
      }
      return call(
        commands.editMeeting(meeting.id, {
          title: title.trim(),
          type,
          relationship_id: relationshipId,
          participants: cleanParticipants(people),
        }),
      );
    },
    onSuccess: async () => {
      // The meeting shows everywhere: lists, relationships' timelines and figures, search.
      await Promise.all(
        [
          all.meetings,
          all.meeting,
          all.relationships,
          all.relationship,
          all.relationshipData,
          all.insights,
          all.participants,
          all.search,
        ].map(
          (queryKey) => queryClient.invalidateQueries({ queryKey }),
        ),
      );
      onDone();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form className="form meeting-edit" data-testid="meeting-edit" onSubmit={submit}>
      <fieldset>
        <legend>{t.meetingEdit.title}</legend>
        <label className="field wide">
          <span>{t.record.meetingTitle}</span>
          <input name="edit-title" value={title} required maxLength={300} onChange={(e) => setTitle(e.target.value)} />
        </label>
        <label className="field">
          <span>{t.record.type}</span>
          <select name="edit-type" value={type} onChange={(e) => setType(e.target.value as MeetingType)}>
            <MeetingTypeOptions />
          </select>
        </label>
        <RelationshipPicker name="edit" value={relationship} onChange={setRelationship} />
        <ParticipantsField name="edit" value={people} onChange={setPeople} />
        <p className="hint field wide">{t.meetingEdit.factsFollow}</p>
      </fieldset>
      <FormFooter
        error={save.isError ? save.error : null}
        errorTestId="meeting-edit-error"
        onCancel={onDone}
        label={t.common.save}
        busyLabel={t.common.saving}
        busy={save.isPending}
        testId="save-meeting"
      />
    </form>
  );
}
