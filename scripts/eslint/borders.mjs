/**
 * ESLint rule `ops/borders`: the architecture's import borders (docs/architecture.md §2), for every way a module can be named —
 * `import`, `import type`, `export … from`, `require()`, `import()`, `import x = require()` and `typeof import()`.
 *
 * Options: { deny: Array<{ pattern: string, message: string }>, allowOnly?: { patterns: string[], message: string } }
 * Patterns match the specifier as written for packages ('electron', 'zod', 'node:*', '@builtin') and the
 * project-relative resolved path for relative specifiers ('src/main/**').
 */
import { layersRule } from './layers.mjs';
import { describe, importVisitors, matches } from './specifiers.mjs';

export const bordersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the import borders between renderer, shared, preload, shell and core.' },
    schema: [
      {
        type: 'object',
        properties: {
          deny: {
            type: 'array',
            items: {
              type: 'object',
              properties: { pattern: { type: 'string' }, message: { type: 'string' } },
              required: ['pattern', 'message'],
            },
          },
          allowOnly: {
            type: 'object',
            properties: { patterns: { type: 'array', items: { type: 'string' } }, message: { type: 'string' } },
            required: ['patterns', 'message'],
          },
        },
        additionalProperties: false,
      },
    ],
  },
  create(context) {
    const options = context.options[0] ?? {};
    const cwd = context.cwd;
    const filename = context.filename;

    function check(node, specifier) {
      if (typeof specifier !== 'string') return;
      const target = describe(specifier, filename, cwd);
      for (const rule of options.deny ?? []) {
        if (matches(rule.pattern, target)) {
          context.report({ node, message: `${rule.message} ('${specifier}')` });
          return;
        }
      }
      if (options.allowOnly && !options.allowOnly.patterns.some((p) => matches(p, target))) {
        context.report({ node, message: `${options.allowOnly.message} ('${specifier}')` });
      }
    }

    return importVisitors(check);
  },
};

export default { rules: { borders: bordersRule, layers: layersRule } };
