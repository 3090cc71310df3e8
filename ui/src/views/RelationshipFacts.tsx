// A relationship's figures: one card per metric with its values over time (a small
// chart once there are two dates), where each came from (the meeting it was heard in,
// linked) and how far it can be trusted, which the user changes or removes. Every value
// is text from a meeting or typed in, rendered as text.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { commands, type Confidence, type FactBand, type Locale, type RelationshipData } from "../bindings.gen";
import { Empty, Status } from "../components/Status";
import { CONFIDENCES } from "../enums";
import { FactCorrection } from "./FactCorrection";
import { ErrorText } from "../errors";
import { formatDate, formatFigure } from "../format";
import { useLocale, useT } from "../i18n";
import { call } from "../ipc";
import { keys, useFactBands, useRelationshipData } from "../queries";

interface Props {
  relationshipId: number;
  onOpenMeeting: (id: number) => void;
}

export function RelationshipFacts({ relationshipId, onOpenMeeting }: Props) {
  const t = useT();
  const query = useRelationshipData(relationshipId);
  const bands = useFactBands(relationshipId).data ?? [];
  return (
    <section className="page relationship-facts" data-testid="relationship-facts">
      <h2 className="section-title">{t.facts.title}</h2>
      <Status query={query}>
        {(data) =>
          data.items.length === 0 ? (
            <Empty title={t.facts.empty} hint={t.facts.emptyHint} />
          ) : (
            <>
              <p className="muted">{t.facts.confidenceHint}</p>
              {byMetric(data.items).map(([key, rows]) => (
                <MetricCard
                  key={key}
                  metric={key}
                  rows={rows}
                  band={usableBand(bands.find((b) => b.key === key))}
                  relationshipId={relationshipId}
                  onOpenMeeting={onOpenMeeting}
                />
              ))}
            </>
          )
        }
      </Status>
    </section>
  );
}

/** A benchmark band with its three numbers (Rust sends a number that is not finite as null). */
type Band = Omit<FactBand, "p25" | "p50" | "p75"> & { p25: number; p50: number; p75: number };

function usableBand(band: FactBand | undefined): Band | null {
  if (band === undefined || band.p25 === null || band.p50 === null || band.p75 === null) return null;
  return { ...band, p25: band.p25, p50: band.p50, p75: band.p75 };
}

/** Rows grouped by metric, in the order the store sent them (by category, then key). */
function byMetric(rows: RelationshipData[]): [string, RelationshipData[]][] {
  const groups = new Map<string, RelationshipData[]>();
  for (const row of rows) {
    const group = groups.get(row.key);
    if (group === undefined) groups.set(row.key, [row]);
    else group.push(row);
  }
  return [...groups];
}

function MetricCard(props: {
  metric: string;
  rows: RelationshipData[];
  band: Band | null;
  relationshipId: number;
  onOpenMeeting: (id: number) => void;
}) {
  const t = useT();
  const label = t.facts.metrics[props.metric] ?? props.metric;
  return (
    <article className="fact-card" data-testid="fact-metric" data-metric={props.metric}>
      <header className="fact-card-header">
        <h3>{label}</h3>
        <Trend label={label} rows={props.rows} band={props.band} />
      </header>
      {props.band !== null && <BandNote band={props.band} />}
      <table className="table facts-table">
        <thead>
          <tr>
            <th>{t.facts.columns.value}</th>
            <th>{t.facts.columns.date}</th>
            <th>{t.facts.columns.source}</th>
            <th>{t.facts.columns.confidence}</th>
            <th aria-label={t.facts.remove} />
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <FactRow key={row.id} row={row} relationshipId={props.relationshipId} onOpenMeeting={props.onOpenMeeting} />
          ))}
        </tbody>
      </table>
    </article>
  );
}

