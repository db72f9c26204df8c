export function QuickActions({ signedIn }: { signedIn: boolean }) {
  return (
    <section className="panel" aria-labelledby="quick-actions-title">
      <h2 id="quick-actions-title" className="panel-title">
        Quick actions
      </h2>
      <div className="empty small">
        {signedIn ? 'No runbooks are loaded yet.' : 'Runbook buttons appear here once you are signed in.'}
      </div>
    </section>
  );
}
