import tseslint from 'typescript-eslint';

/**
 * The dependency direction of STYLE.md, lowest first. A folder may import its own files and the
 * folders below it, never one above it.
 */
const LAYERS = ['model', 'groovy', 'declarative', 'render', 'templates', 'io', 'cli'];

const layerRules = LAYERS.map((layer, i) => ({
  files: [`src/${layer}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: LAYERS.slice(i + 1).map((above) => ({
          group: [`../${above}/*`, `**/src/${above}/*`],
          message: `src/${layer} sits below src/${above} (STYLE.md, direction of dependencies)`,
        })),
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'bin/**', '.scratch/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  ...layerRules.filter((r) => r.rules['no-restricted-imports'][1].patterns.length > 0),
);
