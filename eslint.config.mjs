// ESLint flat config: typescript-eslint's recommended rules over every TypeScript and JavaScript file we write.
// Formatting is Prettier's job (`npm run format`), so no stylistic rules live here.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    // Written by tools (schema compilers, esbuild, serverless), checked by their own tests, not by hand.
    ignores: ['node_modules/', '.serverless/', '.esbuild/', 'coverage/', 'lib/http/schemas/generated/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `_name` marks a deliberately unused binding; a rest sibling omits fields from a copy.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Serverless plugins, jest's config and transforms are CommonJS, loaded by tools that `require` them.
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Tests send deliberately ill-typed input (`as any`) and re-require modules inside jest.isolateModules.
    files: ['__tests__/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
);
