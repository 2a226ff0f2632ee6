/**
 * Binding: a Runbook + the engineer's values + the inventory -> a Plan, validated before anything runs.
 *
 * Secrets stay out of every serialisable field: `plan.secrets` and each step's `render()` are non-enumerable,
 * so JSON.stringify / structuredClone (IPC, journal) never see them; `display` fields show `••••••` instead.
 */
import type { Inventory } from '../inventory/model';
import { fileAttributeErrors, normalizeMode } from './file-attributes';
import { applyInsertion, planInsertions, type TemplateKind } from './insertion';
import type { FileStep, Runbook, ServerRole, Step, VariableSpec } from './model';
import {
  anchoredPattern,
  classifyReference,
  renderTemplate,
  shellQuote,
  templateRefs,
  type Placeholder,
} from './template';
import { controlCharacterProblem, pathTraversalProblem, pathVariables } from './values';

export const SECRET_MASK = '••••••';
/** What plan.variables shows for a secret. */
export const SECRET_PLACEHOLDER = '[secret]';

export type FieldErrorCode =
  | 'missing' // no value and no default
  | 'secret-missing' // a secret without a value that may be generated (spec.generate): the caller should generate it
  | 'pattern' // the value does not match the variable's pattern
  | 'bad-value' // a control character (line break, NUL, escape…) in a variable that is not `multiline`
  | 'path-traversal' // a ".." segment in a path variable, or in a file step's rendered path ("steps.<name>.file")
  | 'unquotable' // a placeholder where it cannot be inserted safely ("steps.<name>.body|unless|file|owner|mode")
  | 'server-missing' // a role used by the runbook is not in the inventory
  | 'bad-owner' // a file step's rendered owner is not "user" or "user:group" (field "steps.<name>.owner")
  | 'bad-mode' // a file step's rendered mode is not octal (field "steps.<name>.mode")
  | 'unknown-reference'; // a {{…}} that names nothing (the linter reports it too)

export interface FieldError {
  /** Variable name, "servers.<role>", or "steps.<step>.<body|unless|file|owner|mode>" for a step's template. */
  field: string;
  code: FieldErrorCode;
  message: string;
}

export interface BindInput {
  values: Record<string, string>;
  inventory: Inventory;
  /** Secret values (from the keychain or just generated); a secret may also come in `values`. */
  secretValues?: Record<string, string>;
  runId?: string;
  /** Clock for {{run.date}}; defaults to now. */
  now?: Date;
}

/** Texts of a step with secrets masked: safe to show, store and send. */
export interface StepDisplay {
  body?: string;
  path?: string;
  /** File steps: owner and mode as rendered (mode normalised to 4 digits). */
  owner?: string;
  mode?: string;
  confirm?: string;
  unless?: string;
  text?: string;
}

/** Texts of a step with real values: built at execution time only, never stored. */
export interface RenderedStep {
  /** The command of a shell step, the content of a file step, the text of a manual step. */
  body: string;
  path?: string;
  /** File steps: validated owner ("user" or "user:group") and 4-digit mode. */
  owner?: string;
  mode?: string;
  unless?: string;
}

export type PlannedStep = Step & { display: StepDisplay; render(): RenderedStep };

export interface Plan {
  runbook: Runbook;
  runId?: string;
  /** Every resolved variable; secrets shown as "[secret]". */
  variables: Record<string, string>;
  steps: PlannedStep[];
  /** Secret values (raw and shell-quoted) for the redactor. Non-enumerable: never serialised. */
  readonly secrets: string[];
}

export type BindResult = { ok: true; plan: Plan } | { ok: false; errors: FieldError[] };

