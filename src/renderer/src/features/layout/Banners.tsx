import { useCommands } from '../../bridge-context';
import { describeError } from '../../errors/describe';
import { useOps } from '../../store/store';

/** Warnings the operator must see: storage trouble, keychain trouble, sync failures. */
export function Banners() {
  const commands = useCommands();
  const warnings = useOps((s) => s.app.warnings);
  const syncError = useOps((s) => s.syncError);
  if (warnings.length === 0 && !syncError) return null;
  return (
    <div className="banners">
      {syncError ? (
        <div className="banner banner-error" role="alert">
          <strong>{describeError(syncError).title}.</strong> {describeError(syncError).detail}
        </div>
      ) : null}
      {warnings.map((w) => (
        <div key={w.id} className="banner banner-warning" role="alert">
          <span>{w.message}</span>
          <button type="button" className="link" onClick={() => void commands.dismissWarning(w.id)}>
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}
