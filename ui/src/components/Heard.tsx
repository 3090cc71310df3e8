// The offline copilot during a meeting: the checklist with what is covered, and the
// figures and terms just heard (a figure with its benchmark band, a term with its
// definition in the UI's language). All of it is text from the transcript or the
// glossary, rendered as text.

import type { Band, ChecklistProgress, Heard } from "../bindings.gen";
import { useLocale, useT } from "../i18n";

export function ChecklistCard({ items }: { items: ChecklistProgress[] }) {
  const t = useT();
  if (items.length === 0) return null;
  const covered = items.filter((i) => i.covered_by !== null).length;
  return (
    <>
      <h2 className="section-title">{t.copilot.checklist(covered, items.length)}</h2>
      <ul className="checklist" data-testid="checklist">
        {items.map((item) => (
          <li key={item.item_id} className={item.covered_by !== null ? "covered" : undefined}>
            <span aria-hidden="true">{item.covered_by !== null ? "✓" : "○"}</span> {item.text}
          </li>
        ))}
      </ul>
    </>
  );
}

export function HeardList({ heard }: { heard: Heard[] }) {
  const t = useT();
  const locale = useLocale();
  if (heard.length === 0) return null;
  const format = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  // Rust sends a value that is not a finite number as null.
  const number = { format: (v: number | null) => (v === null ? "–" : format.format(v)) };
  return (
    <>
      <h2 className="section-title">{t.copilot.heard}</h2>
      <ul className="followups heard" data-testid="heard">
        {heard.map((h, i) => (
          <li key={`${h.kind}-${h.segment_id}-${i}`} className="followup">
            {h.kind === "figure" && (
              <>
                <p className="followup-text">“{h.quote}”</p>
                <p className="followup-reason">
                  {h.key}: {number.format(h.value)}
                  {h.unit !== null && ` ${h.unit}`}
                </p>
              </>
            )}
            {h.kind === "benchmark" && (
              <p className="followup-reason">
                {t.copilot.band(h.metric, bandLabel(h.band), `${h.industry} ${h.stage}`)} (p25{" "}
                {number.format(h.p25)} · p50 {number.format(h.p50)} · p75 {number.format(h.p75)} {h.unit})
              </p>
            )}
            {h.kind === "term" && (
              <>
                <p className="followup-text">{h.term}</p>
                <p className="followup-reason">{locale === "ko" ? h.definition_ko : h.definition_en}</p>
              </>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

function bandLabel(band: Band): string {
  switch (band) {
    case "below_p25":
      return "< p25";
    case "p25_to_p50":
      return "p25–p50";
    case "p50_to_p75":
      return "p50–p75";
    case "above_p75":
      return "> p75";
  }
}
