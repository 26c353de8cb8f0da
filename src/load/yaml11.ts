// YAML 1.1 readings of plain scalars. We parse YAML 1.2, where `no` is a string, but many tools
// (PyYAML, older loaders, some CI linters) still read YAML 1.1, where it is `false`. Where a name or
// a string value is expected, such a scalar must be quoted so every tool reads the same text.
// In: the scalar text as written. Out: what YAML 1.1 would make of it, or undefined.

const READINGS: readonly (readonly [RegExp, string])[] = [
  // The single letters y/n are YAML 1.1 booleans on paper, but common loaders (PyYAML, ruamel) do not
  // read them so, and `x`/`y` are everyday property names; they are left out on purpose.
  [/^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/, 'a boolean'],
  [/^(?:~|null|Null|NULL|)$/, 'null'],
  [/^[-+]?(?:0b[01_]+|0[0-7_]+|(?:0|[1-9][0-9_]*)|0x[0-9a-fA-F_]+|[1-9][0-9_]*(?::[0-5]?[0-9])+)$/, 'an integer'],
  [/^(?:[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|[-+]?[0-9]+[eE][-+]?[0-9]+)$/, 'a number'],
  [/^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?$/, 'a date'],
];

export function yaml11Reading(source: string): string | undefined {
  for (const [pattern, reading] of READINGS) if (pattern.test(source)) return reading;
  return undefined;
}
