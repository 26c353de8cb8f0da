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
  if (
    high < 0 ||
    low < 0 ||
    month < 0 ||
    day < 0 ||
    value.charCodeAt(4) !== 45 ||
    value.charCodeAt(7) !== 45
  ) {
    return false;
  }
  const year = high * 100 + low;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return (
    month >= 1 && month <= 12 && day >= 1 && day <= (month === 2 && leap ? 29 : (DAYS[month] ?? 0))
  );
}

/** `t`, `T` or a character of a JavaScript regex's `\s`: where ajv-formats' split(/t|\s/i) cuts. */
function isSeparator(c: number): boolean {
  return (
    c === 84 ||
    c === 116 ||
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * RFC 3339 date-time: `2024-03-15T14:22:00Z`, `2024-03-15t14:22:00.5+01:00`. ajv-formats splits
 * on /t|\s/i, wants exactly two parts, a full-date and a time with a required offset
 * (/^(\d\d):(\d\d):(\d\d(?:\.\d+)?)(z|([+-])(\d\d)(?::?(\d\d))?)?$/i). A valid date is ten
 * characters of digits and `-` and a valid time holds no separator, so "the separator is at index
 * 10" is the same rule; the rest is read by character codes, because this runs for every event.
 */
export function isDateTime(value: string): boolean {
  const n = value.length;
  if (n < 20 || !isSeparator(value.charCodeAt(10)) || !isDateAt(value)) return false;
  const hour = twoDigits(value, 11);
  const minute = twoDigits(value, 14);
  let second = twoDigits(value, 17);
  if (
    hour < 0 ||
    minute < 0 ||
    second < 0 ||
    value.charCodeAt(13) !== 58 ||
    value.charCodeAt(16) !== 58
  ) {
    return false;
  }
  let i = 19;
  if (value.charCodeAt(i) === 46) {
    const digitsStart = ++i;
    while (isDigit(value.charCodeAt(i))) i++;
    if (i === digitsStart) return false;
    // Only from 59 s on can a fraction change the verdict (Number('59.99999999999999999') is 60).
    if (second >= 59) second = Number(value.slice(17, i));
  }
  const zone = value.charCodeAt(i);
  let sign = 1;
  let offsetHour = 0;
  let offsetMinute = 0;
  if (zone === 90 || zone === 122) {
    if (i + 1 !== n) return false;
  } else if (zone === 43 || zone === 45) {
    sign = zone === 45 ? -1 : 1;
    offsetHour = twoDigits(value, i + 1);
    if (offsetHour < 0) return false;
    i += 3;
    if (i !== n) {
      if (value.charCodeAt(i) === 58) i++;
      offsetMinute = twoDigits(value, i);
      if (offsetMinute < 0 || i + 2 !== n) return false;
    }
  } else {
    return false;
  }
  if (offsetHour > 23 || offsetMinute > 59) return false;
  if (hour <= 23 && minute <= 59 && second < 60) return true;
  // A leap second, valid only at 23:59:60 UTC.
  const utcMinute = minute - offsetMinute * sign;
  const utcHour = hour - offsetHour * sign - (utcMinute < 0 ? 1 : 0);
  return (
    (utcHour === 23 || utcHour === -1) && (utcMinute === 59 || utcMinute === -1) && second < 61
  );
}

const EMAIL =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;

/** An ASCII addr-spec with a dotted domain: `user.name+tag@example.com`. */
export function isEmail(value: string): boolean {
  return EMAIL.test(value);
}

const NOT_URI_FRAGMENT = /\/|:/;
const URI =
  /^(?:[a-z][a-z0-9+\-.]*:)(?:\/?\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:]|%[0-9a-f]{2})*@)?(?:\[(?:(?:(?:(?:[0-9a-f]{1,4}:){6}|::(?:[0-9a-f]{1,4}:){5}|(?:[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){4}|(?:(?:[0-9a-f]{1,4}:){0,1}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){3}|(?:(?:[0-9a-f]{1,4}:){0,2}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){2}|(?:(?:[0-9a-f]{1,4}:){0,3}[0-9a-f]{1,4})?::[0-9a-f]{1,4}:|(?:(?:[0-9a-f]{1,4}:){0,4}[0-9a-f]{1,4})?::)(?:[0-9a-f]{1,4}:[0-9a-f]{1,4}|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?))|(?:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4})?::[0-9a-f]{1,4}|(?:(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})?::)|[Vv][0-9a-f]+\.[a-z0-9\-._~!$&'()*+,;=:]+)\]|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?)|(?:[a-z0-9\-._~!$&'()*+,;=]|%[0-9a-f]{2})*)(?::\d*)?(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*|\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)?|(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)(?:\?(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?(?:#(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?$/i;

/** An absolute RFC 3986 URI with a scheme: `https://example.com/a?b#c`, `mailto:x@y.z`. */
export function isUri(value: string): boolean {
  return NOT_URI_FRAGMENT.test(value) && URI.test(value);
}

const UUID = /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;

/** An RFC 4122 UUID in hex-and-dashes form, optionally `urn:uuid:`-prefixed; any version. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
