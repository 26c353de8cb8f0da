// The sort key of an event: its `timestamp` as an instant. In: an RFC 3339 date-time the generated
// validators accepted (`2024-03-15T14:22:00Z`, `2024-03-15t16:22:00.123456+02:00`, `... +0200`,
// `... +02`, a leap second). Out: milliseconds since 1970-01-01T00:00:00Z, with the digits below a
// millisecond as a fraction (kept to about a microsecond). Read by character codes because it runs
// for every event; Date.parse is slower, drops sub-millisecond digits and refuses leap seconds.

function digits(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) value = value * 10 + (text.charCodeAt(i) - 48);
  return value;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/**
 * The instant of a valid RFC 3339 date-time, in milliseconds (a leap second counts as the first
 * second of the next minute, which is where it sorts). NaN for text that is not one.
 */
export function instantOf(text: string): number {
  if (text.length < 20) return Number.NaN;
  const days = daysFromCivil(digits(text, 0, 4), digits(text, 5, 2), digits(text, 8, 2));
  let ms = days * 86_400_000 + digits(text, 11, 2) * 3_600_000 + digits(text, 14, 2) * 60_000 + digits(text, 17, 2) * 1000;
  let i = 19;
  if (text.charCodeAt(i) === 46) {
    // Fraction: milliseconds, then up to six more digits as a fraction of one.
    let scale = 100;
    let fraction = 0;
    let fine = 0.1;
    for (i++; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      if (scale >= 1) {
        ms += (c - 48) * scale;
        scale /= 10;
      } else if (fine >= 1e-6) {
        fraction += (c - 48) * fine;
        fine /= 10;
      }
    }
    ms += fraction;
  }
  const zone = text.charCodeAt(i);
  if (zone === 90 || zone === 122) return i + 1 === text.length ? ms : Number.NaN;
  if (zone !== 43 && zone !== 45) return Number.NaN;
  const hours = digits(text, i + 1, 2);
  const minutesAt = text.charCodeAt(i + 3) === 58 ? i + 4 : i + 3;
  const minutes = minutesAt < text.length ? digits(text, minutesAt, 2) : 0;
  const offset = (hours * 60 + minutes) * 60_000;
  const result = zone === 45 ? ms + offset : ms - offset;
  return Number.isFinite(result) ? result : Number.NaN;
}
