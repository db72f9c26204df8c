/**
 * Acting in spaces (issue "Acting in spaces"; docs/architecture.md §2 features layer): the members of a space,
 * war rooms and teams, Adaptive Card submits, drafts per space, edits and deletes of one's own messages, and files
 * chosen in main for the composer. Plain Node, no Electron; wired into `createCore`. Messages themselves leave the
 * app through the outbox (src/main/runbooks), which calls `uploadPicked` for a message with a file.
 */
import { submitCard } from './cards';
import { createDrafts } from './drafts';
import { deleteMessage, editMessage } from './edits';
import { createPickedFiles } from './files';
import { addMembers, listMembers, removeMember, setModerator } from './members';
import { checkMentions } from './mentions';
import { needSession } from './session';
import type { SpacesService, SpacesServiceDeps } from './types';
import { createSpace, listTeams, teamSpaces } from './war-room';

export type { SpacesService, SpacesServiceDeps, SpacesChannel, ChosenFile } from './types';
export type { UploadPicked, UploadMessage } from './files';

export function createSpacesService(deps: SpacesServiceDeps): SpacesService {
  const files = createPickedFiles();
  const drafts = createDrafts({ ...deps, files });
  const need = () => needSession(deps.session);
  // Handles belong to the identity that chose them.
  const stopSession = deps.session.onChange(() => files.clear());
  return {
    handlers: {
      'members.list': ({ roomId }) => listMembers(need(), roomId),
      'members.add': ({ roomId, emails }) => addMembers(need(), roomId, emails, deps.report),
      'members.remove': ({ membershipId }) => removeMember(need(), membershipId),
      'members.setModerator': ({ membershipId, isModerator }) => setModerator(need(), membershipId, isModerator),
      'spaces.create': (input) => createSpace(need(), input, deps),
      'teams.list': () => listTeams(need()),
      'teams.spaces': ({ teamId }) => teamSpaces(need(), teamId),
      'cards.submit': ({ messageId, inputs }) => submitCard(need(), messageId, inputs),
      'drafts.snapshot': () => drafts.snapshot(need()),
      'drafts.get': ({ roomId }) => drafts.get(need(), roomId),
      'drafts.set': (input) => drafts.set(need(), input),
      'messages.edit': ({ messageId, markdown }) => editMessage(need(), messageId, markdown, deps.ownChange),
      'messages.delete': ({ messageId }) => deleteMessage(need(), messageId, deps.ownChange),
      'composer.checkMentions': ({ roomId, markdown }) => checkMentions(need(), roomId, markdown),
      'composer.pickFile': async () => {
        need();
        return files.pick(deps.pickFile);
      },
      'composer.checkFile': async ({ roomId, fileId }) => {
        const session = need();
        // A handle kept with the space's draft is known again (after a restart it is read from the draft).
        if (!files.entry(fileId)) await drafts.fileOf(session, roomId, fileId);
        return files.check(fileId);
      },
    },
    uploadPicked: (session, file, message, options) => files.upload(session, file, message, options),
    pickedRecord: async (session, roomId, fileId) => files.entry(fileId) ?? drafts.fileOf(session, roomId, fileId),
    clearSentDraft: (session, roomId, parentId) => drafts.clearSent(session, roomId, parentId),
    dispose() {
      stopSession();
      files.clear();
    },
  };
}
