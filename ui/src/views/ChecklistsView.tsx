// The user's checklists and glossary: a meeting type's checklist, picked by type and
// edited in place, and the glossary table. What is saved here is what the next live
// meeting and the next analysis listen for.

import { useState } from "react";
import { commands, type MeetingType } from "../bindings.gen";
import { ChecklistEditor } from "../components/ChecklistEditor";
import { GlossaryTable } from "../components/GlossaryTable";
import { Status } from "../components/Status";
import { useT } from "../i18n";
import { MeetingTypeOptions } from "../components/MeetingTypeOptions";
import { call } from "../ipc";
import { useChecklist } from "../queries";

export function ChecklistsView() {
  const t = useT();
  const [type, setType] = useState<MeetingType>("investment_screening");
  const query = useChecklist(type);
  return (
    <section className="page checklists-page" data-testid="checklists-page">
      <header className="page-header">
        <h1>{t.checklists.title}</h1>
        <p className="muted">{t.checklists.intro}</p>
      </header>
      <section className="checklist-section">
        <div className="row checklist-head">
          <h2 className="section-title">{t.checklists.typeChecklist}</h2>
          <label className="field inline">
            <span>{t.checklists.meetingType}</span>
            <select
              name="checklist-type"
              data-testid="checklist-type"
              value={type}
              onChange={(e) => setType(e.target.value as MeetingType)}
            >
              <MeetingTypeOptions />
            </select>
          </label>
        </div>
        <Status query={query}>
          {(checklist) =>
            checklist === null ? (
              <p className="hint">{t.checklists.empty}</p>
            ) : (
              <>
                {checklist.builtin && <p className="muted small">{t.checklists.builtin}</p>}
                <ChecklistEditor
                  key={checklist.id}
                  checklist={checklist}
                  onAdd={(item) => call(commands.addChecklistItem(checklist.id, item))}
                />
              </>
            )
          }
        </Status>
      </section>
      <GlossaryTable />
    </section>
  );
}
