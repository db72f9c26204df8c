import { useCallback, useRef, useState } from 'react';
import type { ContractError, ContractResult, IdentityView, SignInMethod } from '../../../../shared/contract/channels';
import { useBridge, useCommands } from '../../bridge-context';
import { describeError } from '../../errors/describe';
import { useOps } from '../../store/store';

import { DEFAULT_API_BASE_URL } from '../../../../shared/defaults';

export { DEFAULT_API_BASE_URL, DEFAULT_REDIRECT_URI } from '../../../../shared/defaults';

export const METHOD_LABEL: Record<SignInMethod, string> = {
  token: 'pasted token',
  oauth: 'Webex sign-in',
  env: 'environment token',
  demo: 'demo',
};

/** Kinds whose diagnostic message is written for the operator by the sign-in code (it names the port, the fix…). */
const SPECIFIC_MESSAGE_KINDS: ReadonlySet<ContractError['kind']> = new Set([
  'auth',
  'configInvalid',
  'keychainUnavailable',
  'timeout',
  'notSignedIn',
]);

/** An error from a sign-in call, in words: the one table (describeError), plus the specific reason when there is one. */
export function ErrorLine({ error, id }: { error: ContractError | undefined; id?: string }) {
  if (!error || error.kind === 'cancelled') return null;
  const { title, detail } = describeError(error);
  const specific = SPECIFIC_MESSAGE_KINDS.has(error.kind) ? error.message : undefined;
  const references = [
    error.trackingId ? `Tracking id: ${error.trackingId}` : '',
    error.correlationId ? `Reference: ${error.correlationId}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div className="form-error session-error" role="alert" id={id}>
      <strong>{title}.</strong> {specific ?? detail}
      {specific && references ? <span className="muted small"> {references}</span> : null}
    </div>
  );
}

/**
 * Runs one bridge call at a time for a form: busy flag, last error shown inline, never throws. `ops` is the bridge
 * from the BridgeProvider.
 */
export function useCall() {
  const ops = useBridge();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ContractError>();
  const running = useRef(false);
  const run = useCallback(
    async <T,>(call: () => Promise<ContractResult<T>>): Promise<ContractResult<T> | undefined> => {
      if (running.current) return undefined;
      running.current = true;
      setBusy(true);
      setError(undefined);
      try {
        const result = await call();
        if (!result.ok) setError(result.error);
        return result;
      } finally {
        running.current = false;
        setBusy(false);
      }
    },
    [],
  );
  const clear = useCallback(() => setError(undefined), []);
  return { ops, busy, error, run, clear };
}

/** "Dana Ops · dana@example.com" / "AlertBot · bot" with the API host when it is not Webex's. */
export function identityLine(identity: IdentityView): string {
  const who = identity.email || (identity.kind === 'bot' ? 'bot' : identity.personId);
  let host = '';
  try {
    const url = new URL(identity.apiBaseUrl);
    if (url.origin !== new URL(DEFAULT_API_BASE_URL).origin && !identity.demo) host = ` · ${url.host}`;
  } catch {
    host = '';
  }
  return `${who}${host}`;
}

/**
 * A sign-in long operation (OAuth) started by this form: its progress, whether it is still waiting for the browser,
 * its error, and a cancel button while it waits.
 */
export function useSignInOp() {
  const commands = useCommands();
  const [opId, setOpId] = useState<string>();
  const op = useOps((s) => (opId ? s.ops.get(opId) : undefined));
  const waiting = op !== undefined && op.done === undefined;
  const error = op?.done && !op.done.ok ? op.done.error : undefined;
  const cancelButton =
    waiting && opId ? (
      <button type="button" onClick={() => void commands.cancelOp(opId)}>
        Cancel
      </button>
    ) : null;
  return { op, waiting, error, started: setOpId, cancelButton };
}
