// A file made of parts (file.ts) reads as its parts joined, is joined only when read, and hands its
// parts to the writer and the manifest; a plain file is its contents as one part.
import { describe, expect, it } from 'vitest';
import { fileOfParts, partsOf } from '../src/emit/file.js';

describe('files in parts', () => {
  it('reads as the parts joined, once, and keeps the parts for the writer', () => {
    const parts = ['{\n', '  "a": 1', '\n}\n'];
    const file = fileOfParts('event.schema.json', parts);
    expect(partsOf(file)).toBe(parts);
    expect(file.contents).toBe('{\n  "a": 1\n}\n');
    expect(file.contents).toBe(file.contents);
    expect(file).toEqual({ path: 'event.schema.json', contents: '{\n  "a": 1\n}\n' });
    expect(JSON.parse(JSON.stringify(file))).toEqual({ path: 'event.schema.json', contents: '{\n  "a": 1\n}\n' });
  });

  it('a plain file is one part', () => {
    expect(partsOf({ path: 'index.ts', contents: 'export {};\n' })).toEqual(['export {};\n']);
  });
});
