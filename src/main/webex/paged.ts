import type { z } from 'zod';
import { findNextLink, restoreDroppedParams } from './link';
import { MalformedResponse, readJsonBody, validate } from './responses';
import { listBodySchema } from './schemas';
import type { Transport } from './transport';

export interface Page<T> {
  items: T[];
  /** Whether iterating further would request another page. */
  hasNext: boolean;
}

/**
 * A lazily paged list. Iterating yields items and requests the next page (`Link: rel="next"`) only when the
 * consumer asks for an item beyond the current page; breaking out of `for await` stops. Every iteration starts
 * again from the first page.
 */
export interface Paged<T> extends AsyncIterable<T> {
  /** Page at a time. */
  pages(): AsyncIterableIterator<Page<T>>;
  /** Collects every item (respecting `limit`). */
  toArray(): Promise<T[]>;
}

export interface PagedSpec<T> {
  transport: Transport;
  /** The first page's URL (query included). */
  url: URL;
  route: string;
  schema: z.ZodType<T>;
  /** Name of one item for messages (e.g. 'room'). */
  what: string;
  limit?: number;
  signal?: AbortSignal;
}

interface FetchedPage<T> {
  items: T[];
  next?: URL;
}

async function fetchPage<T>(spec: PagedSpec<T>, url: URL, original: URLSearchParams): Promise<FetchedPage<T>> {
  const base = spec.transport.baseUrl;
  const request = { method: 'GET' as const, url, route: spec.route, ...(spec.signal ? { signal: spec.signal } : {}) };
  return spec.transport.execute(request, async (res) => {
    const json = await readJsonBody(res.body);
    const body = validate(listBodySchema, json, 'list (no items array)');
    const items = body.items.map((item, i) => validate(spec.schema, item, spec.what, `items.${i}`));
    const link = findNextLink(res.headers.link);
    const page: FetchedPage<T> = { items };
    if (link !== undefined) {
      let next: URL;
      try {
        next = new URL(link, res.url);
      } catch {
        throw new MalformedResponse('the next-page link is not a valid URL');
      }
      if (next.origin !== base.origin) throw new MalformedResponse('the next-page link points to another origin');
      next = restoreDroppedParams(next, original);
      if (next.href === url.href) throw new MalformedResponse('the next-page link points to the same page');
      page.next = next;
    }
    return page;
  });
}

export function createPaged<T>(spec: PagedSpec<T>): Paged<T> {
  const limit = spec.limit === undefined ? undefined : Math.max(0, Math.floor(spec.limit));

  async function* pages(): AsyncGenerator<Page<T>, void, undefined> {
    if (limit === 0) return;
    const original = new URLSearchParams(spec.url.search);
    let url: URL | undefined = spec.url;
    let count = 0;
    while (url !== undefined) {
      const fetched: FetchedPage<T> = await fetchPage(spec, url, original);
      let items = fetched.items;
      let next = fetched.next;
      if (limit !== undefined && count + items.length >= limit) {
        items = items.slice(0, limit - count);
        next = undefined;
      }
      count += items.length;
      yield { items, hasNext: next !== undefined };
      url = next;
    }
  }

  async function* items(): AsyncGenerator<T, void, undefined> {
    for await (const page of pages()) {
      for (const item of page.items) yield item;
    }
  }

  return {
    [Symbol.asyncIterator]: () => items(),
    pages: () => pages(),
    toArray: async () => {
      const all: T[] = [];
      for await (const item of items()) all.push(item);
      return all;
    },
  };
}

/** A list that fails on first use (local validation errors surface where the caller iterates, not at the call). */
export function failedPaged<T>(error: unknown): Paged<T> {
  // eslint-disable-next-line require-yield
  async function* fail(): AsyncGenerator<never, void, undefined> {
    throw error;
  }
  return {
    [Symbol.asyncIterator]: () => fail(),
    pages: () => fail(),
    toArray: () => Promise.reject(error),
  };
}
