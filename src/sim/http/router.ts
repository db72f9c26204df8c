import type { Route } from './types';

interface Compiled {
  route: Route;
  segments: string[];
}

export type RouteMatch =
  | { kind: 'ok'; route: Route; params: Record<string, string> }
  /** The path exists with other methods (→ 405 with Allow). */
  | { kind: 'method'; allowed: string[]; template: string }
  | { kind: 'none' };

/** Segment-wise matching of '/a/{b}/c' templates; static segments win over parameters. */
export class Router {
  private readonly compiled: Compiled[];

  constructor(routes: Route[]) {
    this.compiled = routes
      .map((route) => ({ route, segments: route.template.split('/').filter(Boolean) }))
      // Static templates first so '/messages/direct' wins over '/messages/{messageId}'.
      .sort((a, b) => staticness(b.segments) - staticness(a.segments));
  }

  match(method: string, path: string): RouteMatch {
    const parts = path.split('/').filter(Boolean);
    const allowed = new Set<string>();
    let template: string | undefined;
    for (const c of this.compiled) {
      const params = matchSegments(c.segments, parts);
      if (!params) continue;
      if (c.route.method === method) return { kind: 'ok', route: c.route, params };
      // Only report 405 for the most specific template that matched.
      if (template === undefined) template = c.route.template;
      if (c.route.template === template) allowed.add(c.route.method);
    }
    return template === undefined ? { kind: 'none' } : { kind: 'method', allowed: [...allowed], template };
  }
}

function staticness(segments: string[]): number {
  return segments.reduce((n, s, i) => n + (s.startsWith('{') ? 0 : 2 ** (10 - i)), 0);
}

function matchSegments(template: string[], parts: string[]): Record<string, string> | undefined {
  if (template.length !== parts.length) return undefined;
  const params = Object.create(null) as Record<string, string>;
  for (let i = 0; i < template.length; i++) {
    const t = template[i] as string;
    const p = parts[i] as string;
    if (t.startsWith('{')) {
      let value: string;
      try {
        value = decodeURIComponent(p);
      } catch {
        value = p;
      }
      params[t.slice(1, -1)] = value;
    } else if (t !== p) {
      return undefined;
    }
  }
  return params;
}