export function bindRunbook(runbook: Runbook, input: BindInput): BindResult {
  const errors: FieldError[] = [];
  const names = new Set(runbook.variables.map((v) => v.name));
  const used = usedReferences(runbook, names, errors);

  const values = new Map<string, string>();
  const paths = pathVariables(runbook);
  for (const spec of runbook.variables) {
    const value = resolveValue(spec, input, used.variables.has(spec.name), paths.has(spec.name), errors);
    if (value !== undefined) values.set(spec.name, value);
  }
  const specs = new Map(runbook.variables.map((v) => [v.name, v]));
  errors.push(...unsafePlacements(runbook, specs));
  for (const role of used.roles) {
    if (!input.inventory[role]) {
      errors.push({
        field: `servers.${role}`,
        code: 'server-missing',
        message: `the runbook uses server "${role}" but the inventory has no such server`,
      });
    }
  }
  if (errors.length > 0) return { ok: false, errors };

  const secretSpecs = new Set(runbook.variables.filter((v) => v.secret).map((v) => v.name));
  const date = (input.now ?? new Date()).toISOString().slice(0, 10);
  /** The raw text of a placeholder, or (masked) the mask of a secret; quoting is insertion.ts's job. */
  const valueOf = (p: Placeholder, masked: boolean): { text: string; final?: boolean } => {
    const ref = classifyReference(p.ref, names);
    switch (ref.kind) {
      case 'variable':
        if (masked && secretSpecs.has(ref.name)) return { text: SECRET_MASK, final: true };
        return { text: values.get(ref.name)! };
      case 'server':
        return { text: String(input.inventory[ref.role]![ref.field]) };
      case 'builtin':
        if (ref.name === 'run.id' && input.runId === undefined) {
          if (masked) return { text: '<run.id>', final: true };
          throw new Error('{{run.id}} cannot be rendered: bindRunbook was called without a runId');
        }
        return { text: ref.name === 'run.id' ? input.runId! : ref.name === 'run.date' ? date : runbook.id };
      default:
        throw new Error(`unbound reference ${p.ref}`); // excluded by usedReferences above
    }
  };
  const renderAs = (kind: TemplateKind, masked: boolean) => (text: string) => {
    const planned = new Map(
      planInsertions(text, kind, specs).map((x) => [x.placeholder.offset, x.insertion]),
    );
    return renderTemplate(text, (p) => {
      const value = valueOf(p, masked);
      return value.final ? value.text : applyInsertion(planned.get(p.offset)!, value.text);
    });
  };
  const fill = (text: string | undefined, kind: TemplateKind, masked: boolean) =>
    text === undefined ? undefined : renderAs(kind, masked)(text);
  const renderers = { real: renderAs('attribute', false), shown: renderAs('attribute', true) };
  const fileAttributes = (step: FileStep, masked: boolean) => {
    const mode = fill(step.mode, 'attribute', masked);
    return {
      owner: fill(step.owner, 'attribute', masked),
      mode: mode === undefined ? undefined : normalizeMode(mode),
    };
  };

  const renderFile = (step: FileStep): RenderedStep => {
    const problem = fileAttributeErrors(step, renderers)[0];
    if (problem) throw new Error(problem.message); // reachable only through {{run.id}}, unchecked at bind
    const path = renderAs('path', false)(step.path);
    const traversal = pathTraversalProblem(path);
    if (traversal) throw new Error(`step "${step.name}": the file path ${traversal}`); // {{run.id}} only
    return {
      body: renderAs('text', false)(step.body),
      path,
      ...definedOnly(fileAttributes(step, false)),
    };
  };

  // Owner, mode and path are checked now, with the real values, so that a bad one is a field error on the
  // run form rather than a failed `install` halfway through a run.
  for (const step of runbook.steps) {
    if (step.kind !== 'file') continue;
    errors.push(...fileAttributeErrors(step, renderers));
    const path = tryRender(() => renderAs('path', false)(step.path));
    const traversal = path === undefined ? undefined : pathTraversalProblem(path);
    if (traversal)
      errors.push({
        field: `steps.${step.name}.file`,
        code: 'path-traversal',
        message: `step "${step.name}": the file path "${renderAs('path', true)(step.path)}" ${traversal}`,
      });
  }
  if (errors.length > 0) return { ok: false, errors };

  const steps = runbook.steps.map((step): PlannedStep => {
    const display: StepDisplay =
      step.kind === 'manual'
        ? { text: fill(step.text, 'text', true), confirm: fill(step.confirm, 'text', true) }
        : {
            body: fill(step.body, step.kind === 'shell' ? 'shell' : 'text', true),
            path: step.kind === 'file' ? fill(step.path, 'path', true) : undefined,
            ...(step.kind === 'file' ? definedOnly(fileAttributes(step, true)) : {}),
            unless: step.kind === 'shell' ? fill(step.unless, 'shell', true) : undefined,
            confirm: fill(step.confirm, 'text', true),
          };
    const planned = { ...step, display } as PlannedStep;
    const render = (): RenderedStep =>
      step.kind === 'manual'
        ? { body: renderAs('text', false)(step.text) }
        : step.kind === 'file'
          ? renderFile(step)
          : { body: renderAs('shell', false)(step.body), unless: fill(step.unless, 'shell', false) };
    Object.defineProperty(planned, 'render', { value: render, enumerable: false });
    return planned;
  });

  const variables: Record<string, string> = {};
  const secrets = new Set<string>();
  for (const [name, value] of values) {
    variables[name] = secretSpecs.has(name) ? SECRET_PLACEHOLDER : value;
    if (secretSpecs.has(name) && value !== '') {
      secrets.add(value);
      secrets.add(shellQuote(value)); // what a terminal echoes when the secret went through |sh
    }
  }
  const plan = { runbook, runId: input.runId, variables, steps } as Plan;
  Object.defineProperty(plan, 'secrets', { value: [...secrets], enumerable: false });
  return { ok: true, plan };
}

