import type { IncidentView } from '../../../../shared/contract/channels';
import { formatIn } from '../../time';
import { useNow } from '../../useNow';

/** Open incidents with "next update due in …", and closed ones with their timeline for the postmortem. */
export function Incidents({ incidents }: { incidents: readonly IncidentView[] }) {
  const now = useNow(10_000);
  if (incidents.length === 0) return null;
  const open = incidents.filter((i) => !i.closedAt);
  const closed = incidents.filter((i) => i.closedAt).slice(-3);
  return (
    <section className="incidents" aria-label="Incidents">
      <h3 className="panel-subtitle">Incidents</h3>
      <ul>
        {open.map((i) => {
          const due = i.nextUpdateDue ? Date.parse(i.nextUpdateDue) - now : undefined;
          return (
            <li key={i.id} data-open="true">
              <strong>
                {i.severity} {i.title}
              </strong>{' '}
              <span className="small">in {i.roomTitle}</span>
              {due !== undefined && (
                <div className={due <= 0 ? 'small overdue' : 'small'}>
                  {due <= 0 ? 'Next update is due now' : `Next update due ${formatIn(due)}`}
                </div>
              )}
            </li>
          );
        })}
        {closed.map((i) => (
          <li key={i.id} data-open="false">
            <strong>
              {i.severity} {i.title}
            </strong>{' '}
            <span className="small">closed</span>
            {i.timelineMarkdown && (
              <details>
                <summary>Timeline</summary>
                <pre className="timeline" aria-label={`Timeline of ${i.title}`}>
                  {i.timelineMarkdown}
                </pre>
                <button type="button" onClick={() => void navigator.clipboard.writeText(i.timelineMarkdown ?? '')}>
                  Copy timeline
                </button>
              </details>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
