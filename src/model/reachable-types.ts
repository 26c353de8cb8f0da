// Which shared types a set of shapes uses, directly or through other shared types. Emitters use it
// to declare each type once and only where needed. In: shapes and the taxonomy's types. Out: types.
import type { Shape, SharedType } from './ir.js';

/** Shared types reachable from the shapes, each once, in taxonomy order. */
export function reachableTypes(shapes: Iterable<Shape>, types: readonly SharedType[]): SharedType[] {
  const byName = new Map(types.map((t) => [t.name, t]));
  const seen = new Set<string>();
  const visit = (shape: Shape): void => {
    if (shape.kind === 'ref') {
      if (seen.has(shape.name)) return;
      seen.add(shape.name);
      const target = byName.get(shape.name);
      if (target !== undefined) visit(target.shape);
    } else if (shape.kind === 'array') visit(shape.items);
    else if (shape.kind === 'object') shape.properties.forEach((p) => visit(p.shape));
  };
  for (const shape of shapes) visit(shape);
  return types.filter((t) => seen.has(t.name));
}
