// Deleting one meeting (its page) or one relationship (its page): what goes is counted
// by the store when asked, and after the delete every cached read is marked stale and
// the window leaves the page, which no longer exists.

import { useQueryClient } from "@tanstack/react-query";
import { commands } from "../bindings.gen";
import { ConfirmDelete } from "../components/ConfirmDelete";
import { formatBytes } from "../format";
import { useT } from "../i18n";
import { call } from "../ipc";
import { keys } from "../queries";

/** Marks every read stale without reading again now (the page being left would read
 * what is gone), then leaves; the next page reads afresh. */
function useLeaveAfterDelete(leave: () => void) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ refetchType: "none" }).then(leave);
  };
}

export function DeleteMeeting({ meetingId, onDeleted }: { meetingId: number; onDeleted: () => void }) {
  const d = useT().data;
  const leave = useLeaveAfterDelete(onDeleted);
  return (
    <ConfirmDelete
      testId="delete-meeting"
      label={d.meetingButton}
      question={d.meetingQuestion}
      countKey={keys.meetingFootprint(meetingId)}
      count={() => call(commands.meetingFootprint(meetingId))}
      describe={(footprint) => d.meeting(footprint, formatBytes(footprint.recording_bytes))}
      onDelete={() => call(commands.deleteMeeting(meetingId))}
      onDeleted={leave}
    />
  );
}

export function DeleteRelationship({ relationshipId, onDeleted }: { relationshipId: number; onDeleted: () => void }) {
  const d = useT().data;
  const leave = useLeaveAfterDelete(onDeleted);
  return (
    <ConfirmDelete
      testId="delete-relationship"
      label={d.relationshipButton}
      question={d.relationshipQuestion}
      countKey={keys.relationshipFootprint(relationshipId)}
      count={() => call(commands.relationshipFootprint(relationshipId))}
      describe={(footprint) => d.relationship(footprint, formatBytes(footprint.file_bytes))}
      onDelete={() => call(commands.deleteRelationship(relationshipId))}
      onDeleted={leave}
    />
  );
}
