// Lint = the house's import arrows (scripts/lint/layers.mjs). Style is left to the reviewers.
import tsParser from '@typescript-eslint/parser';
import layers from './scripts/lint/layers.mjs';

export default [
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test/**', 'media/**', 'scripts/**', '*.mjs'] },
  {
    files: ['src/**/*.ts'],
    languageOptions: { parser: tsParser, sourceType: 'module' },
    plugins: { layers },
    rules: { 'layers/arrows': 'error' },
  },
];
