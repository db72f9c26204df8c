export { createStore, DEFAULT_DEBOUNCE_MS, type StoreOptions } from './store';
export { createNodeStoreFs, type StoreFs } from './fs';
export { identityDir } from './paths';
export type { Doc, DocumentSpec, Journal, JournalReadResult, Store, StoreWarning, StoreWarningKind } from './types';
