/**
 * What the operator does with known identities: switch, sign out (and forget), move to another API address, and
 * the restore of the last active one at start.
 */
import type { IdentityView } from '../../shared/contract/channels';
import { AppFailure } from '../errors';
import { iso, meFromStored, signedOutStored } from './expiry';
import { identityIdFor, recordFromStored, viewOf, type StoredIdentity } from './identities';
import { originOf } from './secret-store/accounts';
import { closeDemo } from './ways-in/demo';
import type { WayInContext } from './ways-in/context';

export interface IdentityOps {
  switchTo(identityId: string): Promise<IdentityView>;
  signOut(id: string, forget: boolean): Promise<void>;
  /** Secrets are bound to the origin they were obtained for: a new address signs the identity out. */
  setApiBaseUrl(identityId: string, apiBaseUrl: string): Promise<void>;
  /** Puts the last active saved identity back to work from its saved secrets (no network call). */
  restore(): Promise<void>;
}

export function createIdentityOps(ctx: WayInContext): IdentityOps {
  const { records, custody, runtime, logger, clock } = ctx;
  const known = () => records.list(runtime.current()?.record);

  const signOut = async (id: string, forget: boolean): Promise<void> => {
    const record = known().find((r) => r.id === id);
    if (!record) throw new AppFailure('notFound', 'That identity is not known.');
    if (runtime.current()?.record.id === id) {
      await runtime.deactivate();
      records.clearActive(id);
    }
    const e = records.ephemeral.get(id);
    if (e) {
      records.ephemeral.delete(id);
      if (e.demo) await closeDemo(ctx, e.demo);
    }
    if (record.persisted) {
      await custody.removeTokens(record);
      if (forget) {
        records.updateStored(id, () => undefined);
        records.clearActive(id);
      } else {
        records.updateStored(id, signedOutStored);
      }
    }
    logger.info('signed out', { identityId: id, method: record.method, forget });
  };

  const markSignedOut = (s: StoredIdentity): void => records.updateStored(s.id, (x) => ({ ...x, signedIn: false }));

  return {
    async switchTo(identityId) {
      const current = runtime.current();
      if (current?.record.id === identityId && !current.keeper.needsReauth) return viewOf(current.record);
      const e = records.ephemeral.get(identityId);
      if (e) {
        const record = { ...e.record, lastActiveAt: iso(clock.now()) };
        e.record = record;
        await runtime.activate(record, e.tokens, e.me);
        logger.info('switched identity', { identityId, method: record.method });
        return viewOf(runtime.current()?.record ?? record);
      }
      const s = records.stored(identityId);
      if (!s) throw new AppFailure('notFound', 'That identity is not known.');
      const signedOut = (): AppFailure =>
        new AppFailure('notSignedIn', `${s.displayName} is signed out: sign in again to use this identity.`);
      if (!s.signedIn) throw signedOut();
      const tokens = await custody.readTokens(s);
      if (!tokens) {
        markSignedOut(s);
        throw signedOut();
      }
      const now = iso(clock.now());
      records.updateStored(s.id, (x) => ({ ...x, lastActiveAt: now }));
      records.update((d) => ({ ...d, activeId: s.id }));
      await runtime.activate({ ...recordFromStored(s), lastActiveAt: now }, tokens, meFromStored(s), s.oauthClientId);
      logger.info('switched identity', { identityId, method: s.method });
      return viewOf(runtime.current()?.record ?? recordFromStored(s));
    },

    signOut,

    async setApiBaseUrl(identityId, apiBaseUrl) {
      const record = known().find((r) => r.id === identityId);
      if (!record) throw new AppFailure('notFound', 'That identity is not known.');
      if (record.demo) throw new AppFailure('invalidInput', 'The demo workspace’s address cannot be changed.');
      const base = await ctx.signIn.apiBase(apiBaseUrl);
      if (base === record.apiBaseUrl) return;
      await signOut(identityId, !record.persisted);
      if (record.persisted) {
        const newId = identityIdFor(originOf(base), record.personId);
        records.update((d) => {
          const old = d.identities.find((s) => s.id === identityId);
          if (!old) return d;
          const moved: StoredIdentity = { ...old, id: newId, apiBaseUrl: base, signedIn: false };
          const others = d.identities.filter((s) => s.id !== identityId && s.id !== newId);
          return { ...d, identities: [...others, moved], ...(d.activeId === identityId ? { activeId: newId } : {}) };
        });
      }
      logger.info('api base url changed', { identityId, origin: originOf(base) });
    },

    async restore() {
      const id = records.data().activeId;
      const s = id === undefined ? undefined : records.stored(id);
      if (!s) return;
      if (!s.signedIn) {
        logger.info('last identity is signed out', { identityId: s.id });
        return;
      }
      let tokens;
      try {
        tokens = await custody.readTokens(s);
      } catch (e) {
        logger.warn('could not read the saved sign-in', {
          identityId: s.id,
          kind: e instanceof AppFailure ? e.kind : 'internal',
        });
        return;
      }
      if (!tokens) {
        markSignedOut(s);
        logger.info('saved sign-in has no secrets any more', { identityId: s.id });
        return;
      }
      await runtime.activate(recordFromStored(s), tokens, meFromStored(s), s.oauthClientId);
      logger.info('sign-in restored', { identityId: s.id, method: s.method, personType: s.personType });
    },
  };
}
