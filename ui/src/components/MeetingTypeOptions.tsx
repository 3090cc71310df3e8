// The meeting types as a select's options, in the user's language: the record form,
// the import form, a meeting's edit form and the checklists page all offer them.

import { MEETING_TYPES } from "../enums";
import { useT } from "../i18n";

export function MeetingTypeOptions() {
  const t = useT();
  return (
    <>
      {MEETING_TYPES.map((v) => (
        <option key={v} value={v}>
          {t.meetingType[v]}
        </option>
      ))}
    </>
  );
}
