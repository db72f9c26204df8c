import { describe, expect, it, vi } from 'vitest';
import {
  hardenSession,
  hardenWebContents,
  mainWindowOptions,
  secureWebPreferences,
} from '../../../src/main/app/window';
import { FakeWebContents } from './fake-electron';

function navEvent(url: string) {
  return { url, preventDefault: vi.fn() };
}

describe('window security baseline', () => {
  it('web preferences keep isolation, sandbox and web security on and Node off', () => {
    const prefs = secureWebPreferences('/app/out/preload/index.js');
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(mainWindowOptions({ preloadPath: '/p.js', title: 'T', platform: 'darwin' }).webPreferences).toEqual(
      secureWebPreferences('/p.js'),
    );
  });

  it('spellcheck is off on Linux (Chromium would fetch Hunspell dictionaries from a CDN), on elsewhere', () => {
    const prefs = (platform: NodeJS.Platform) =>
      mainWindowOptions({ preloadPath: '/p.js', title: 'T', platform }).webPreferences;
    expect(prefs('linux')?.spellcheck).toBe(false);
    expect(prefs('darwin')?.spellcheck).toBe(true);
    expect(prefs('win32')?.spellcheck).toBe(true);
    // Apart from spellcheck, Linux gets the same baseline.
    expect({ ...prefs('linux'), spellcheck: true }).toEqual(secureWebPreferences('/p.js'));
  });

  it("in development, lets Vite's full reload of the dev server URL through, and nothing else", () => {
    const contents = new FakeWebContents();
    const blocked: string[] = [];
    hardenWebContents(contents, (what, url) => blocked.push(`${what} ${url}`), {
      devServerOrigin: 'http://localhost:5173',
    });
    const reload = { ...navEvent('http://localhost:5173/'), isMainFrame: true };
    contents.emit('will-navigate', reload);
    contents.emit('will-frame-navigate', reload);
    expect(reload.preventDefault).not.toHaveBeenCalled();
    for (const url of ['http://localhost:5174/', 'https://localhost:5173/', 'http://evil.example/', 'app://ops/']) {
      const event = { ...navEvent(url), isMainFrame: true };
      contents.emit('will-navigate', event);
      expect(event.preventDefault, url).toHaveBeenCalled();
    }
    const subFrame = { ...navEvent('http://localhost:5173/'), isMainFrame: false };
    contents.emit('will-frame-navigate', subFrame);
    expect(subFrame.preventDefault).toHaveBeenCalled();
    // Redirects stay blocked even to the dev server.
    const redirect = navEvent('http://localhost:5173/');
    contents.emit('will-redirect', redirect);
    expect(redirect.preventDefault).toHaveBeenCalled();
    expect(blocked).toHaveLength(6);
  });

  it('blocks every navigation, frame navigation, redirect and webview, and denies window.open', () => {
    const contents = new FakeWebContents();
    const blocked: string[] = [];
    hardenWebContents(contents, (what) => blocked.push(what));
    for (const name of ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']) {
      const event = navEvent('https://evil.example/');
      contents.emit(name, event);
      expect(event.preventDefault, name).toHaveBeenCalled();
    }
    expect(
      contents.windowOpenHandler?.({
        url: 'https://evil.example/',
        frameName: '',
        features: '',
        disposition: 'new-window',
        referrer: { url: '', policy: 'default' },
      }),
    ).toEqual({ action: 'deny' });
    expect(blocked).toEqual(['navigation', 'frame navigation', 'redirect', 'webview', 'window.open']);
  });

  it('grants only clipboard-sanitized-write to the app main frame', () => {
    let request: ((c: unknown, p: string, cb: (granted: boolean) => void, d: object) => void) | undefined;
    let check: ((c: unknown, p: string, origin: string, d: object) => boolean) | undefined;
    hardenSession(
      {
        setPermissionRequestHandler: (h) => (request = h as never),
        setPermissionCheckHandler: (h) => (check = h as never),
      },
      ['app://ops'],
    );
    const ask = (permission: string, url: string, isMainFrame = true): boolean => {
      let granted: boolean | undefined;
      request?.(null, permission, (g) => (granted = g), { requestingUrl: url, isMainFrame });
      return granted === true;
    };
    expect(ask('clipboard-sanitized-write', 'app://ops/index.html')).toBe(true);
    expect(ask('clipboard-sanitized-write', 'app://ops/index.html', false)).toBe(false);
    expect(ask('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    for (const p of ['notifications', 'media', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen']) {
      expect(ask(p, 'app://ops/index.html'), p).toBe(false);
    }
    expect(check?.(null, 'clipboard-sanitized-write', 'app://ops', { isMainFrame: true })).toBe(true);
    expect(check?.(null, 'media', 'app://ops', { isMainFrame: true })).toBe(false);
    expect(check?.(null, 'clipboard-sanitized-write', 'https://evil.example', { isMainFrame: true })).toBe(false);
  });
});
