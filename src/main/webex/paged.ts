import { findNextLink, restoreDroppedParams } from './link';
import { MalformedResponse, issuesOf, readJsonBody } from './responses';
import type { ResponseSchema } from './schemas';
import type { Transport } from './transport';
import type { CallRetry } from './types';

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
  schema: ResponseSchema<T>;
  /** Name of one item for messages (e.g. 'room'). */
  what: string;
  limit?: number;
  signal?: AbortSignal;
  /** The caller's retry budget for every page request (see CallRetry). */
  retry?: CallRetry;
}

interface FetchedPage<T> {
  items: T[];
  next?: URL;
}

async function fetchPage<T>(spec: PagedSpec<T>, url: URL, original: URLSearchParams): Promise<FetchedPage<T>> {
  const base = spec.transport.baseUrl;
  const request = {
    method: 'GET' as const,
    url,
    route: spec.route,
    ...(spec.signal ? { signal: spec.signal } : {}),
    ...(spec.retry ? { retry: spec.retry } : {}),
  };
  return spec.transport.execute(request, async (res) => {
    const json = await readJsonBody(res.body);
    const raw = typeof json === 'object' && json !== null ? (json as { items?: unknown }).items : undefined;
    if (!Array.isArray(raw))
      throw new MalformedResponse('the response is not a valid list (no items array)', [
        { path: 'items', message: 'expected an array' },
      ]);
    const items = new Array<T>(raw.length);
    for (let i = 0; i < raw.length; i++) {
      const checked = spec.schema.safeParse(raw[i]);
      if (!checked.success) {
        throw new MalformedResponse(`the response is not a valid ${spec.what}`, issuesOf(checked.error, `items.${i}`));
      }
      items[i] = checked.data;
    }
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

  /**
   * Item iteration without a generator per item: items of the current page are handed out from an array; the
   * pages generator is resumed (→ the next request) only when the page is used up and the caller asks again.
   */
  function items(): AsyncIterableIterator<T> {
    const source = pages();
    let buffer: T[] = [];
    let index = 0;
    let finished = false;
    const DONE: IteratorResult<T, undefined> = { done: true, value: undefined };
    async function refill(): Promise<IteratorResult<T, undefined>> {
      while (index >= buffer.length) {
        if (finished) return DONE;
        const page = await source.next();
        if (page.done) {
          finished = true;
          return DONE;
        }
        buffer = page.value.items;
        index = 0;
      }
      return { done: false, value: buffer[index++] as T };
    }
    const iterator: AsyncIterableIterator<T> = {
      // Not async: an item already in the buffer costs one resolved promise, no async-function frame.
      next(): Promise<IteratorResult<T, undefined>> {
        if (index < buffer.length) return Promise.resolve({ done: false, value: buffer[index++] as T });
        return refill();
      },
      async return(): Promise<IteratorResult<T, undefined>> {
        finished = true;
        buffer = [];
        await source.return(undefined);
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }

  return {
    [Symbol.asyncIterator]: () => items(),
    pages: () => pages(),
    toArray: async () => {
      const all: T[] = [];
      for await (const page of pages()) for (const item of page.items) all.push(item);
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
