/**
 * The simulator's card submits (docs/webex-api.md §2.7) and per-route OAuth scopes (Appendix C), over loopback
 * HTTP: the demo alert bot's cards carry Acknowledge / Silence 1 h buttons, a submit is stored and answered by the
 * bot in the alert's thread, and an integration token without a route's scope gets 403 while personal and bot
 * tokens are unchanged.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/main/clock';
import { startSimulator, type Simulator, type WebexMessage } from '../../../src/sim';
import { call, obj, str } from '../sim/helpers';

let sim: Simulator;
beforeEach(async () => {
  sim = await startSimulator({
    scenario: 'demo',
    seed: 12,
    clock: new ManualClock(Date.UTC(2026, 0, 5, 9)),
    rateLimits: false,
  });
});
afterEach(async () => {
  await sim.close();
});

/** Steps the live driver until it posts an alert with a card. */
function nextAlertCard(): WebexMessage {
  for (let i = 0; i < 50; i++) {
    const card = sim.control.driver.step().find((m) => m.attachments !== undefined);
    if (card) return card;
  }
  throw new Error('no alert card in 50 steps');
}

function botReplies(alert: WebexMessage): WebexMessage[] {
  return sim.control.messages(alert.roomId).filter((m) => m.parentId === alert.id && m.personId === sim.people.bot?.id);
}

describe('alert cards and attachment actions', () => {
  it('an alert carries an Adaptive Card 1.3 with Acknowledge and Silence 1 h submit buttons', () => {
    const alert = nextAlertCard();
    expect(alert.markdown).toMatch(/^\*\*(CRITICAL|WARNING)\*\*/);
    const card = alert.attachments?.[0];
    expect(card?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card?.content.version).toBe('1.3');
    const actions = card?.content.actions as { type: string; title: string; data: Record<string, unknown> }[];
    expect(actions.map((a) => [a.type, a.title, a.data.action])).toEqual([
      ['Action.Submit', 'Acknowledge', 'ack'],
      ['Action.Submit', 'Silence 1 h', 'silence1h'],
    ]);
  });

  it('a submit is stored (200), readable by the submitter and the card author, and the bot answers in the thread', async () => {
    const alert = nextAlertCard();
    const res = await call(sim, 'POST', '/attachment/actions', {
      json: { type: 'submit', messageId: alert.id, inputs: { action: 'ack', service: 'db-7', note: 'on it' } },
    });
    expect(res.status).toBe(200);
    const action = obj(res.body);
    expect(action).toMatchObject({
      type: 'submit',
      messageId: alert.id,
      roomId: alert.roomId,
      personId: sim.people.operator?.id,
    });

    // Only the bot's answers (the driver may have added a human "ack" in the same thread).
    const answers = botReplies(alert);
    expect(answers.map((m) => [m.personId, m.markdown])).toEqual([
      [sim.people.bot?.id, '**db-7** acknowledged by Dana Ops — “on it”'],
    ]);

    const byOperator = await call(sim, 'GET', `/attachment/actions/${str(action.id)}`);
    expect(byOperator.body).toEqual(action);
    const byBot = await call(sim, 'GET', `/attachment/actions/${str(action.id)}`, { token: sim.tokens.bot });
    expect(byBot.status).toBe(200);
    const bySam = await call(sim, 'GET', `/attachment/actions/${str(action.id)}`, { token: sim.tokens.sam });
    expect(bySam.status).toBe(404);
  });

  it('silence answers with the silence wording', async () => {
    const alert = nextAlertCard();
    await call(sim, 'POST', '/attachment/actions', {
      json: { type: 'submit', messageId: alert.id, inputs: { action: 'silence1h', service: 'kafka-4' } },
    });
    expect(botReplies(alert)[0]?.markdown).toBe('**kafka-4** silenced for 1 h by Dana Ops');
  });

  it('bad submits: wrong type, no messageId, non-object inputs, a message without a card, an unknown message', async () => {
    const alert = nextAlertCard();
    const plain = sim.control.post('operator', { roomId: alert.roomId, text: 'no card here' });
    const cases: [unknown, number][] = [
      [{ type: 'click', messageId: alert.id, inputs: {} }, 400],
      [{ type: 'submit', inputs: {} }, 400],
      [{ type: 'submit', messageId: alert.id, inputs: 'x' }, 400],
      [{ type: 'submit', messageId: plain.id, inputs: {} }, 400],
      [
        {
          type: 'submit',
          messageId: 'Y2lzY29zcGFyazovL3VzL01FU1NBR0UvMDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAw',
          inputs: {},
        },
        404,
      ],
    ];
    for (const [json, status] of cases) {
      const res = await call(sim, 'POST', '/attachment/actions', { json });
      expect(res.status, JSON.stringify(json)).toBe(status);
    }
    expect(botReplies(alert)).toEqual([]);
  });
});

