/** Teams and team memberships (docs/webex-api.md §2.5). */
import { ApiError } from './errors';
import { encodeId } from './ids';
import type { PersonRec, TeamMembershipRec, TeamRec } from './model';
import { createGroupRoom, removeMember, touchRoom } from './rooms';
import type { World } from './world';

/**
 * POST /teams: the caller becomes a moderator team member. Like the Webex clients show it, every team has a
 * "General" space titled with the team name that all team members belong to (§13 lists this as unverified).
 */
export function createTeam(
  world: World,
  creator: PersonRec,
  name: string,
  description: string | undefined,
  created = world.now(),
): TeamRec {
  const uuid = world.timeUuid(created);
  const team: TeamRec = {
    uuid,
    id: encodeId('TEAM', uuid),
    name,
    description,
    created,
    creator,
    members: new Map(),
    general: undefined,
  };
  world.teams.set(uuid, team);
  world.addTeamMembership(team, creator, true, created);
  team.general = createGroupRoom(world, creator, { title: name, team, created });
  return team;
}

export function addTeamMember(world: World, team: TeamRec, person: PersonRec, isModerator: boolean): TeamMembershipRec {
  if (team.members.has(person.uuid)) throw new ApiError(409, 'Person is already in the team.');
  const at = world.now();
  const tm = world.addTeamMembership(team, person, isModerator, at);
  if (team.general && !team.general.members.has(person.uuid)) {
    world.addMembership(team.general, person, false, at);
    touchRoom(world, team.general, at);
  }
  return tm;
}

export function removeTeamMember(world: World, tm: TeamMembershipRec): void {
  const { team, person } = tm;
  if (tm.isModerator && [...team.members.values()].filter((m) => m.isModerator).length <= 1) {
    throw new ApiError(409, 'The last moderator of a team cannot be removed.');
  }
  team.members.delete(person.uuid);
  person.teams.delete(team);
  for (const room of [...person.rooms]) {
    if (room.team === team) {
      const m = room.members.get(person.uuid);
      if (m) removeMember(world, m);
    }
  }
}

export function deleteTeam(world: World, team: TeamRec): void {
  for (const room of [...world.rooms.values()]) if (room.team === team) world.removeRoom(room);
  for (const tm of team.members.values()) tm.person.teams.delete(team);
  team.members.clear();
  world.teams.delete(team.uuid);
}
