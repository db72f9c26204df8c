/**
 * The alert bot's Adaptive Cards (docs/webex-api.md §2.3 attachments, §2.7 attachment actions): each alert carries
 * a card (version 1.3) with "Acknowledge" and "Silence 1 h" `Action.Submit` buttons; a submit on such a card is
 * answered by the card's author in the alert's thread ("Acknowledged by …").
 */
import type { CardAttachment } from '../types';
import type { AttachmentActionRec } from '../core/actions';
import type { PersonRec } from '../core/model';
import type { PostInput } from '../core/ops';

export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

/** The `action` values the card's buttons submit (merged into the action's inputs, like the real clients do). */
export type AlertCardAction = 'ack' | 'silence1h';

export function alertCard(service: string, headline: string, severity: 'CRITICAL' | 'WARNING'): CardAttachment {
  return {
    contentType: ADAPTIVE_CARD,
    content: {
      type: 'AdaptiveCard',
      version: '1.3',
      body: [
        {
          type: 'TextBlock',
          text: `${severity}: ${service}`,
          weight: 'Bolder',
          color: severity === 'CRITICAL' ? 'Attention' : 'Warning',
        },
        { type: 'TextBlock', text: headline, wrap: true },
        { type: 'Input.Text', id: 'note', placeholder: 'Note (optional)', isMultiline: false },
      ],
      actions: [
        { type: 'Action.Submit', title: 'Acknowledge', data: { action: 'ack', service } },
        { type: 'Action.Submit', title: 'Silence 1 h', data: { action: 'silence1h', service } },
      ],
    },
  };
}

function isAlertAction(v: unknown): v is AlertCardAction {
  return v === 'ack' || v === 'silence1h';
}

/**
 * The bot's answer to a submit on one of its alert cards, or undefined (not a bot's card, or not one of its
 * buttons). Posted as a reply in the card's thread.
 */
export function answerCardAction(action: AttachmentActionRec): { as: PersonRec; input: PostInput } | undefined {
  const author = action.message.person;
  if (author.type !== 'bot' || action.message.deleted) return undefined;
  const kind = action.inputs.action;
  if (!isAlertAction(kind)) return undefined;
  const service = typeof action.inputs.service === 'string' ? action.inputs.service : 'the alert';
  const note =
    typeof action.inputs.note === 'string' && action.inputs.note.trim() !== ''
      ? ` — “${action.inputs.note.trim()}”`
      : '';
  const who = action.person.displayName;
  const text =
    kind === 'ack'
      ? `**${service}** acknowledged by ${who}${note}`
      : `**${service}** silenced for 1 h by ${who}${note}`;
  const parent = action.message.parent ?? action.message;
  return { as: author, input: { roomId: action.message.room.id, markdown: text, parentId: parent.id } };
}
