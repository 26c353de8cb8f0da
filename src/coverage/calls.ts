// Every call in the user's code, indexed by the declaration the checker resolves it to, so that the
// callers of a producer are found by symbol, never by name: an import alias, a re-export, a
// destructured method, a client passed as a parameter or kept on an object, and optional chaining
// all resolve to the same declaration. `f.bind(…)` (called at once or kept in a const), `f.call(…)`
// and `f.apply(…)` are indexed under `f`'s declaration, a call of an overloaded function under its
// implementation. A function passed as an argument is indexed as an escape: its calls happen where
// the analysis cannot see them.
// In: the program's user files and checker. Out: the index.
import { ts } from 'ts-morph';

/** A call that reaches a declaration, and how to find the argument at a parameter's index. */
export interface Reach {
  readonly call: ts.CallExpression;
  /** The expression passed for parameter `index`; `'unknown'` when it is in an array only known at run time (`apply`). */
  argument(index: number): ts.Expression | undefined | 'unknown';
}

export interface CallIndex {
  readonly reaches: Map<ts.Node, Reach[]>;
  /** Declarations whose function is passed as an argument, and where. */
  readonly escapes: Map<ts.Node, ts.Expression[]>;
}

/** The expression under parentheses and `!`. */
export function skipOuter(node: ts.Expression): ts.Expression {
  let inner = node;
  while (ts.isParenthesizedExpression(inner) || ts.isNonNullExpression(inner)) inner = inner.expression;
  return inner;
}

function push<V>(map: Map<ts.Node, V[]>, key: ts.Node, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

interface Bound {
  readonly target: ts.Expression;
  readonly bound: readonly ts.Expression[];
}

/** `f.bind(thisArg, …args)`, or a const initialised with it: the function and the arguments it fixes. */
function boundFunction(checker: ts.TypeChecker, node: ts.Expression): Bound | undefined {
  let expression = skipOuter(node);
  if (ts.isIdentifier(expression)) {
    const declaration = checker.getSymbolAtLocation(expression)?.valueDeclaration;
    const list = declaration?.parent;
    if (declaration === undefined || !ts.isVariableDeclaration(declaration) || declaration.initializer === undefined) return undefined;
    if (list === undefined || !ts.isVariableDeclarationList(list) || (list.flags & ts.NodeFlags.Const) === 0) return undefined;
    expression = skipOuter(declaration.initializer);
  }
  if (!ts.isCallExpression(expression)) return undefined;
  const callee = skipOuter(expression.expression);
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'bind') return undefined;
  return { target: callee.expression, bound: expression.arguments.slice(1) };
}

/**
 * A call of an overloaded function resolves to the overload signature it matched; the body that
 * forwards the event (the wrapper) is the implementation's. A declaration with no body anywhere
 * (a `.d.ts`, the generated JavaScript output's) stays itself.
 */
function implementationOf(checker: ts.TypeChecker, declaration: ts.Node): ts.Node {
  if (!(ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration)) || declaration.body !== undefined || declaration.name === undefined) return declaration;
  const implementation = checker.getSymbolAtLocation(declaration.name)?.declarations?.find((d) => (ts.isFunctionDeclaration(d) || ts.isMethodDeclaration(d)) && d.body !== undefined);
  return implementation ?? declaration;
}

const CALLABLE_OR_VALUE = ts.SymbolFlags.Function | ts.SymbolFlags.Method | ts.SymbolFlags.Variable | ts.SymbolFlags.Property;

export function indexCalls(checker: ts.TypeChecker, files: readonly ts.SourceFile[]): CallIndex {
  const reaches = new Map<ts.Node, Reach[]>();
  const escapes = new Map<ts.Node, ts.Expression[]>();
  const declarationsOf = (expression: ts.Expression): ts.Node[] =>
    checker
      .getTypeAtLocation(expression)
      .getCallSignatures()
      .flatMap((s) => (s.declaration === undefined ? [] : [s.declaration]));

  // Most arguments are not functions: their symbol says so without computing the type at the
  // reference (flow analysis, a third of the run on a large project when done for every argument).
  const valueDeclarations = (expression: ts.Identifier | ts.PropertyAccessExpression): ts.Node[] => {
    let symbol = checker.getSymbolAtLocation(ts.isIdentifier(expression) ? expression : expression.name);
    if (symbol !== undefined && (symbol.flags & ts.SymbolFlags.Alias) !== 0) symbol = checker.getAliasedSymbol(symbol);
    if (symbol === undefined || (symbol.flags & CALLABLE_OR_VALUE) === 0) return [];
    if ((symbol.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Method)) !== 0) return symbol.declarations ?? [];
    return checker
      .getTypeOfSymbol(symbol)
      .getCallSignatures()
      .flatMap((s) => (s.declaration === undefined ? [] : [s.declaration]));
  };

  const indirect = (call: ts.CallExpression): void => {
    const callee = skipOuter(call.expression);
    const bound = boundFunction(checker, callee);
    if (bound !== undefined) {
      const reach: Reach = { call, argument: (i) => (i < bound.bound.length ? bound.bound[i] : call.arguments[i - bound.bound.length]) };
      for (const d of declarationsOf(bound.target)) push(reaches, d, reach);
      return;
    }
    if (!ts.isPropertyAccessExpression(callee) || (callee.name.text !== 'call' && callee.name.text !== 'apply')) return;
    const list = call.arguments[1];
    const reach: Reach =
      callee.name.text === 'call'
        ? { call, argument: (i) => call.arguments[i + 1] }
        : { call, argument: (i) => (list !== undefined && ts.isArrayLiteralExpression(list) && !list.elements.some(ts.isSpreadElement) ? list.elements[i] : 'unknown') };
    for (const d of declarationsOf(callee.expression)) push(reaches, d, reach);
  };

  const record = (call: ts.CallExpression): void => {
    const declaration = checker.getResolvedSignature(call)?.declaration;
    if (declaration !== undefined) push(reaches, implementationOf(checker, declaration), { call, argument: (i) => call.arguments[i] });
    indirect(call);
    for (const argument of call.arguments) {
      const inner = skipOuter(argument);
      if (!ts.isIdentifier(inner) && !ts.isPropertyAccessExpression(inner) && !ts.isCallExpression(inner)) continue;
      const bound = boundFunction(checker, inner);
      if (bound !== undefined) for (const d of declarationsOf(bound.target)) push(escapes, d, argument);
      else if (!ts.isCallExpression(inner)) for (const d of valueDeclarations(inner)) push(escapes, d, argument);
    }
  };

  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) record(node);
    ts.forEachChild(node, visit);
  };
  for (const file of files) visit(file);
  return { reaches, escapes };
}
