import { AdaptiveCard, HostConfig, OpenUrlAction, SubmitAction, type Action } from 'adaptivecards';
import { useLayoutEffect, useRef } from 'react';
import type { CardInputs, CardView } from '../../../../shared/contract/channels';
import { useCommand, useCommands } from '../../bridge-context';

// Card text is never turned into HTML: no markdown processor (and never a global `window.markdownit`), so
// TextBlocks show their text literally.
AdaptiveCard.onProcessMarkdown = (_text, result) => {
  result.didProcess = false;
};

const hostConfigFor = (interactive: boolean): HostConfig =>
  new HostConfig({
    // A card of a message (messageId known) has its inputs and buttons; anywhere else it is read-only.
    supportsInteractivity: interactive,
    fontFamily: 'inherit',
    // The window's own colours (both schemes), not the library's light-only defaults.
    containerStyles: {
      default: {
        backgroundColor: 'transparent',
        foregroundColors: {
          default: { default: 'var(--text)', subtle: 'var(--muted)' },
          accent: { default: 'var(--accent)', subtle: 'var(--accent)' },
          attention: { default: 'var(--mention)', subtle: 'var(--mention)' },
          warning: { default: 'var(--alert)', subtle: 'var(--alert)' },
          good: { default: 'var(--ok)', subtle: 'var(--ok)' },
          dark: { default: 'var(--text)', subtle: 'var(--muted)' },
          light: { default: 'var(--muted)', subtle: 'var(--muted)' },
        },
      },
    },
  });
const readOnlyConfig = hostConfigFor(false);
const interactiveConfig = hostConfigFor(true);

/** A submit's data (the card's inputs merged by the library) as plain values; anything else is left out. */
export function cardInputsOf(data: unknown): CardInputs {
  const inputs: CardInputs = {};
  if (typeof data !== 'object' || data === null) return inputs;
  for (const [key, value] of Object.entries(data)) {
    if (key === '__proto__') continue;
    if (
      typeof value === 'string' ||
      typeof value === 'boolean' ||
      (typeof value === 'number' && Number.isFinite(value))
    )
      inputs[key] = value;
  }
  return inputs;
}

const DANGEROUS = 'script, iframe, frame, object, embed, form, base, meta, link, style';

/**
 * What the library rendered, made safe for the window: no active elements, no event-handler attributes, no
 * javascript:/data: links, and no remote images (the CSP would block them; their alt text is shown instead).
 */
export function sanitizeCard(root: HTMLElement): void {
  for (const el of [...root.querySelectorAll(DANGEROUS)]) el.remove();
  for (const el of [...root.querySelectorAll('*')]) {
    for (const attr of [...el.attributes]) {
      if (/^on/i.test(attr.name)) el.removeAttribute(attr.name);
      else if (['href', 'src', 'xlink:href', 'action', 'formaction'].includes(attr.name)) {
        if (!/^(https:|mailto:)/i.test(attr.value.trim()) || el.tagName === 'IMG') el.removeAttribute(attr.name);
      }
    }
    if (el.tagName === 'IMG') {
      const alt = el.getAttribute('alt');
      el.replaceWith(document.createTextNode(alt ? `[image: ${alt}]` : '[image]'));
    }
  }
}

/**
 * One Adaptive Card, rendered by the adaptivecards library and sanitised, links opened through main. With the
 * message's id it is interactive: `Action.Submit` posts its inputs through main (`cards.submit`), `Action.OpenUrl`
 * goes through openExternal (https:/mailto: only), `Action.ShowCard` expands in place (the library does that).
 */
export function AdaptiveCardView({ card, messageId }: { card: CardView; messageId?: string }) {
  const commands = useCommands();
  const host = useRef<HTMLDivElement>(null);
  const submit = useCommand(messageId ? `cards.submit:${messageId}` : '');

  useLayoutEffect(() => {
    const target = host.current;
    if (!target) return;
    const adaptive = new AdaptiveCard();
    adaptive.hostConfig = messageId ? interactiveConfig : readOnlyConfig;
    if (messageId) {
      adaptive.onExecuteAction = (action: Action) => {
        if (action instanceof SubmitAction) {
          void commands.submitCard(messageId, action.title ?? 'the card', cardInputsOf(action.data));
        } else if (action instanceof OpenUrlAction) {
          const url = action.url ?? '';
          if (/^(https:|mailto:)/i.test(url)) void commands.openExternal(url);
        }
      };
    }
    // A ShowCard's card is rendered only when it expands: what it added is sanitised like the rest.
    adaptive.onInlineCardExpanded = (_action, expanded) => {
      if (expanded && rendered) sanitizeCard(rendered);
    };
    adaptive.onAnchorClicked = (_element, anchor) => {
      const href = anchor.getAttribute('href') ?? '';
      if (/^(https:|mailto:)/i.test(href)) void commands.openExternal(href);
      return true;
    };
    let rendered: HTMLElement | undefined;
    try {
      adaptive.parse(card.content);
      rendered = adaptive.render();
    } catch {
      rendered = undefined;
    }
    target.replaceChildren();
    if (!rendered) {
      const note = document.createElement('span');
      note.className = 'muted small';
      note.textContent = 'This card could not be shown.';
      target.append(note);
    } else {
      sanitizeCard(rendered);
      target.append(rendered);
    }
    return () => target.replaceChildren();
  }, [card, commands, messageId]);

  return (
    <div className="adaptive-card" data-card="">
      <div ref={host} />
      {submit ? (
        <p className="muted small" role="status" data-submit={submit.status}>
          {submit.status === 'pending'
            ? `${submit.label}…`
            : submit.status === 'ok'
              ? `${submit.label}: sent.`
              : `${submit.label}: failed.`}
        </p>
      ) : null}
    </div>
  );
}
