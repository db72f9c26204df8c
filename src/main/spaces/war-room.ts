/**
 * War rooms and teams (docs/webex-api.md §2.2, §2.5): create a space (optionally in a team), add people (each
 * outcome reported), watch it through the watch service; list the operator's teams and a team's spaces.
 */
import type {
  AddMemberOutcome,
  CreateSpaceInput,
  CreateSpaceResult,
  TeamSpacesView,
  TeamView,
} from '../../shared/contract/channels';
import { withScope } from '../auth/scopes';
import type { ActiveSession } from '../auth/types';
import { toAppError, type InternalErrorReporter } from '../errors';
import { addMembers } from './members';
import { orGone } from './failures';
import type { SpacesServiceDeps } from './types';

/** Teams and a team's spaces are read up to this many (the sidebar groups them). */
export const TEAMS_LIMIT = 1000;

export async function createSpace(
  session: ActiveSession,
  input: CreateSpaceInput,
  deps: Pick<SpacesServiceDeps, 'watchRoom'> & { report: InternalErrorReporter },
): Promise<CreateSpaceResult> {
  const title = input.title.trim();
  const create = () =>
    withScope(session, 'spark:rooms_write', 'creating spaces', () =>
      session.client.rooms.create(input.teamId !== undefined ? { title, teamId: input.teamId } : { title }),
    );
  const room = input.teamId !== undefined ? await orGone('The team', create) : await create();
  let members: AddMemberOutcome[] = [];
  if (input.emails && input.emails.length > 0)
    members = (await addMembers(session, room.id, input.emails, deps.report)).results;
  const result: CreateSpaceResult = { roomId: room.id, title: room.title, members };
  if (room.teamId !== undefined) result.teamId = room.teamId;
  try {
    result.room = await deps.watchRoom(room.id);
  } catch (e) {
    // The space exists and people were added: report the watch failure rather than lose the result.
    result.watchError = toAppError(e, deps.report, 'watching a new space');
  }
  return result;
}

export async function listTeams(session: ActiveSession): Promise<{ teams: TeamView[] }> {
  const teams = await withScope(session, 'spark:teams_read', 'using teams', () =>
    session.client.teams.list({}, { limit: TEAMS_LIMIT }).toArray(),
  );
  return {
    teams: teams.map((t) => ({ id: t.id, name: t.name })).sort((a, b) => a.name.localeCompare(b.name)),
  };
}

export async function teamSpaces(session: ActiveSession, teamId: string): Promise<TeamSpacesView> {
  const rooms = await orGone('The team', () => session.client.rooms.list({ teamId }, { limit: TEAMS_LIMIT }).toArray());
  return {
    teamId,
    spaces: rooms.map((r) => ({ roomId: r.id, title: r.title })).sort((a, b) => a.title.localeCompare(b.title)),
  };
}
