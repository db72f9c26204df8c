/** Teams and team memberships (docs/webex-api.md §2.5). */
import { ApiError, MSG } from '../core/errors';
import { parseId } from '../core/ids';
import type { PersonRec, TeamMembershipRec, TeamRec } from '../core/model';
import { addTeamMember, createTeam, deleteTeam, removeTeamMember } from '../core/ops';
import { teamJson, teamMembershipJson } from '../core/serialize';
import type { World } from '../core/world';
import { listLink, pageByKey } from '../http/paging';
import { bool, jsonBody, maxParam, queryString, str } from '../http/params';
import type { Route } from '../http/types';
import { personFromRef } from './memberships';
import { teamForMember } from './rooms';

function isTeamModerator(team: TeamRec, person: PersonRec): boolean {
  return team.members.get(person.uuid)?.isModerator === true;
}

function teamMembershipFor(world: World, caller: PersonRec, id: string): TeamMembershipRec {
  const parsed = parseId(id);
  if (parsed.kind === 'garbage') throw new ApiError(400, MSG.badId);
  const notFound = new ApiError(404, 'Failed to get team membership');
  if (parsed.kind !== 'ok' || parsed.id.type !== 'TEAM_MEMBERSHIP') throw notFound;
  const [personUuid, teamUuid] = parsed.id.local.split(':');
  const team = teamUuid === undefined ? undefined : world.teams.get(teamUuid);
  const tm = team?.members.get(personUuid ?? '');
  if (!team || !tm || !team.members.has(caller.uuid)) throw notFound;
  return tm;
}

function byId<T extends { id: string }>(a: T, b: T): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export const teamRoutes: Route[] = [
  {
    method: 'GET',
    template: '/teams',
    auth: true,
    body: 'none',
    handler: (req, ctx) => {
      const max = maxParam(req.query, { default: 100, limit: 1000, overflow: 'clamp' });
      const teams = [...req.caller.teams].sort(byId);
      const page = pageByKey(teams, (t) => t.id, queryString(req.query, 'cursor'), max);
      const headers: Record<string, string> = {};
      if (page.next) headers.Link = listLink(ctx.origin(), req.path, req.query, max, page.next);
      return { status: 200, json: { items: page.items.map(teamJson) }, headers };
    },
  },
  {
    method: 'POST',
    template: '/teams',
    auth: true,
    body: 'json',
    handler: (req, ctx) => {
      const b = jsonBody(req.body);
      const name = str(b, 'name');
      if (name === undefined || name.trim() === '') throw new ApiError(400, 'Team name cannot be empty.');
      const team = createTeam(ctx.world, req.caller, name, str(b, 'description'));
      return { status: 200, json: teamJson(team) };
    },
  },
  {
    method: 'GET',
    template: '/teams/{teamId}',
    auth: true,
    body: 'none',
    handler: (req, ctx) => ({
      status: 200,
      json: teamJson(teamForMember(ctx.world, req.caller, req.params.teamId ?? '')),
    }),
  },
  {
    method: 'PUT',
    template: '/teams/{teamId}',
    auth: true,
    body: 'json',
    handler: (req, ctx) => {
      const team = teamForMember(ctx.world, req.caller, req.params.teamId ?? '');
      const b = jsonBody(req.body);
      const name = str(b, 'name');
      if (name === undefined || name.trim() === '') throw new ApiError(400, 'Team name cannot be empty.');
      if (!isTeamModerator(team, req.caller)) throw new ApiError(403, 'Only team moderators can update a team.');
      const description = str(b, 'description');
      team.name = name;
      if (description !== undefined) team.description = description === ' ' ? undefined : description;
      if (team.general) {
        team.general.title = name;
        ctx.world.changed(team.general);
      }
      return { status: 200, json: teamJson(team) };
    },
  },
  {
    method: 'DELETE',
    template: '/teams/{teamId}',
    auth: true,
    body: 'none',
    handler: (req, ctx) => {
      const team = teamForMember(ctx.world, req.caller, req.params.teamId ?? '');
      if (!isTeamModerator(team, req.caller)) throw new ApiError(403, 'Only team moderators can delete a team.');
      deleteTeam(ctx.world, team);
      return { status: 204 };
    },
  },
  {
    method: 'GET',
    template: '/team/memberships',
    auth: true,
    body: 'none',
    handler: (req, ctx) => {
      const teamId = queryString(req.query, 'teamId');
      if (teamId === undefined) throw new ApiError(400, "Required String parameter 'teamId' is not present");
      const team = teamForMember(ctx.world, req.caller, teamId);
      const max = maxParam(req.query, { default: 100, limit: 1000, overflow: 'clamp' });
      const list = [...team.members.values()].sort(byId);
      const page = pageByKey(list, (m) => m.id, queryString(req.query, 'cursor'), max);
      const headers: Record<string, string> = {};
      if (page.next) headers.Link = listLink(ctx.origin(), req.path, req.query, max, page.next);
      return { status: 200, json: { items: page.items.map((m) => teamMembershipJson(m, ctx.world.orgId)) }, headers };
    },
  },
  {
    method: 'POST',
    template: '/team/memberships',
    auth: true,
    body: 'json',
    handler: (req, ctx) => {
      const b = jsonBody(req.body);
      const teamId = str(b, 'teamId');
      if (teamId === undefined || teamId === '') throw new ApiError(400, 'teamId cannot be null');
      const isModerator = bool(b, 'isModerator') ?? false;
      const team = teamForMember(ctx.world, req.caller, teamId);
      const person = personFromRef(ctx.world, str(b, 'personId'), str(b, 'personEmail'));
      const tm = addTeamMember(ctx.world, team, person, isModerator);
      return { status: 200, json: teamMembershipJson(tm, ctx.world.orgId) };
    },
  },
  {
    method: 'GET',
    template: '/team/memberships/{membershipId}',
    auth: true,
    body: 'none',
    handler: (req, ctx) => ({
      status: 200,
      json: teamMembershipJson(
        teamMembershipFor(ctx.world, req.caller, req.params.membershipId ?? ''),
        ctx.world.orgId,
      ),
    }),
  },
  {
    method: 'PUT',
    template: '/team/memberships/{membershipId}',
    auth: true,
    body: 'json',
    handler: (req, ctx) => {
      const tm = teamMembershipFor(ctx.world, req.caller, req.params.membershipId ?? '');
      const isModerator = bool(jsonBody(req.body), 'isModerator');
      if (isModerator !== undefined && isModerator !== tm.isModerator) {
        if (!isTeamModerator(tm.team, req.caller))
          throw new ApiError(403, 'Only team moderators can change moderators.');
        if (!isModerator && [...tm.team.members.values()].filter((m) => m.isModerator).length <= 1) {
          throw new ApiError(409, 'The last moderator of a team cannot be removed.');
        }
        tm.isModerator = isModerator;
      }
      return { status: 200, json: teamMembershipJson(tm, ctx.world.orgId) };
    },
  },
  {
    method: 'DELETE',
    template: '/team/memberships/{membershipId}',
    auth: true,
    body: 'none',
    handler: (req, ctx) => {
      const tm = teamMembershipFor(ctx.world, req.caller, req.params.membershipId ?? '');
      if (tm.person !== req.caller && !isTeamModerator(tm.team, req.caller)) {
        throw new ApiError(403, 'Only team moderators can remove team members.');
      }
      removeTeamMember(ctx.world, tm);
      return { status: 204 };
    },
  },
];
