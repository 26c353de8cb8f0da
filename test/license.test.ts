// The package's license: package.json names one, and the LICENSE file npm ships with the package
// holds its text (it was missing). In: package.json, LICENSE. Out: pass or fail.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from './support/spawn.js';

it('ships a LICENSE file holding the license package.json names', () => {
  const { license } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { license: string };
  expect(license).toBe('MIT');
  const text = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
  expect(text.split('\n')[0]).toBe('MIT License');
  expect(text).toContain('Permission is hereby granted, free of charge');
});
