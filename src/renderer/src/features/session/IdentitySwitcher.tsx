import { useOps } from '../../store/store';

/** Who is reading and who would post; a quick switch between saved identities. */
export function IdentitySwitcher() {
  const session = useOps((s) => s.session);
  if (!session || session.identities.length === 0) return null;
  const active = session.active;
  const others = session.identities.filter((i) => i.id !== active?.id);
  return (
    <div className="identity">
      <div className="identity-current" aria-label="Signed in as">
        <span className="identity-name">{active ? active.displayName : 'Signed out'}</span>
        {active ? (
          <span className="identity-meta">
            {active.kind === 'bot' ? 'bot' : active.email}
            {active.demo ? <span className="tag tag-demo">Demo</span> : null}
          </span>
        ) : null}
      </div>
      {others.length > 0 ? (
        <label className="identity-switch">
          <span className="visually-hidden">Switch identity</span>
          <select
            value=""
            onChange={(e) => {
              if (e.target.value) void window.ops.session.switchIdentity({ identityId: e.target.value });
            }}
          >
            <option value="">Switch…</option>
            {others.map((i) => (
              <option key={i.id} value={i.id}>
                {i.displayName} ({i.kind === 'bot' ? 'bot' : i.method}){i.signedIn ? '' : ' — signed out'}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {active ? (
        <button type="button" className="link" onClick={() => void window.ops.session.signOut({})}>
          Sign out
        </button>
      ) : null}
    </div>
  );
}
