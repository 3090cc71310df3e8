// Taking a meeting out: a format, what goes in, then the system's save dialog. The file
// is written whole or not at all, and the audit log notes it.

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { commands, type ExportFormat, type Part } from "../bindings.gen";
import { EXPORT_FORMATS, EXPORT_PARTS } from "../enums";
import { ErrorText } from "../errors";
import { useT } from "../i18n";
import { call } from "../ipc";

export function ExportPanel({ meetingId }: { meetingId: number }) {
  const t = useT();
  const [format, setFormat] = useState<ExportFormat>("docx");
  const [parts, setParts] = useState<Part[]>([...EXPORT_PARTS]);
  const subtitles = format === "srt" || format === "vtt";
  // Subtitles hold the transcript and nothing else.
  const chosen: Part[] = subtitles ? ["transcript"] : parts;
  const exportFile = useMutation({
    mutationFn: () => call(commands.exportMeeting(meetingId, format, chosen)),
  });
  const toggle = (part: Part, on: boolean) =>
    setParts((now) => (on ? EXPORT_PARTS.filter((p) => p === part || now.includes(p)) : now.filter((p) => p !== part)));

  return (
    <details className="export-panel" data-testid="export">
      <summary>{t.exports.title}</summary>
      <div className="form inline">
        <label className="field">
          <span>{t.exports.format}</span>
          <select name="export-format" value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)}>
            {EXPORT_FORMATS.map((f) => (
              <option key={f} value={f}>
                {t.exports.formats[f]}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="field wide export-parts" disabled={subtitles}>
          <legend>{t.exports.parts}</legend>
          {EXPORT_PARTS.map((part) => (
            <label key={part} className="switch">
              <input
                type="checkbox"
                name={`export-part-${part}`}
                checked={chosen.includes(part)}
                onChange={(e) => toggle(part, e.target.checked)}
              />
              {t.exports.partNames[part]}
            </label>
          ))}
          {subtitles && <small className="muted">{t.exports.subtitlesOnly}</small>}
        </fieldset>
        <div className="form-actions">
          <button
            type="button"
            className="button primary"
            data-testid="export-start"
            disabled={exportFile.isPending || chosen.length === 0}
            onClick={() => exportFile.mutate()}
          >
            {exportFile.isPending ? t.exports.saving : t.exports.start}
          </button>
        </div>
      </div>
      {exportFile.isSuccess && exportFile.data !== null && (
        <p className="notice" role="status" data-testid="export-done">
          {t.exports.done(exportFile.data.path)}
        </p>
      )}
      {exportFile.isError && (
        <div className="notice error" role="alert">
          <ErrorText error={exportFile.error} />
        </div>
      )}
    </details>
  );
}
