import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// vitest runs with globals off: Testing Library neither cleans up nor marks the act() environment by itself.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
afterEach(cleanup);

// The DOM standard lets `event.cancelBubble = true` stop propagation (Chromium does; the adaptivecards buttons do it
// on click); happy-dom only has the getter. Give it the standard setter, once for every component test.
const cancelBubble = Object.getOwnPropertyDescriptor(Event.prototype, 'cancelBubble');
if (cancelBubble && !cancelBubble.set) {
  Object.defineProperty(Event.prototype, 'cancelBubble', {
    configurable: true,
    get: cancelBubble.get,
    set(this: Event, value: boolean) {
      if (value) this.stopPropagation();
    },
  });
}