function definedOnly<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function resolveValue(
  spec: VariableSpec,
  input: BindInput,
  used: boolean,
  isPath: boolean,
  errors: FieldError[],
): string | undefined {
  const given = spec.secret
    ? (input.secretValues?.[spec.name] ?? input.values[spec.name])
    : input.values[spec.name];
  // A secret's default is a lint error and never used: a secret written in a runbook is not a secret.
  const value = given !== undefined && given !== '' ? given : spec.secret ? undefined : spec.default;
  if (value === undefined) {
    if (!used) return undefined;
    if (spec.secret && spec.generate !== undefined) {
      errors.push({
        field: spec.name,
        code: 'secret-missing',
        message: `secret "${spec.name}" has no value; it may be generated (${spec.generate} characters)`,
      });
    } else {
      errors.push({
        field: spec.name,
        code: 'missing',
        message: `"${spec.name}" (${spec.label}) needs a value`,
      });
    }
    return undefined;
  }
  // Before the pattern: a pattern that happens to admit a line break must not let one through.
  const control = controlCharacterProblem(value, spec.multiline === true);
  if (control) {
    errors.push({ field: spec.name, code: 'bad-value', message: `"${spec.name}" ${control}` });
    return undefined;
  }
  const pattern = spec.pattern === undefined ? undefined : safePattern(spec.pattern);
  if (spec.pattern !== undefined && (!pattern || !pattern.test(value))) {
    errors.push({
      field: spec.name,
      code: 'pattern',
      message: `"${spec.name}" (${spec.label}) must match the pattern ${spec.pattern}`,
    });
    return undefined;
  }
  const traversal = isPath ? pathTraversalProblem(value) : undefined;
  if (traversal) {
    errors.push({
      field: spec.name,
      code: 'path-traversal',
      message: `"${spec.name}" is a path and ${traversal}`,
    });
    return undefined;
  }
  return value;
}

/** Placeholders the insertion policy refuses, as field errors naming the step and the template. */
function unsafePlacements(runbook: Runbook, specs: ReadonlyMap<string, VariableSpec>): FieldError[] {
  const errors: FieldError[] = [];
  for (const step of runbook.steps) {
    const templates: Array<[string, string | undefined, TemplateKind]> =
      step.kind === 'shell'
        ? [
            ['body', step.body, 'shell'],
            ['unless', step.unless, 'shell'],
          ]
        : step.kind === 'file'
          ? [
              ['file', step.path, 'path'],
              ['owner', step.owner, 'attribute'],
              ['mode', step.mode, 'attribute'],
            ]
          : [];
    for (const [field, text, kind] of templates) {
      if (text === undefined) continue;
      for (const { insertion } of planInsertions(text, kind, specs)) {
        if (insertion.how === 'refuse')
          errors.push({
            field: `steps.${step.name}.${field}`,
            code: 'unquotable',
            message: `step "${step.name}": ${insertion.message}`,
          });
      }
    }
  }
  return errors;
}

function tryRender(render: () => string): string | undefined {
  try {
    return render();
  } catch {
    return undefined; // {{run.id}} before the run has an id: checked again when the step renders
  }
}

function safePattern(pattern: string): RegExp | undefined {
  try {
    return anchoredPattern(pattern);
  } catch {
    return undefined; // reported by the linter; here it simply matches nothing
  }
}

/** Variables and server roles the runbook uses (step targets and {{servers.<role>.…}}). */
function usedReferences(runbook: Runbook, names: ReadonlySet<string>, errors: FieldError[]) {
  const variables = new Set<string>();
  const roles = new Set<ServerRole>();
  const reported = new Set<string>();
  for (const step of runbook.steps) {
    const templates =
      step.kind === 'manual'
        ? [step.text, step.confirm]
        : step.kind === 'file'
          ? [step.body, step.confirm, step.path, step.owner, step.mode]
          : [step.body, step.confirm, step.unless];
    if (step.kind !== 'manual') roles.add(step.target);
    for (const text of templates) {
      for (const p of templateRefs(text ?? '')) {
        const ref = classifyReference(p.ref, names);
        if (ref.kind === 'variable') variables.add(ref.name);
        else if (ref.kind === 'server') roles.add(ref.role);
        else if (ref.kind === 'unknown' && !reported.has(p.ref)) {
          reported.add(p.ref);
          errors.push({ field: p.ref, code: 'unknown-reference', message: ref.message });
        }
      }
    }
  }
  return { variables, roles };
}
