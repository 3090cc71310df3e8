// A relationship's own checklist on its page (a due-diligence list for one deal): the
// same editor as a meeting type's; the checklist is made with its first item.

import { commands } from "../bindings.gen";
import { ChecklistEditor } from "../components/ChecklistEditor";
import { Status } from "../components/Status";
import { useT } from "../i18n";
import { call } from "../ipc";
import { useRelationshipChecklist } from "../queries";

export function RelationshipChecklist({ relationshipId }: { relationshipId: number }) {
  const t = useT().checklists;
  const query = useRelationshipChecklist(relationshipId);
  return (
    <section className="page relationship-checklist" data-testid="relationship-checklist">
      <h2 className="section-title">{t.relationshipTitle}</h2>
      <p className="muted small">{t.relationshipHint}</p>
      <Status query={query}>
        {(checklist) => (
          <ChecklistEditor
            checklist={checklist}
            onAdd={(item) => call(commands.addRelationshipChecklistItem(relationshipId, item))}
          />
        )}
      </Status>
    </section>
  );
}
