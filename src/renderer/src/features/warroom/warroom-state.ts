import { create } from 'zustand';
import type { MemberView, MessageView } from '../../../../shared/contract/channels';

/** Where the "Open a war room" dialog was opened from, and the title it starts with. */
export interface WarRoomRequest {
  title: string;
  /** The alert message it was opened from, if any. */
  fromMessageId?: string;
  /** The space of that alert: its members are offered as people to bring in (no typing). */
  fromRoomId?: string;
}

interface WarRoomState {
  request?: WarRoomRequest;
}

/** The war-room dialog's open state: one dialog for the window, opened from the header or an alert message. */
export const useWarRoom = create<WarRoomState>(() => ({}));

export const openWarRoom = (request: WarRoomRequest): void => useWarRoom.setState({ request });
export const closeWarRoom = (): void => useWarRoom.setState({ request: undefined });

/** Longest title suggested from an alert (Webex allows more; a war room title should stay readable). */
export const SUGGESTED_TITLE_MAX = 80;

/** A war-room title from an alert: its first non-empty line, without markdown emphasis, prefixed "War room: ". */
export function titleFromAlert(message: Pick<MessageView, 'text' | 'markdown'>): string {
  const source = message.text ?? message.markdown ?? '';
  const line =
    source
      .split('\n')
      .map((l) =>
        l
          .replace(/[*_`#>]/g, '')
          .replace(/\s+/g, ' ')
          .trim(),
      )
      .find((l) => l !== '') ?? '';
  const title = `War room: ${line}`.trim();
  return title.length > SUGGESTED_TITLE_MAX ? `${title.slice(0, SUGGESTED_TITLE_MAX - 1).trimEnd()}…` : title;
}

/** A message the console treats as an alert: an alert rule matched it, or a bot's card came with it. */
export function isAlertMessage(message: Pick<MessageView, 'ruleMatches' | 'cards' | 'isMine'>): boolean {
  return !message.isMine && (message.ruleMatches.length > 0 || (message.cards?.length ?? 0) > 0);
}

/** A bot: main marks it; an address at `webex.bot` is one too (docs/webex-api.md §2.4). */
export function isBotMember(member: Pick<MemberView, 'bot' | 'email'>): boolean {
  return member.bot === true || /@webex\.bot$/i.test(member.email.trim());
}

/**
 * People of the alert's space worth offering for a war room: not the operator (in the new space anyway) and no
 * bots — the alert bot, or the operator's own bot identity, is not someone to pull into an incident.
 */
export function suggestedPeople(members: readonly MemberView[], myPersonId: string | undefined): MemberView[] {
  return members.filter((m) => m.personId !== myPersonId && !isBotMember(m));
}
