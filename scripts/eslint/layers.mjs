/**
 * ESLint rule `ops/layers`: the layers inside the core (docs/architecture.md §2). A module under `root` may import
 * only from its own layer or a lower one; every top-level folder or file under `root` must be placed in a layer,
 * so a new one cannot slip in unplaced. Imports that leave `root` (src/shared, packages) are not this rule's concern.
 *
 * Options: { root: 'src/main', layers: Array<{ name: string, members: string[] }> } — lowest layer first; a member
 * is a top-level entry under `root` without its extension ('clock' for src/main/clock/**, 'core' for core.ts).
 * Every form of naming a module is checked (the visitors are shared with ops/borders).
 */
import path from 'node:path';
import { describe, importVisitors } from './specifiers.mjs';

/** The top-level entry under `root` of a project-relative path ('src/main/auth/x.ts' → 'auth'), or undefined. */
export function memberOf(relative, root) {
  const prefix = `${root}/`;
  if (!relative.startsWith(prefix)) return undefined;
  const first = relative.slice(prefix.length).split('/')[0];
  return first.replace(/\.(d\.ts|tsx?|mts|cts|mjs|cjs|js)$/, '');
}

export const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the layers inside the core: imports go to the same layer or a lower one.' },
    schema: [
      {
        type: 'object',
        properties: {
          root: { type: 'string' },
          layers: {
            type: 'array',
            items: {
              type: 'object',
              properties: { name: { type: 'string' }, members: { type: 'array', items: { type: 'string' } } },
              required: ['name', 'members'],
              additionalProperties: false,
            },
          },
        },
        required: ['root', 'layers'],
        additionalProperties: false,
      },
    ],
  },
  create(context) {
    const { root, layers } = context.options[0];
    const levelOf = new Map();
    layers.forEach((layer, level) => {
      for (const member of layer.members) levelOf.set(member, level);
    });
    const cwd = context.cwd;
    const filename = context.filename;
    const self = memberOf(path.relative(cwd, filename).split(path.sep).join('/'), root);
    if (self === undefined) return {};
    const unplaced = (member) =>
      `${root}/${member} is in no layer: place it in the ops/layers option in eslint.config.mjs.`;
    const ownLevel = levelOf.get(self);

    return {
      Program(node) {
        if (ownLevel === undefined) context.report({ node, message: unplaced(self) });
      },
      ...importVisitors((node, specifier) => {
        if (typeof specifier !== 'string' || ownLevel === undefined) return;
        const target = describe(specifier, filename, cwd);
        if (target.relative === undefined) return;
        const member = memberOf(target.relative, root);
        if (member === undefined || member === self) return;
        const level = levelOf.get(member);
        if (level === undefined) {
          context.report({ node, message: `${unplaced(member)} ('${specifier}')` });
        } else if (level > ownLevel) {
          context.report({
            node,
            message:
              `${root}/${self} (layer '${layers[ownLevel].name}') may not import ${root}/${member} ` +
              `(layer '${layers[level].name}', above it): a module imports only from its own layer or lower ones. ('${specifier}')`,
          });
        }
      }),
    };
  },
};
