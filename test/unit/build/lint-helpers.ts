/**
 * Shared by the lint fixture tests: each fixture names the path it pretends to live at (`// lint-as: src/...`) and is
 * linted with the project's own eslint.config.mjs as if it were there. Type-aware rules are switched off: the virtual
 * file is in no tsconfig.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';

export const ROOT = path.resolve(__dirname, '../../..');

const eslint = new ESLint({
  cwd: ROOT,
  overrideConfig: [
    {
      files: ['**/*.{ts,tsx}'],
      languageOptions: { parserOptions: { projectService: false, project: null } },
      rules: {
        '@typescript-eslint/no-floating-promises': 'off',
        '@typescript-eslint/no-misused-promises': 'off',
      },
    },
  ],
});

/** Lints `file` as if it lived at its `// lint-as:` path; returns its text and the messages. */
export async function lintFixture(file: string): Promise<{ code: string; messages: ESLint.LintResult['messages'] }> {
  const code = readFileSync(file, 'utf8');
  const target = /^\/\/ lint-as: (\S+)/.exec(code)?.[1];
  if (!target) throw new Error(`${file} has no "// lint-as:" header`);
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, target) });
  return { code, messages: result?.messages ?? [] };
}
