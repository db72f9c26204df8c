/**
 * ESLint rule `ids/no-plain-record` (docs/security.md): a string-keyed collection that is filled at run time must be a
 * `Map` or a null-prototype object. A plain `{}` typed `Record<string, T>` (or `{ [key: string]: T }`) lets a key
 * such as `__proto__`, `constructor` or `toString` — a room id from the renderer, a field name from a request —
 * read or write `Object.prototype`.
 *
 * Flags an EMPTY object literal (`{}`, also `{} as Record<string, T>`) given to a variable or class field whose
 * type is a string-keyed record AND that is then read or written with a computed, non-literal key (`out[key]`,
 * `this.byRoute[route]`) — how a map is filled. Objects with fixed keys (`headers.Link = …`) and literal lookup
 * tables are not flagged. The fix: `new Map<string, T>()`, or `Object.create(null) as Record<string, T>`.
 * Works without type information (the fixtures are linted outside any tsconfig).
 */

/** `Record<string, T>`, `Readonly<Record<string, T>>`, `Partial<…>`, `{ [k: string]: T }`. */
function isStringKeyedRecord(type) {
  if (!type) return false;
  if (type.type === 'TSTypeReference' && type.typeName.type === 'Identifier') {
    const name = type.typeName.name;
    const args = (type.typeArguments ?? type.typeParameters)?.params ?? [];
    if (name === 'Record') return args[0]?.type === 'TSStringKeyword';
    if (name === 'Readonly' || name === 'Partial') return isStringKeyedRecord(args[0]);
    return false;
  }
  if (type.type === 'TSTypeLiteral') {
    return type.members.some(
      (m) =>
        m.type === 'TSIndexSignature' &&
        m.parameters.some((p) => p.typeAnnotation?.typeAnnotation?.type === 'TSStringKeyword'),
    );
  }
  return false;
}

/** The empty object literal inside `init`, with the type an `as` / `satisfies` gives it, if any. */
function emptyLiteral(init) {
  if (!init) return undefined;
  if (init.type === 'ObjectExpression') return init.properties.length === 0 ? { node: init } : undefined;
  if ((init.type === 'TSAsExpression' || init.type === 'TSSatisfiesExpression') && init.expression) {
    const inner = emptyLiteral(init.expression);
    return inner ? { node: inner.node, type: init.typeAnnotation } : undefined;
  }
  return undefined;
}

const MESSAGE =
  'A string-keyed record filled at run time must be a Map or Object.create(null): a key such as "__proto__" ' +
  'would reach Object.prototype (docs/security.md).';

const WRAPPERS = new Set(['TSAsExpression', 'TSNonNullExpression', 'TSSatisfiesExpression', 'TSTypeAssertion']);

/** `x`, `x!`, `(x as T)`: the expression under type-only wrappers. */
function unwrap(node) {
  let n = node;
  while (n && WRAPPERS.has(n.type)) n = n.expression;
  return n;
}

/** The outermost type-only wrapper around `node` (the node itself when there is none). */
function wrapped(node) {
  let n = node;
  while (n.parent && WRAPPERS.has(n.parent.type) && n.parent.expression === n) n = n.parent;
  return n;
}

/** `obj[key]` with a key that is not a literal: the access a hostile key can steer. */
function isDynamicAccess(member) {
  return (
    member?.type === 'MemberExpression' &&
    member.computed &&
    member.property.type !== 'Literal' &&
    !(member.property.type === 'TemplateLiteral' && member.property.expressions.length === 0)
  );
}

export const noPlainRecordRule = {
  meta: {
    type: 'problem',
    docs: { description: 'String-keyed collections are Maps or null-prototype objects, never `{}`.' },
    schema: [],
  },
  create(context) {
    const source = context.sourceCode;

    /** Whether a variable declared by `declarator` is read or written as `name[dynamicKey]` anywhere in scope. */
    function variableIndexedDynamically(declarator) {
      return source.getDeclaredVariables(declarator).some((v) =>
        v.references.some((r) => {
          const outer = wrapped(r.identifier);
          return isDynamicAccess(outer.parent) && outer.parent.object === outer;
        }),
      );
    }

    /** Whether a class field is accessed as `this.name[dynamicKey]` in its class. */
    function fieldIndexedDynamically(field) {
      if (field.key.type !== 'Identifier' && field.key.type !== 'PrivateIdentifier') return false;
      const name = field.key.name;
      let found = false;
      const visit = (node) => {
        if (found || !node || typeof node.type !== 'string') return;
        if (
          isDynamicAccess(node) &&
          unwrap(node.object).type === 'MemberExpression' &&
          unwrap(node.object).object.type === 'ThisExpression' &&
          unwrap(node.object).property.name === name
        ) {
          found = true;
          return;
        }
        for (const key of source.visitorKeys[node.type] ?? []) {
          const child = node[key];
          if (Array.isArray(child)) child.forEach(visit);
          else visit(child);
        }
      };
      visit(field.parent);
      return found;
    }

    function check(declared, init, indexed) {
      const empty = emptyLiteral(init);
      if (!empty) return;
      if ((isStringKeyedRecord(declared) || isStringKeyedRecord(empty.type)) && indexed()) {
        context.report({ node: empty.node, message: MESSAGE });
      }
    }
    return {
      VariableDeclarator(node) {
        check(node.id.typeAnnotation?.typeAnnotation, node.init, () => variableIndexedDynamically(node));
      },
      PropertyDefinition(node) {
        check(node.typeAnnotation?.typeAnnotation, node.value, () => fieldIndexedDynamically(node));
      },
    };
  },
};

export default { rules: { 'no-plain-record': noPlainRecordRule } };
