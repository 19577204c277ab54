// Lint rules. The import-direction zones below are DESIGN.md's layering made mechanical:
//   api ← storage ← apiserver;  api ← client ← controllers, agent, proxy, dns;  cmd may import
//   anything and nothing imports cmd. util is a leaf everybody may use.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

const allowedImports = {
  util: [],
  api: ['util'],
  storage: ['api', 'util'],
  apiserver: ['storage', 'api', 'util'],
  client: ['api', 'util'],
  controllers: ['client', 'api', 'util'],
  agent: ['client', 'api', 'util'],
  proxy: ['client', 'api', 'util'],
  dns: ['client', 'api', 'util'],
};
const layers = [...Object.keys(allowedImports), 'cmd'];
const importDirectionZones = Object.entries(allowedImports).flatMap(([layer, allowed]) =>
  layers
    .filter((other) => other !== layer && !allowed.includes(other))
    .map((other) => ({
      target: `./src/${layer}`,
      from: `./src/${other}`,
      message: `src/${layer} may import only ${allowed.length ? allowed.join(', ') : 'nothing else in src'} (DESIGN.md, import direction).`,
    })),
);

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: importDirectionZones }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
