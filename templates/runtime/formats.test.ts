// The format checks must agree with ajv-formats "full" mode, the reference, on every input.
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDate, isDateTime, isEmail, isUri, isUuid } from './formats.js';

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv, options: { mode: 'full' }) => Ajv;
const ajv = addFormats(new Ajv(), { mode: 'full' });

const CHECKS = {
  'date-time': isDateTime,
  date: isDate,
  email: isEmail,
  uri: isUri,
  uuid: isUuid,
} as const;

const CURATED: readonly string[] = [
  '2024-03-15',
  '2024-02-29',
  '2023-02-29',
  '2024-13-01',
  '2024-00-10',
  '2024-04-31',
  '1900-02-29',
  '2000-02-29',
  '2024-03-15T14:22:00Z',
  '2024-03-15t14:22:00z',
  '2024-03-15 14:22:00Z',
  '2024-03-15T14:22:00',
  '2024-03-15T14:22:00.123+01:00',
  '2024-03-15T14:22:00+0100',
  '2024-03-15T24:00:00Z',
  '2016-12-31T23:59:60Z',
  '2016-12-31T22:59:60-01:00',
  '2016-12-31T23:59:60+01:00',
  '2024-03-15T14:22:00+24:00',
  '2024-03-15T14:60:00Z',
  'user@example.com',
  'first.last+tag@sub.example.co',
  'a@b',
  'a@b.c',
  'no-at.example.com',
  'a..b@example.com',
  'üser@example.com',
  'https://example.com/a?b=c#d',
  'mailto:user@example.com',
  'urn:isbn:0451450523',
  'example.com',
  '/relative/path',
  'http://[::1]:8080/',
  'http://exa mple.com',
  'ftp://a:b@host/x',
  '123e4567-e89b-12d3-a456-426614174000',
  '123E4567-E89B-12D3-A456-426614174000',
  'urn:uuid:123e4567-e89b-12d3-a456-426614174000',
  '123e4567e89b12d3a456426614174000',
  '123e4567-e89b-12d3-a456-42661417400',
  '',
  ' ',
  '\n2024-03-15',
];

describe.each(Object.entries(CHECKS))('format %s', (format, check) => {
  const reference = ajv.compile({ type: 'string', format });

  it.each(CURATED)('agrees with ajv-formats on %j', (value) => {
    expect(check(value)).toBe(reference(value));
  });

  it('agrees with ajv-formats on generated strings', () => {
    const digits = (n: number) => fc.stringMatching(new RegExp(`^\\d{${n}}$`));
    const dateLike = fc.tuple(digits(4), digits(2), digits(2)).map(([y, m, d]) => `${y}-${m}-${d}`);
    const timeLike = fc
      .tuple(
        fc.oneof(
          dateLike,
          fc.constantFrom(
            '2024-02-29',
            '2023-02-29',
            '2016-12-31',
            '0000-01-01',
            '9999-12-31',
            '2024-3-15',
            '2024-03-15T',
          ),
        ),
        fc.constantFrom('T', 't', ' ', 'x', '\u2003', '\n', '\t', 'TT', ' T', '\u00A0', ''),
        fc.oneof(digits(2), fc.constantFrom('23', '24', '00', '2')),
        fc.oneof(digits(2), fc.constantFrom('59', '60')),
        fc.oneof(digits(2), fc.constantFrom('59', '60', '61', '60.999', '5')),
        fc.constantFrom(
          'Z',
          'z',
          '',
          '+01:00',
          '-23:59',
          '+2400',
          '.5Z',
          '+01',
          '-0130',
          '+1:00',
          '+01:60',
          '+24:00',
          'Zt',
          ' Z',
          'Z\n',
          '.Z',
          '.123456789-00:00',
        ),
      )
      .map(([d, sep, h, m, s, tz]) => `${d}${sep}${h}:${m}:${s}${tz}`);
    const arbitrary = fc.oneof(
      fc.string(),
      fc.emailAddress(),
      fc.webUrl(),
      fc.uuid(),
      dateLike,
      timeLike,
      timeLike,
      timeLike,
    );
    fc.assert(
      fc.property(arbitrary, (value) => check(value) === reference(value)),
      { seed: 20261126, numRuns: 20_000 },
    );
  });
});
