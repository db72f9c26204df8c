import { expect, test, type OpsApp } from './fixtures';

/** "Try the demo workspace", then its NOC space opened from the sidebar. */
async function openDemoNoc(app: OpsApp) {
  await app.open();
  const page = app.page;
  await page.getByRole('button', { name: 'Try the demo workspace' }).click();
  const demo = app.demoWorkspace();
  if (!demo) throw new Error('the demo workspace did not start');
  const noc = demo.control.findRoom('NOC');
  if (!noc) throw new Error('no NOC space');
  await page.locator(`li.room-row[data-room-id="${noc.id}"] button.room`).click();
  return { page, demo, noc };
}

/**
 * Runbook quick actions in the demo workspace: a runbook with a variable, preview, confirm, the message in the
 * simulator and in the pane, the audit view, undo; then an incident from open through an update to a named list of
 * spaces to close, with its timeline.
 */
test.describe('runbooks', () => {
  test('run a runbook: fill, preview, confirm, sent, audited, undone', async ({ app, captured }, testInfo) => {
    const { page, demo, noc } = await openDemoNoc(app);
    await expect(page.getByRole('heading', { name: /NOC/ })).toBeVisible();

    const panel = page.getByRole('complementary', { name: 'Quick actions' });
    await expect(panel.getByRole('group', { name: 'Incident' })).toBeVisible();
    // Ctrl+J: the runbook palette — type to filter, Enter to choose.
    await page.keyboard.press('Control+j');
    const palette = page.getByRole('dialog', { name: 'Runbook palette' });
    await palette.getByLabel('Find a runbook').fill('maint');
    await expect(palette.getByRole('option')).toHaveCount(1);
    await page.keyboard.press('Enter');
    await expect(palette).toHaveCount(0);
    const runner = panel.getByRole('region', { name: 'Run Maintenance notice' });
    await runner.getByRole('button', { name: 'Preview' }).click();
    await expect(runner.getByRole('alert').first()).toContainText('Required.');
    await runner.getByLabel('Day (YYYY-MM-DD)').fill('2026-01-10');
    await runner.getByLabel('What is affected').fill('Core *switches* <@all>');
    await runner.getByRole('button', { name: 'Preview' }).click();
    const preview = runner.getByLabel('Preview');
    await expect(preview).toContainText('Planned maintenance on 2026-01-10: Core *switches* <@all>');
    await page.screenshot({ path: testInfo.outputPath('runbooks-1-preview.png') });

    await runner.getByRole('button', { name: 'Review and confirm…' }).click();
    const confirm = runner.getByRole('group', { name: 'Confirm' });
    await expect(confirm).toContainText('NOC');
    await expect(confirm).toContainText('members');
    await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await page.screenshot({ path: testInfo.outputPath('runbooks-2-confirm.png') });
    await confirm.getByRole('button', { name: 'Confirm and send' }).click();
    await expect(runner.getByLabel('Results')).toContainText('1 / 1 sent', { timeout: 15_000 });

    const sent = () => demo.control.messages(noc.id).filter((m) => (m.markdown ?? '').includes('Planned maintenance'));
    expect(sent()).toHaveLength(1);
    expect(sent()[0]?.mentionedGroups).toBeUndefined();
    await expect(page.getByRole('list', { name: 'Messages in NOC' })).toContainText(
      'Planned maintenance on 2026-01-10',
      { timeout: 15_000 },
    );
    await page.screenshot({ path: testInfo.outputPath('runbooks-3-sent.png') });

    await runner.getByRole('button', { name: 'Close' }).click();
    await panel.getByRole('button', { name: 'Audit log' }).click();
    const audit = panel.getByRole('region', { name: 'Audit log' });
    await expect(audit.locator('tr[data-outcome="sent"]')).toContainText('maintenance-notice');
    await page.screenshot({ path: testInfo.outputPath('runbooks-4-audit.png') });

    const outbox = panel.getByRole('region', { name: 'Outbox' });
    await outbox.getByRole('button', { name: 'Undo' }).click();
    await expect(outbox).toContainText('cannot be recalled');
    await outbox.getByRole('button', { name: 'Delete the message' }).click();
    await expect.poll(() => sent().length, { timeout: 15_000 }).toBe(0);
    await expect(audit.locator('tr[data-outcome="undone"]')).toBeVisible({ timeout: 15_000 });
    await expect(page.getByRole('list', { name: 'Messages in NOC' })).not.toContainText('Planned maintenance', {
      timeout: 15_000,
    });
    await page.screenshot({ path: testInfo.outputPath('runbooks-5-undone.png') });
    // Sent, audited and undone without the window re-reading the outbox: its one snapshot was taken when it synced.
    expect(captured.invokes.filter((i) => i.channel === 'outbox.snapshot')).toHaveLength(1);
  });

  test('incident: open from a space, update to a named list with confirm, close with a timeline', async ({
    app,
    captured,
  }, testInfo) => {
    const { page, demo } = await openDemoNoc(app);
    const panel = page.getByRole('complementary', { name: 'Quick actions' });
    await expect(panel.getByRole('button', { name: 'Incident update' })).toBeDisabled();

    await panel.getByRole('button', { name: 'Open incident' }).click();
    let runner = panel.getByRole('region', { name: 'Run Open incident' });
    // Started from the newest alert in the space: its text is offered to the variables.
    await expect(runner.getByText(/Started from AlertBot/)).toBeVisible();
    await expect(runner.getByLabel('Alert text')).toHaveValue(/CRITICAL/);
    await runner.getByLabel('Title').fill('Edge packet loss');
    await runner.getByLabel('Severity').selectOption('SEV1');
    await runner.getByLabel('Affected service').fill('edge');
    await runner.getByRole('button', { name: 'Preview' }).click();
    await expect(runner.getByLabel('Preview')).toContainText('INCIDENT OPEN — SEV1: Edge packet loss');
    await runner.getByRole('button', { name: 'Review and confirm…' }).click();
    await runner.getByRole('group', { name: 'Confirm' }).getByRole('button', { name: 'Confirm and send' }).click();
    await expect(runner.getByLabel('Results')).toContainText('1 / 1 sent', { timeout: 15_000 });
    await runner.getByRole('button', { name: 'Close' }).click();
    const incidents = panel.getByRole('region', { name: 'Incidents' });
    await expect(incidents).toContainText('SEV1 Edge packet loss');
    await expect(incidents).toContainText('Next update due in');
    await page.screenshot({ path: testInfo.outputPath('incident-1-open.png') });

    await panel.getByRole('button', { name: 'Notify stakeholders' }).click();
    runner = panel.getByRole('region', { name: 'Run Notify stakeholders' });
    await runner.getByLabel('Customer impact').fill('Some customers see packet loss');
    await runner.getByRole('button', { name: 'Preview' }).click();
    await runner.getByRole('button', { name: 'Review and confirm…' }).click();
    const confirm = runner.getByRole('group', { name: 'Confirm' });
    await expect(confirm).toContainText('The spaces of this list changed');
    await expect(confirm.getByRole('button', { name: 'Confirm and send' })).toBeDisabled();
    await confirm.getByLabel('Use the new set of spaces').check();
    await page.screenshot({ path: testInfo.outputPath('incident-2-list-confirm.png') });
    // The first space's post is refused (403): a partial failure is reported per space, not hidden.
    demo.control.setFaults({ 'POST /messages': { error: 1, errorStatus: 403, count: 1 } });
    await confirm.getByRole('button', { name: 'Confirm and send' }).click();
    const results = runner.getByLabel('Results');
    await expect(results.getByRole('status')).toHaveText('3 / 4 sent, 1 failed', { timeout: 20_000 });
    await expect(results).toContainText('4 / 4 done');
    // Per-space results, live from the outbox events: one row per space.
    const rows = results.getByRole('list', { name: 'Result per space' }).getByRole('listitem');
    await expect(rows).toHaveCount(4);
    await expect(rows.and(page.locator('[data-state="sent"]'))).toHaveCount(3);
    const refused = rows.and(page.locator('[data-state="failed"]'));
    await expect(refused).toContainText('failed — forbidden');
    await expect(refused).toContainText('tracking id');
    await page.screenshot({ path: testInfo.outputPath('incident-3-list-partial.png') });
    // Resend from the outbox: the runner's row follows the item to sent.
    const outbox = panel.getByRole('region', { name: 'Outbox' });
    await outbox.locator('li[data-state="failed"]').getByRole('button', { name: 'Resend' }).click();
    await expect(results.getByRole('status')).toHaveText('4 / 4 sent', { timeout: 20_000 });
    await expect(rows.and(page.locator('[data-state="sent"]'))).toHaveCount(4);
    for (const title of ['NOC', 'Change Board', 'Platform · Kubernetes', 'Platform · Networking']) {
      const room = demo.control.findRoom(title);
      const copies = demo.control
        .messages(room?.id ?? '')
        .filter((m) => (m.markdown ?? '').includes('SEV1 in progress'));
      expect(copies, title).toHaveLength(1);
    }
    await page.screenshot({ path: testInfo.outputPath('incident-3-list-sent.png') });
    await runner.getByRole('button', { name: 'Close' }).click();

    await panel.getByRole('button', { name: 'Close incident' }).click();
    runner = panel.getByRole('region', { name: 'Run Close incident' });
    await runner.getByLabel('Resolution').fill('Optic replaced on edge-3');
    await runner.getByRole('button', { name: 'Preview' }).click();
    await runner.getByRole('button', { name: 'Review and confirm…' }).click();
    await runner.getByRole('group', { name: 'Confirm' }).getByRole('button', { name: 'Confirm and send' }).click();
    await expect(runner.getByLabel('Results')).toContainText('1 / 1 sent', { timeout: 15_000 });
    await runner.getByRole('button', { name: 'Close' }).click();
    await incidents.getByText('Timeline', { exact: true }).click();
    const timeline = incidents.getByLabel('Timeline of Edge packet loss');
    await expect(timeline).toContainText('(incident-open)');
    await expect(timeline).toContainText('(incident-stakeholders)');
    await expect(timeline).toContainText('(incident-close)');
    await expect(panel.getByRole('button', { name: 'Incident update' })).toBeDisabled();
    await page.screenshot({ path: testInfo.outputPath('incident-4-closed.png') });

    // The window took each of these slices' snapshot once when it synced; every change after came as events.
    const snapshots = (channel: string) => captured.invokes.filter((i) => i.channel === channel).length;
    expect(snapshots('outbox.snapshot')).toBe(1);
    expect(snapshots('incidents.snapshot')).toBe(1);
    expect(snapshots('runbooks.snapshot')).toBe(1);
    expect(captured.events.some((b) => b.events.some((e) => e.type === 'outbox.upsert'))).toBe(true);
    expect(captured.events.some((b) => b.events.some((e) => e.type === 'incidents.changed'))).toBe(true);
  });

  test('a thread runbook run from a message that is not an alert replies in that message’s thread', async ({
    app,
  }, testInfo) => {
    const { page, demo, noc } = await openDemoNoc(app);
    await expect(page.getByRole('heading', { name: /NOC/ })).toBeVisible();
    // A colleague's remark, not an alert: the newest-alert default would never start a run from it.
    const remark = demo.control.post('sam', { roomId: noc.id, text: 'Packet loss on edge-2 since 09:58' });
    const row = page.locator(`li[data-message-id="${remark.id}"]`);
    await expect(row).toBeVisible({ timeout: 15_000 });

    // The row's action, from the keyboard: the palette opens naming the message the run starts from.
    await row.getByRole('button', { name: "Run runbook… on Sam Rivera's message" }).focus();
    await page.keyboard.press('Enter');
    const palette = page.getByRole('dialog', { name: 'Runbook palette' });
    await expect(palette).toContainText("Starts from Sam Rivera's message");
    await palette.getByLabel('Find a runbook').fill('acknowledge');
    await page.keyboard.press('Enter');
    const panel = page.getByRole('complementary', { name: 'Quick actions' });
    const runner = panel.getByRole('region', { name: 'Run Acknowledge' });
    await expect(runner).toContainText("Replies in the thread of Sam Rivera's message");
    await runner.getByRole('button', { name: 'Preview' }).click();
    await expect(runner.getByLabel('Preview')).toContainText('Acknowledged by');
    await runner.getByRole('button', { name: 'Send' }).click();
    await expect(runner.getByLabel('Results')).toContainText('1 / 1 sent', { timeout: 15_000 });

    // In the simulator: exactly one acknowledgement, in the thread of the remark.
    const acks = () =>
      demo.control.messages(noc.id).filter((m) => (m.markdown ?? m.text ?? '').includes('Acknowledged by'));
    expect(acks()).toHaveLength(1);
    expect(acks()[0]?.parentId).toBe(remark.id);
    // In the pane: the remark now has its reply.
    await expect(row.getByRole('button', { name: '1 reply' })).toBeVisible({ timeout: 15_000 });
    await row.getByRole('button', { name: '1 reply' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: testInfo.outputPath('runbooks-thread-from-message.png') });
  });
});