function FactRow(props: { row: RelationshipData; relationshipId: number; onOpenMeeting: (id: number) => void }) {
  const { row } = props;
  const t = useT();
  const locale = useLocale();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.relationshipData(props.relationshipId) });
  const confidence = useMutation({
    mutationFn: (next: Confidence) => call(commands.setRelationshipDataConfidence(row.id, next)),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: () => call(commands.deleteRelationshipData(row.id)),
    onSuccess: refresh,
  });
  const date = formatDate(row.recorded_at ?? "", locale);
  return (
    <tr data-testid="fact" data-fact-id={row.id}>
      <td className="strong" data-testid="fact-value">
        {valueText(row, locale)}
      </td>
      <td>{date}</td>
      <td>
        {row.meeting_id !== null ? (
          <button
            type="button"
            className="button link"
            data-testid="fact-source"
            onClick={() => props.onOpenMeeting(row.meeting_id ?? 0)}
          >
            {t.facts.heardIn(date, momentOf(row.source))}
          </button>
        ) : (
          row.source
        )}
      </td>
      <td>
        <select
          aria-label={t.facts.columns.confidence}
          data-testid="fact-confidence"
          className={`confidence confidence-${row.confidence}`}
          value={row.confidence}
          disabled={confidence.isPending}
          onChange={(e) => confidence.mutate(e.target.value as Confidence)}
        >
          {CONFIDENCES.map((c) => (
            <option key={c} value={c}>
              {t.facts.confidence[c]}
            </option>
          ))}
        </select>
        {confidence.isError && <ErrorText error={confidence.error} />}
      </td>
      <td className="fact-actions">
        {confirming ? (
          <span className="row">
            <span>{t.facts.removeConfirm}</span>
            <button
              type="button"
              className="button primary small"
              data-testid="fact-remove-confirm"
              disabled={remove.isPending}
              onClick={() => remove.mutate()}
            >
              {t.facts.remove}
            </button>
            <button type="button" className="button ghost small" onClick={() => setConfirming(false)}>
              {t.facts.keep}
            </button>
          </span>
        ) : (
          <span className="row">
            <FactCorrection row={row} onSaved={refresh} />
            <button type="button" className="button ghost small" data-testid="fact-remove" onClick={() => setConfirming(true)}>
              {t.facts.remove}
            </button>
          </span>
        )}
        {remove.isError && <ErrorText error={remove.error} />}
      </td>
    </tr>
  );
}

export function valueText(row: RelationshipData, locale: Locale): string {
  switch (row.value.kind) {
    case "number":
      // Rust sends a number that is not finite as null; the store never keeps one.
      return row.value.value === null ? "–" : formatFigure(row.value.value, row.unit, locale);
    case "date":
      return formatDate(row.value.value, locale);
    case "text":
      return row.value.value;
    case "json":
      return JSON.stringify(row.value.value);
  }
}

/** "12:34" from the source the figure spotter writes ("meeting 2026-11-02 at 12:34"). */
function momentOf(source: string): string | null {
  return /\bat (\d{1,2}:\d{2}(?::\d{2})?)$/.exec(source)?.[1] ?? null;
}

/** "Peers (saas, series_a): p25 $1,000,000 · p50 … · p75 …", with where it comes from. */
function BandNote({ band }: { band: Band }) {
  const t = useT();
  const locale = useLocale();
  const value = (v: number) => formatFigure(v, band.unit, locale);
  return (
    <p className="muted small band-note" data-testid="fact-band" title={band.source}>
      {t.facts.band(`${band.industry} · ${band.stage}`, value(band.p25), value(band.p50), value(band.p75))}
    </p>
  );
}

const CHART = { width: 220, height: 48, pad: 4 };

/**
 * The metric's numbers over time, oldest on the left, as a line with a dot per date (the
 * latest value of a date when several were heard that day), over the peers' p25–p75 band
 * and their median when known. Nothing below two dates.
 */
function Trend({ label, rows, band }: { label: string; rows: RelationshipData[]; band: Band | null }) {
  const t = useT();
  const byDate = new Map<string, number>();
  // One unit per chart: the band's, else the newest fact's (dollars and won never share).
  const unit = band?.unit ?? rows[0]?.unit ?? null;
  // Rows come newest first: the first value seen for a date is its latest.
  for (const row of rows) {
    if (row.unit !== unit) continue;
    if (row.value.kind !== "number" || row.value.value === null || row.recorded_at === null) continue;
    if (!byDate.has(row.recorded_at)) byDate.set(row.recorded_at, row.value.value);
  }
  const points = [...byDate].sort(([a], [b]) => a.localeCompare(b));
  if (points.length < 2) return null;
  // Only the facts in the band's unit are drawn against it.
  const values = [...points.map(([, v]) => v), ...(band === null ? [] : [band.p25, band.p75])];
  const low = Math.min(...values);
  const span = Math.max(...values) - low || 1;
  const x = (i: number) => CHART.pad + (i * (CHART.width - 2 * CHART.pad)) / (points.length - 1);
  const y = (v: number) => CHART.height - CHART.pad - ((v - low) / span) * (CHART.height - 2 * CHART.pad);
  const line = points.map(([, v], i) => `${i === 0 ? "M" : "L"}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
  return (
    <svg
      className="trend"
      data-testid="fact-trend"
      role="img"
      aria-label={t.facts.trend(label, points.length)}
      viewBox={`0 0 ${CHART.width} ${CHART.height}`}
      width={CHART.width}
      height={CHART.height}
    >
      {band !== null && (
        <>
          <rect
            className="trend-band"
            data-testid="fact-trend-band"
            x={0}
            width={CHART.width}
            y={y(band.p75)}
            height={Math.max(1, y(band.p25) - y(band.p75))}
          />
          <line className="trend-median" x1={0} x2={CHART.width} y1={y(band.p50)} y2={y(band.p50)} />
        </>
      )}
      <path d={line} />
      {points.map(([date, v], i) => (
        <circle key={date} cx={x(i)} cy={y(v)} r={3}>
          <title>{`${date}: ${v}`}</title>
        </circle>
      ))}
    </svg>
  );
}
