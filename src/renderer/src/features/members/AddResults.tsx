import type { AddMemberOutcome } from '../../../../shared/contract/channels';
import { assertNever } from '../../../../shared/errors';
import { describeError } from '../../errors/describe';

function outcomeText(outcome: AddMemberOutcome): string {
  switch (outcome.status) {
    case 'added':
      return `added (${outcome.member.displayName})`;
    case 'alreadyMember':
      return 'already a member';
    case 'failed': {
      const words = describeError(outcome.error);
      return `not added: ${words.title}. ${words.detail}`.trim();
    }
    default:
      return assertNever(outcome, 'add outcome');
  }
}

/** Each email's outcome when people are added (a space's members panel, a new war room). */
export function AddResults({ results, label = 'Added people' }: { results: AddMemberOutcome[]; label?: string }) {
  if (results.length === 0) return null;
  return (
    <ul className="add-results" aria-label={label}>
      {results.map((r) => (
        <li key={r.email} data-status={r.status} className={r.status === 'failed' ? 'field-error' : undefined}>
          <strong>{r.email}</strong> — {outcomeText(r)}
        </li>
      ))}
    </ul>
  );
}