describe('OAuth scopes per route', () => {
  it('an integration token without spark:rooms_write / teams scopes gets 403 on those routes only', async () => {
    const token = sim.control.issueToken('operator', {
      scopes: ['spark:rooms_read', 'spark:messages_read', 'spark:messages_write', 'spark:memberships_read'],
    });
    expect((await call(sim, 'GET', '/rooms?max=2', { token })).status).toBe(200);
    const create = await call(sim, 'POST', '/rooms', { token, json: { title: 'War room' } });
    expect(create.status).toBe(403);
    expect(str(obj(create.body).message)).toContain('spark:rooms_write');
    expect((await call(sim, 'GET', '/teams', { token })).status).toBe(403);
    expect((await call(sim, 'POST', '/teams', { token, json: { name: 't' } })).status).toBe(403);
    const room = sim.control.findRoom('NOC');
    const add = await call(sim, 'POST', '/memberships', {
      token,
      json: { roomId: room?.id, personEmail: sim.people.fiona?.email },
    });
    expect(add.status).toBe(403);
    expect(str(obj(add.body).message)).toContain('spark:memberships_write');
  });

  it('the HTTP control API issues scoped tokens too (and refuses scopes that are not strings)', async () => {
    const controlled = await startSimulator({ scenario: 'empty', controlSecret: 's3cret', rateLimits: false });
    try {
      const issue = (body: unknown) =>
        fetch(`${controlled.origin}/_sim/tokens`, {
          method: 'POST',
          headers: { 'x-sim-control': 's3cret', 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const res = await issue({ identity: 'operator', scopes: ['spark:rooms_read'] });
      expect(res.status).toBe(200);
      const token = str(obj(await res.json()).token);
      expect((await call(controlled, 'GET', '/rooms', { token })).status).toBe(200);
      expect((await call(controlled, 'POST', '/rooms', { token, json: { title: 'x' } })).status).toBe(403);
      expect((await issue({ identity: 'operator', scopes: [1] })).status).toBe(400);
    } finally {
      await controlled.close();
    }
  });

  it('spark:all grants everything; personal and bot tokens are not scoped', async () => {
    const all = sim.control.issueToken('operator', { scopes: ['spark:all'] });
    expect((await call(sim, 'POST', '/rooms', { token: all, json: { title: 'A' } })).status).toBe(200);
    expect((await call(sim, 'GET', '/teams', { token: all })).status).toBe(200);
    expect((await call(sim, 'POST', '/rooms', { json: { title: 'B' } })).status).toBe(200);
    expect((await call(sim, 'GET', '/teams', { token: sim.tokens.bot })).status).toBe(200);
  });

  it('authorize refuses a request without scope (invalid_scope), and a granted scope set survives a refresh', async () => {
    const client = sim.control.registerOAuthClient({ redirectUri: 'http://127.0.0.1:53682/cb' });
    const authorize = (scope: string | undefined) => {
      const q = new URLSearchParams({
        client_id: client.clientId,
        response_type: 'code',
        redirect_uri: 'http://127.0.0.1:53682/cb',
      });
      if (scope !== undefined) q.set('scope', scope);
      return call(sim, 'GET', `/authorize?${q.toString()}`, { token: null });
    };
    const refused = await authorize(undefined);
    expect(new URL(str(refused.headers.location)).searchParams.get('error')).toBe('invalid_scope');
    const granted = await authorize('spark:rooms_read spark:teams_read');
    const code = new URL(str(granted.headers.location)).searchParams.get('code') ?? '';
    const form = (fields: Record<string, string>) =>
      call(sim, 'POST', '/access_token', {
        token: null,
        body: new URLSearchParams({
          client_id: client.clientId,
          client_secret: client.clientSecret,
          ...fields,
        }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    const first = obj(
      (await form({ grant_type: 'authorization_code', code, redirect_uri: 'http://127.0.0.1:53682/cb' })).body,
    );
    expect((await call(sim, 'GET', '/teams', { token: str(first.access_token) })).status).toBe(200);
    expect((await call(sim, 'GET', '/messages?roomId=x', { token: str(first.access_token) })).status).toBe(403);
    const second = obj((await form({ grant_type: 'refresh_token', refresh_token: str(first.refresh_token) })).body);
    expect((await call(sim, 'GET', '/teams', { token: str(second.access_token) })).status).toBe(200);
    expect((await call(sim, 'POST', '/rooms', { token: str(second.access_token), json: { title: 'x' } })).status).toBe(
      403,
    );
  });
});
