import type { ActiveSession } from '../auth/types';
import { AppFailure } from '../errors';
import type { SessionSource } from './types';

export function needSession(source: SessionSource): ActiveSession {
  const session = source.current();
  if (!session) throw new AppFailure('notSignedIn', 'Sign in to act in spaces.');
  return session;
}
