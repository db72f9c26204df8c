/** Incidents (issue 10): persisted per identity in `incidents.json`; closing one writes its timeline as markdown. */
import { z } from 'zod';
import type { IncidentView } from '../../shared/contract/channels';
import { incidentSchemaWith } from '../../shared/contract/schemas';

export const DEFAULT_UPDATE_EVERY_MINUTES = 30;

const incidentSchema = incidentSchemaWith(z.string());

export const incidentsDocSchema = z.object({ incidents: z.array(incidentSchema) });
export type IncidentsDoc = z.infer<typeof incidentsDocSchema>;

export function incidentsDocSpec(dir: string) {
  return {
    file: `${dir}/incidents.json`,
    schemaVersion: 1,
    schema: incidentsDocSchema,
    defaults: (): IncidentsDoc => ({ incidents: [] }),
  };
}

/** The timeline as markdown, oldest first, for the postmortem. */
export function timelineMarkdown(incident: IncidentView): string {
  const lines = [
    `# ${incident.severity} ${incident.title}`.trim(),
    '',
    `- Service: ${incident.service}`,
    `- Space: ${incident.roomTitle}`,
    `- Opened: ${incident.openedAt} by ${incident.openedBy}`,
  ];
  if (incident.closedAt) lines.push(`- Closed: ${incident.closedAt}`);
  lines.push('', '## Timeline', '');
  const entries = [...incident.timeline].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  for (const e of entries) {
    const first = e.markdown.split('\n').find((l) => l.trim() !== '') ?? '';
    lines.push(`- ${e.at} — ${e.roomTitle} (${e.runbookId}): ${first.trim()}`);
  }
  if (entries.length === 0) lines.push('- (nothing was posted)');
  return `${lines.join('\n')}\n`;
}
