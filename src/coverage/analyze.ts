// The analysis: from the generated producers outward through the user's code. A call of a
// per-event helper produces its event; a call of a generic one produces the events of its
// argument's type. When that argument is a parameter of the function around the call, the function
// is a wrapper: it becomes a producer itself and its callers are followed instead, so the sites
// reported are where the event is decided (wrappers of wrappers included, until a fixpoint). What
// cannot be pinned is reported as unresolved with its reason. In: the program and where the
// generated code is. Out: findings (absolute paths).
import { ts } from 'ts-morph';
import { indexCalls, skipOuter, type CallIndex, type Reach } from './calls.js';
import { eventsOfType, type Mode } from './event-types.js';
import type { Findings, ProducedSite, UnresolvedSite } from './findings.js';
import { findProducers, isGenerated, type GeneratedOutput, type Producer, type Producers } from './producers.js';

/** The user's own source files: not libraries, not declarations, not flokit-gen output. */
export function userFiles(program: ts.Program, output: GeneratedOutput): ts.SourceFile[] {
  return program.getSourceFiles().filter((f) => !f.isDeclarationFile && !program.isSourceFileFromExternalLibrary(f) && !f.fileName.includes('/node_modules/') && !isGenerated(f, output));
}

/** A function's name as a reader would look it up: its own, or the variable or property holding it. */
function functionName(node: ts.SignatureDeclaration): string {
  const own = node.name ?? (ts.isVariableDeclaration(node.parent) || ts.isPropertyAssignment(node.parent) || ts.isPropertyDeclaration(node.parent) ? node.parent.name : undefined);
  return own === undefined ? '(anonymous function)' : own.getText();
}

function location(node: ts.Node): { file: string; line: number; column: number } {
  const file = node.getSourceFile();
  const { line, character } = file.getLineAndCharacterOfPosition(node.getStart(file));
  return { file: file.fileName, line: line + 1, column: character + 1 };
}

class Analysis {
  readonly produced: ProducedSite[] = [];
  readonly unresolved: UnresolvedSite[] = [];
  readonly #work: [ts.Node, Producer][] = [];
  readonly #known = new Set<string>();

  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly index: CallIndex,
    private readonly producers: Producers,
  ) {
    for (const [node, list] of producers) for (const p of list) this.#work.push([node, p]);
  }

  run(): void {
    for (let next = this.#work.pop(); next !== undefined; next = this.#work.pop()) {
      const [node, producer] = next;
      for (const reach of this.index.reaches.get(node) ?? []) this.#reach(producer, reach);
      for (const escape of this.index.escapes.get(node) ?? []) this.#escape(producer, escape);
    }
  }

  #produce(at: ts.Node, events: readonly string[], via: readonly string[]): void {
    for (const event of events) this.produced.push({ ...location(at), event, via });
  }

  #unresolve(at: ts.Node, reason: string, via: readonly string[]): void {
    this.unresolved.push({ ...location(at), reason, via });
  }

  /** A function passed as a value: a per-event helper still names its event; a generic one cannot. */
  #escape(producer: Producer, at: ts.Expression): void {
    if (producer.events !== undefined) this.#produce(at, producer.events, producer.via);
    else this.#unresolve(at, `\`${producer.via[0] ?? ''}\` is passed as a value: the calls it reaches are not followed`, producer.via);
  }

  #reach(producer: Producer, reach: Reach): void {
    const argument = reach.argument(producer.argIndex);
    if (producer.events !== undefined) {
      if (argument === undefined || argument === 'unknown' || !this.#forward(argument, producer, producer.mode)) this.#produce(reach.call, producer.events, producer.via);
      return;
    }
    if (argument === 'unknown') this.#unresolve(reach.call, 'the event is in an argument array the analysis cannot see (apply)', producer.via);
    else if (argument === undefined) this.#unresolve(reach.call, 'no event is passed', producer.via);
    else this.#fromExpression(argument, producer.mode, producer, reach.call);
  }

  #fromExpression(expression: ts.Expression, mode: Mode, producer: Producer, site: ts.CallExpression): void {
    const inner = skipOuter(expression);
    if (mode === 'many' && ts.isArrayLiteralExpression(inner)) {
      for (const element of inner.elements) {
        if (ts.isOmittedExpression(element)) continue;
        if (ts.isSpreadElement(element)) this.#fromExpression(element.expression, 'many', producer, site);
        else this.#fromExpression(element, 'one', producer, site);
      }
      return;
    }
    if (this.#forward(inner, producer, mode)) return;
    const found = eventsOfType(this.checker, this.#typeOf(expression, inner), mode);
    this.#produce(site, found.names, producer.via);
    if (found.reasons.length > 0) this.#unresolve(site, found.reasons.join('; '), producer.via);
  }

  /**
   * The type of an argument. A variable declared with a type parameter `E` is taken as `E`: the
   * checker would give its constraint (every event), which is not what the code decides.
   */
  #typeOf(expression: ts.Expression, inner: ts.Expression): ts.Type {
    const symbol = ts.isIdentifier(inner) ? this.checker.getSymbolAtLocation(inner) : undefined;
    const declared = symbol === undefined ? undefined : this.checker.getTypeOfSymbol(symbol);
    return declared !== undefined && (declared.flags & ts.TypeFlags.TypeParameter) !== 0 ? declared : this.checker.getTypeAtLocation(expression);
  }

  /**
   * When `expression` is a parameter of a function that is called (or passed) somewhere, that
   * function becomes a producer with this parameter; true when it did. A function nobody calls
   * (a callback given inline to a library) is judged where it is, by the parameter's type.
   */
  #forward(expression: ts.Expression, producer: Producer, mode: Mode): boolean {
    const inner = skipOuter(expression);
    if (!ts.isIdentifier(inner)) return false;
    const parameter = this.checker.getSymbolAtLocation(inner)?.valueDeclaration;
    if (parameter === undefined || !ts.isParameter(parameter) || parameter.dotDotDotToken !== undefined || !ts.isIdentifier(parameter.name)) return false;
    const wrapper = parameter.parent;
    if (!this.index.reaches.has(wrapper) && !this.index.escapes.has(wrapper)) return false;
    const argIndex = wrapper.parameters.indexOf(parameter);
    const key = `${wrapper.pos}:${wrapper.getSourceFile().fileName}:${argIndex}:${mode}:${producer.events?.join(',') ?? '*'}`;
    if (!this.#known.has(key)) {
      this.#known.add(key);
      const made: Producer = { events: producer.events, argIndex, mode, via: [functionName(wrapper), ...producer.via] };
      this.producers.set(wrapper, [...(this.producers.get(wrapper) ?? []), made]);
      this.#work.push([wrapper, made]);
    }
    return true;
  }
}

function dedupe<T extends { file: string; line: number; column: number; via: readonly string[] }>(items: readonly T[], key: (t: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) seen.set(`${item.file}:${item.line}:${item.column}:${item.via.join('>')}:${key(item)}`, item);
  return [...seen.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || key(a).localeCompare(key(b))));
}

/** Every site of the program's user code that produces an event of the output's taxonomy, or that the checker cannot pin. */
export function analyzeProgram(program: ts.Program, output: GeneratedOutput): Findings {
  const checker = program.getTypeChecker();
  const { producers, modules } = findProducers(program, output);
  const files = userFiles(program, output);
  const analysis = new Analysis(checker, indexCalls(checker, files), producers);
  analysis.run();
  return {
    produced: dedupe(analysis.produced, (s) => s.event),
    unresolved: dedupe(analysis.unresolved, (s) => s.reason),
    files: files.length,
    generatedModules: modules,
  };
}
