// String formats, checked exactly as ajv-formats checks them in its "full" mode (the reference our
// tests compare against). Shared by the generated validators and by flokit-gen's own checks of
// `examples`, `enum` and `const` values. In: a string. Out: whether it has the format.

const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** The value of two ASCII digits at `i`, or -1. Character codes, not regexes: this runs per event. */
function twoDigits(value: string, i: number): number {
  const a = value.charCodeAt(i) - 48;
  const b = value.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** RFC 3339 full-date: `2024-03-15`, with real month lengths and leap years. */
export function isDate(value: string): boolean {
  return value.length === 10 && isDateAt(value);
}

/** The first ten characters are a valid full-date. */
function isDateAt(value: string): boolean {
  const high = twoDigits(value, 0);
  const low = twoDigits(value, 2);
  const month = twoDigits(value, 5);
  const day = twoDigits(value, 8);
  if (high < 0 || low < 0 || month < 0 || day < 0 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return false;
  const year = high * 100 + low;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month >= 1 && month <= 12 && day >= 1 && day <= (month === 2 && leap ? 29 : (DAYS[month] ?? 0));
}

/**
 * RFC 3339 time with a required offset (ajv-formats' /^(\d\d):(\d\d):(\d\d(?:\.\d+)?)(z|([+-])(\d\d)(?::?(\d\d))?)?$/i
 * in strict mode, read character by character); a leap second is accepted only at 23:59:60 UTC.
 */
function isTime(value: string): boolean {
  const hour = twoDigits(value, 0);
  const minute = twoDigits(value, 3);
  if (hour < 0 || minute < 0 || twoDigits(value, 6) < 0 || value.charCodeAt(2) !== 58 || value.charCodeAt(5) !== 58) return false;
  let i = 8;
  if (value.charCodeAt(i) === 46) {
    i++;
    const digitsStart = i;
    while (isDigit(value.charCodeAt(i))) i++;
    if (i === digitsStart) return false;
  }
  const second = Number(value.slice(6, i));
  const zone = value.charCodeAt(i);
  let sign = 1;
  let offsetHour = 0;
  let offsetMinute = 0;
  if (zone === 90 || zone === 122) {
    if (i + 1 !== value.length) return false;
  } else if (zone === 43 || zone === 45) {
    sign = zone === 45 ? -1 : 1;
    offsetHour = twoDigits(value, i + 1);
    const rest = value.length - (i + 3);
    const colon = rest === 3 && value.charCodeAt(i + 3) === 58;
    offsetMinute = rest === 0 ? 0 : colon ? twoDigits(value, i + 4) : rest === 2 ? twoDigits(value, i + 3) : -1;
    if (offsetHour < 0 || offsetMinute < 0) return false;
  } else {
    return false;
  }
  if (offsetHour > 23 || offsetMinute > 59) return false;
  if (hour <= 23 && minute <= 59 && second < 60) return true;
  const utcMinute = minute - offsetMinute * sign;
  const utcHour = hour - offsetHour * sign - (utcMinute < 0 ? 1 : 0);
  return (utcHour === 23 || utcHour === -1) && (utcMinute === 59 || utcMinute === -1) && second < 61;
}

const DATE_TIME_SEPARATOR = /t|\s/i;

/**
 * RFC 3339 date-time: `2024-03-15T14:22:00Z`, `2024-03-15t14:22:00.5+01:00`. ajv-formats splits
 * on /t|\s/i and wants exactly two parts; a valid date is ten characters of digits and `-`, and a
 * valid time holds no `t` or space either, so "the separator is at index 10" is the same rule.
 */
export function isDateTime(value: string): boolean {
  return value.length > 11 && DATE_TIME_SEPARATOR.test(value.charAt(10)) && isDateAt(value) && isTime(value.slice(11));
}

const EMAIL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;

/** An ASCII addr-spec with a dotted domain: `user.name+tag@example.com`. */
export function isEmail(value: string): boolean {
  return EMAIL.test(value);
}

const NOT_URI_FRAGMENT = /\/|:/;
const URI = /^(?:[a-z][a-z0-9+\-.]*:)(?:\/?\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:]|%[0-9a-f]{2})*@)?(?:\[(?:(?:(?:(?:[0-9a-f]{1,4}:){6}|::(?:[0-9a-f]{1,4}:){5}|(?:[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){4}|(?:(?:[0-9a-f]{1,4}:){0,1}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){3}|(?:(?:[0-9a-f]{1,4}:){0,2}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){2}|(?:(?:[0-9a-f]{1,4}:){0,3}[0-9a-f]{1,4})?::[0-9a-f]{1,4}:|(?:(?:[0-9a-f]{1,4}:){0,4}[0-9a-f]{1,4})?::)(?:[0-9a-f]{1,4}:[0-9a-f]{1,4}|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?))|(?:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4})?::[0-9a-f]{1,4}|(?:(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})?::)|[Vv][0-9a-f]+\.[a-z0-9\-._~!$&'()*+,;=:]+)\]|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?)|(?:[a-z0-9\-._~!$&'()*+,;=]|%[0-9a-f]{2})*)(?::\d*)?(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*|\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)?|(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)(?:\?(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?(?:#(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?$/i;

/** An absolute RFC 3986 URI with a scheme: `https://example.com/a?b#c`, `mailto:x@y.z`. */
export function isUri(value: string): boolean {
  return NOT_URI_FRAGMENT.test(value) && URI.test(value);
}

const UUID = /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;

/** An RFC 4122 UUID in hex-and-dashes form, optionally `urn:uuid:`-prefixed; any version. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
