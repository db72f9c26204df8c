/** Shared by the ops/borders and ops/layers rules: what an import specifier names, and every way to name one. */
import { builtinModules } from 'node:module';
import path from 'node:path';

const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

export function globToRegExp(glob) {
  const escaped = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\/\*\*$/, '<ANY-SUBPATH>')
    .replace(/\*\*/g, '<ANY>')
    .replace(/\*/g, '[^/]*')
    .replace(/<ANY>/g, '.*')
    .replace(/<ANY-SUBPATH>/g, '(?:/.*)?');
  return new RegExp(`^${escaped}$`);
}

export function matches(pattern, target) {
  if (pattern === '@builtin') return target.builtin;
  if (target.relative !== undefined) return globToRegExp(pattern).test(target.relative);
  return globToRegExp(pattern).test(target.specifier) || globToRegExp(`${pattern}/**`).test(target.specifier);
}

export function describe(specifier, filename, cwd) {
  if (specifier.startsWith('.') || path.isAbsolute(specifier)) {
    const resolved = path.resolve(path.dirname(filename), specifier);
    return { specifier, relative: path.relative(cwd, resolved).split(path.sep).join('/'), builtin: false };
  }
  return { specifier, builtin: builtins.has(specifier) || builtins.has(specifier.split('/')[0]) };
}

const literal = (node) =>
  node && node.type === 'Literal'
    ? node.value
    : node?.type === 'TemplateLiteral' && node.expressions.length === 0
      ? node.quasis[0].value.cooked
      : undefined;

/** AST visitors calling `check(node, specifier)` for every way a module can be named (shared with ops/layers). */
export function importVisitors(check) {
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
}
