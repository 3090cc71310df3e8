// Who is in a meeting: a name and an optional email per person. The user ("me", the
// profile's name) is the host; everyone added is a guest.

import type { NewParticipant } from "../bindings.gen";
import { useT } from "../i18n";

interface Props {
  name: string;
  value: NewParticipant[];
  onChange: (participants: NewParticipant[]) => void;
}

/** The rows worth saving: blank names dropped, blank emails as none. */
export function cleanParticipants(rows: NewParticipant[]): NewParticipant[] {
  return rows
    .filter((p) => p.name.trim() !== "")
    .map((p) => ({ ...p, name: p.name.trim(), email: p.email?.trim() ? p.email.trim() : null }));
}

/**
 * The participants with the user first, as host, under the profile's name (a row to
 * fill in when the profile has none; left blank, it is not saved).
 */
export function withMe(me: string, rows: NewParticipant[]): NewParticipant[] {
  if (rows.some((p) => p.role === "host")) return rows;
  return [{ name: me.trim(), email: null, role: "host" }, ...rows];
}

export function ParticipantsField({ name, value, onChange }: Props) {
  const t = useT();
  const set = (i: number, patch: Partial<NewParticipant>) =>
    onChange(value.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  return (
    <fieldset className="participants field wide" data-testid={`${name}-participants`}>
      <legend>{t.pick.participants}</legend>
      {value.map((p, i) => (
        <div className="picker-row participant" key={i}>
          <input
            name={`${name}-participant-name`}
            value={p.name}
            maxLength={200}
            placeholder={p.role === "host" ? t.pick.me : t.pick.participantName}
            aria-label={t.pick.participantName}
            onChange={(e) => set(i, { name: e.target.value })}
          />
          <input
            name={`${name}-participant-email`}
            type="email"
            value={p.email ?? ""}
            maxLength={254}
            placeholder={t.pick.participantEmail}
            aria-label={t.pick.participantEmail}
            onChange={(e) => set(i, { email: e.target.value })}
          />
          {p.role === "host" ? (
            <span className="badge">{t.pick.me}</span>
          ) : (
            <button
              type="button"
              className="button ghost small"
              aria-label={t.pick.remove}
              onClick={() => onChange(value.filter((_, j) => j !== i))}
            >
              ×
            </button>
          )}
        </div>
      ))}
      <div>
        <button
          type="button"
          className="button small"
          data-testid={`${name}-add-participant`}
          onClick={() => onChange([...value, { name: "", email: null, role: "guest" }])}
        >
          + {t.pick.addParticipant}
        </button>
      </div>
    </fieldset>
  );
}
