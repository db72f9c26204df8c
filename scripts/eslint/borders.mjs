/**
 * ESLint rule `ops/borders`: the architecture's import borders (docs/architecture.md §2), for every way a module can be named —
 * `import`, `import type`, `export … from`, `require()`, `import()`, `import x = require()` and `typeof import()`.
 *
 * Options: { deny: Array<{ pattern: string, message: string }>, allowOnly?: { patterns: string[], message: string } }
 * Patterns match the specifier as written for packages ('electron', 'zod', 'node:*', '@builtin') and the
 * project-relative resolved path for relative specifiers ('src/main/**').
 */
import { builtinModules } from 'node:module';
import path from 'node:path';

const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

function globToRegExp(glob) {
  const escaped = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\/\*\*$/, '<ANY-SUBPATH>')
    .replace(/\*\*/g, '<ANY>')
    .replace(/\*/g, '[^/]*')
    .replace(/<ANY>/g, '.*')
    .replace(/<ANY-SUBPATH>/g, '(?:/.*)?');
  return new RegExp(`^${escaped}$`);
}

function matches(pattern, target) {
  if (pattern === '@builtin') return target.builtin;
  if (target.relative !== undefined) return globToRegExp(pattern).test(target.relative);
  return globToRegExp(pattern).test(target.specifier) || globToRegExp(`${pattern}/**`).test(target.specifier);
}

function describe(specifier, filename, cwd) {
  if (specifier.startsWith('.') || path.isAbsolute(specifier)) {
    const resolved = path.resolve(path.dirname(filename), specifier);
    return { specifier, relative: path.relative(cwd, resolved).split(path.sep).join('/'), builtin: false };
  }
  return { specifier, builtin: builtins.has(specifier) || builtins.has(specifier.split('/')[0]) };
}

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

    const literal = (node) =>
      node && node.type === 'Literal'
        ? node.value
        : node?.type === 'TemplateLiteral' && node.expressions.length === 0
          ? node.quasis[0].value.cooked
          : undefined;

    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => check(node, literal(node.source)),
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments.length > 0) {
          check(node, literal(node.arguments[0]));
        }
      },
      TSImportEqualsDeclaration(node) {
        if (node.moduleReference.type === 'TSExternalModuleReference')
          check(node, literal(node.moduleReference.expression));
      },
      TSImportType(node) {
        const arg = node.argument?.type === 'TSLiteralType' ? node.argument.literal : node.argument;
        check(node, literal(arg));
      },
    };
  },
};

export default { rules: { borders: bordersRule } };
