// Which events a value's type stands for: the `event` property of an event object, a string literal
// (one event) or a union of literals (each member counts); an array of them for `sendBatch`.
// Anything wider (`any`, `unknown`, a plain `string` name, a type parameter) is a reason, never a
// guess. In: the checker and a type. Out: event names and the reasons for what stays unresolved.
import { ts } from 'ts-morph';

export interface TypeEvents {
  readonly names: readonly string[];
  /** Why part of the type could not be pinned to events; empty when all of it was. */
  readonly reasons: readonly string[];
}

export type Mode = 'one' | 'many';

const WIDE = ts.TypeFlags.Any | ts.TypeFlags.Unknown;

function merge(parts: readonly TypeEvents[]): TypeEvents {
  return { names: [...new Set(parts.flatMap((p) => p.names))], reasons: [...new Set(parts.flatMap((p) => p.reasons))] };
}

function shown(checker: ts.TypeChecker, type: ts.Type): string {
  return checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation);
}

/** The names a type of `event` allows: literals, or a reason. */
function namesOfEventProperty(checker: ts.TypeChecker, type: ts.Type): TypeEvents {
  if (type.isUnion()) return merge(type.types.map((t) => namesOfEventProperty(checker, t)));
  if (type.isStringLiteral()) return { names: [type.value], reasons: [] };
  return { names: [], reasons: [`the event name is \`${shown(checker, type)}\``] };
}

/** The events of a value typed `type` that is one event object. */
export function eventsOfObjectType(checker: ts.TypeChecker, type: ts.Type): TypeEvents {
  if ((type.flags & WIDE) !== 0) return { names: [], reasons: [`the event is \`${shown(checker, type)}\``] };
  if ((type.flags & ts.TypeFlags.Never) !== 0) return { names: [], reasons: [] };
  if (type.isUnion()) return merge(type.types.map((t) => eventsOfObjectType(checker, t)));
  if ((type.flags & ts.TypeFlags.TypeParameter) !== 0) {
    return { names: [], reasons: [`the event is the type parameter \`${shown(checker, type)}\`, fixed only by callers the analysis does not see`] };
  }
  const property = checker.getPropertyOfType(checker.getApparentType(type), 'event');
  if (property === undefined) return { names: [], reasons: [`\`${shown(checker, type)}\` has no \`event\` property`] };
  return namesOfEventProperty(checker, checker.getTypeOfSymbol(property));
}

/** The events of a value typed `type`: one event object, or (mode `many`) an array of them. */
export function eventsOfType(checker: ts.TypeChecker, type: ts.Type, mode: Mode): TypeEvents {
  if (mode === 'one') return eventsOfObjectType(checker, type);
  if ((type.flags & WIDE) !== 0) return { names: [], reasons: [`the events are \`${shown(checker, type)}\``] };
  if (type.isUnion()) return merge(type.types.map((t) => eventsOfType(checker, t, mode)));
  const element = checker.getIndexTypeOfType(type, ts.IndexKind.Number);
  if (element === undefined) return { names: [], reasons: [`\`${shown(checker, type)}\` is not an array of events`] };
  return eventsOfObjectType(checker, element);
}
