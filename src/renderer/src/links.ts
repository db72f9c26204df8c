/**
 * Every link click is handled here, never by Chromium: https:/mailto: links go to the system browser through
 * main (which checks them again); anything else is ignored. So Electron and the test browser behave alike.
 */
export function installLinkInterception(open: (url: string) => unknown, doc: Document): () => void {
  const handler = (event: MouseEvent): void => {
    const target = event.target instanceof Element ? event.target.closest('a[href]') : null;
    if (!(target instanceof HTMLAnchorElement)) return;
    event.preventDefault();
    const href = target.getAttribute('href') ?? '';
    if (/^(https:|mailto:)/i.test(href)) void open(href);
  };
  doc.addEventListener('click', handler, true);
  doc.addEventListener('auxclick', handler, true);
  return () => {
    doc.removeEventListener('click', handler, true);
    doc.removeEventListener('auxclick', handler, true);
  };
}
