// The width of a line as prettier measures it (its getStringWidth), so that our printer breaks
// lines where prettier would: ASCII is one column a character; controls and combining marks take
// none; East Asian Wide and Fullwidth characters take two. Generated code is ASCII apart from
// taxonomy text (unquoted non-ASCII property names, string literals, comments), so the slow path is
// rare. An emoji (a whole RGI sequence: a skin tone, a keycap, a presentation selector) is two
// columns, as prettier's emoji table counts it. In: text. Out: columns.

// The Wide and Fullwidth ranges of prettier 3's East Asian Width table (get-east-asian-width),
// merged: base-36 code points, `a-b` or a single `a`.
const WIDE_RANGES =
  '3cw-3fj 6xm-6xn 6y1-6y2 73d-73g 73k 73n 7i5-7i6 7is-7it 7jk-7jr 7k8-7kj 7lr 7m2-7m7 7mb 7mp 7my-' +
  '7mz 7nh-7ni 7no-7np 7ny 7o4 7oq 7oy-7oz 7p1 7p6 7p9 7ph 7pm-7pn 7qg 7rg 7ri 7rn-7rp 7rr 7th-7tj ' +
  '7u8 7un 8ij-8ik 8k0 8k5 96o-97d 97f-99v 9a8-9g5 9gw-9j2 9j5-9li 9ll-9of 9ol-9pr 9pt-9se 9sg-9ut ' +
  '9v3-9we 9wg-9xj 9xs-wi4 wi8-wjq xgg-xh8 xz4-16lf 1d6o-1dkv 1e6o-1e6x 1e7k-1e8i 1e8k-1e92 1e94-1e' +
  '97 1edd-1eg0 1ejk-1ejq 20o0-20o4 20og-20om 20ow-26e2 26f3-26g0 26io-26lu 26m8-27bl 27c0-27de 2db' +
  'k-2dbn 2dbp-2dbv 2dbx-2dby 2dc0-2dk8 2dki 2dlc-2dle 2dlh 2dlw-2dm0 2dm8-2dx7 2k8w-2kba 2kbk-2kc6' +
  ' 2pz8 2q4v 2qa6 2qa9-2qai 2qb2 2qdc-2qde 2qds-2qez 2qf4-2qfc 2qfk-2qfl 2qg0-2qg5 2qkg-2qlc 2qlp-' +
  '2qlx 2qlz-2qnw 2qny-2qoj 2qow-2qq2 2qq7-2qqb 2qqo-2qr4 2qr8 2qrc-2qta 2qtc 2qte-2qyk 2qyn-2r0d 2' +
  'r0r-2r0u 2r0w-2r1j 2r22 2r2t-2r2u 2r38 2r5n-2r7z 2r9c-2rb9 2rbg 2rbk-2rbm 2rbp-2rbt 2rbw-2rbz 2r' +
  'cb-2rcc 2rck-2rcs 2riy 2rj4-2rjf 2rjk 2rrg-2rsq 2rss-2rt1 2rt3-2ry7 2s1c-2s1o 2s1s-2s3q 2s3s 2s3' +
  'w-2s4d 2s4f-2s4r 2s4v-2s56 2t4w-47p9 47pc-5m9p';

const WIDE: readonly (readonly [number, number])[] = WIDE_RANGES.trim()
  .split(/ +/)
  .map((range) => {
    const [from = '', to = from] = range.split('-');
    return [parseInt(from, 36), parseInt(to, 36)] as const;
  });

const ZERO_WIDTH = /[\p{Mn}\p{Me}]/u;
// Built at run time (the `v` flag, Node 20, is newer than the ES2022 target the compiler checks
// against) and only for text that may hold an emoji: compiling it costs 15–30 ms, and the client's
// own comments hold a `≤`.
let emoji: RegExp | undefined;
// Every RGI emoji sequence holds one of these: a code point above U+FFFF (a surrogate), a keycap
// (U+20E3), a presentation selector (U+FE0F), or a BMP character with an emoji presentation (from
// these blocks: Latin-1's © and ®, punctuation, letterlike symbols, arrows, technical symbols,
// enclosed alphanumerics, shapes, dingbats, miscellaneous symbols and arrows, CJK marks).
const MAY_BE_EMOJI = /[\u00a9\u00ae\u203c\u2049\u20e3\u2122\u2139\u2194-\u21aa\u231a-\u23ff\u24c2\u25aa-\u27bf\u2934\u2935\u2b05-\u2b55\u3030\u303d\u3297\u3299\ufe0f\ud800-\udfff]/;

function isWide(code: number): boolean {
  let low = 0;
  let high = WIDE.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const [from, to] = WIDE[mid] as readonly [number, number];
    if (code < from) high = mid - 1;
    else if (code > to) low = mid + 1;
    else return true;
  }
  return false;
}

export function textWidth(text: string): number {
  if (!/[^\x20-\x7f]/.test(text)) return text.length;
  let width = 0;
  const rest = !MAY_BE_EMOJI.test(text)
    ? text
    : text.replace((emoji ??= new RegExp('\\p{RGI_Emoji}', 'gv')), () => {
        width += 2;
        return '';
      });
  for (const character of rest) {
    const code = character.codePointAt(0) ?? 0;
    if (code <= 0x1f || (code >= 0x7f && code <= 0x9f) || ZERO_WIDTH.test(character)) continue;
    width += isWide(code) ? 2 : 1;
  }
  return width;
}
