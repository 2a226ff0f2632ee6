/**
 * Binding: a Runbook + the engineer's values + the inventory -> a Plan, validated before anything runs.
 *
 * Secrets stay out of every serialisable field: `plan.secrets` and each step's `render()` are non-enumerable,
 * so JSON.stringify / structuredClone (IPC, journal) never see them; `display` fields show `••••••` instead.
 */
import type { Inventory } from '../inventory/model';
import { fileAttributeErrors, normalizeMode } from './file-attributes';
import type { FileStep, Runbook, ServerRole, Step, VariableSpec } from './model';
import {
  anchoredPattern,
  classifyReference,
  renderTemplate,
  shellQuote,
  templateRefs,
  type Placeholder,
} from './template';

export const SECRET_MASK = '••••••';
/** What plan.variables shows for a secret. */
export const SECRET_PLACEHOLDER = '[secret]';

export type FieldErrorCode =
  | 'missing' // no value and no default
  | 'secret-missing' // a secret without a value that may be generated (spec.generate): the caller should generate it
  | 'pattern' // the value does not match the variable's pattern
  | 'bad-value' // newline or NUL the pattern does not allow
  | 'server-missing' // a role used by the runbook is not in the inventory
  | 'bad-owner' // a file step's rendered owner is not "user" or "user:group" (field "steps.<name>.owner")
  | 'bad-mode' // a file step's rendered mode is not octal (field "steps.<name>.mode")
  | 'unknown-reference'; // a {{…}} that names nothing (the linter reports it too)

export interface FieldError {
  /** Variable name, "servers.<role>", or "steps.<step>.owner|mode" for a file step's rendered attribute. */
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
  for (const spec of runbook.variables) {
    const value = resolveValue(spec, input, used.variables.has(spec.name), errors);
    if (value !== undefined) values.set(spec.name, value);
  }
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
  const resolve = (masked: boolean) => (p: Placeholder) => {
    const ref = classifyReference(p.ref, names);
    let text: string;
    switch (ref.kind) {
      case 'variable':
        if (masked && secretSpecs.has(ref.name)) return SECRET_MASK;
        text = values.get(ref.name)!;
        break;
      case 'server':
        text = String(input.inventory[ref.role]![ref.field]);
        break;
      case 'builtin':
        if (ref.name === 'run.id' && input.runId === undefined) {
          if (masked) return '<run.id>';
          throw new Error('{{run.id}} cannot be rendered: bindRunbook was called without a runId');
        }
        text = ref.name === 'run.id' ? input.runId! : ref.name === 'run.date' ? date : runbook.id;
        break;
      default:
        throw new Error(`unbound reference ${p.ref}`); // excluded by usedReferences above
    }
    return p.filter === 'sh' ? shellQuote(text) : text;
  };
  const show = resolve(true);
  const real = resolve(false);
  const fill = (text: string | undefined, how: (p: Placeholder) => string) =>
    text === undefined ? undefined : renderTemplate(text, how);
  const renderers = {
    real: (text: string) => renderTemplate(text, real),
    shown: (text: string) => renderTemplate(text, show),
  };
  const fileAttributes = (step: FileStep, how: (p: Placeholder) => string) => {
    const mode = fill(step.mode, how);
    return { owner: fill(step.owner, how), mode: mode === undefined ? undefined : normalizeMode(mode) };
  };

  const renderFile = (step: FileStep): RenderedStep => {
    const problem = fileAttributeErrors(step, renderers)[0];
    if (problem) throw new Error(problem.message); // reachable only through {{run.id}}, unchecked at bind
    return {
      body: renderTemplate(step.body, real),
      path: renderTemplate(step.path, real),
      ...definedOnly(fileAttributes(step, real)),
    };
  };

  // Owner and mode are checked now, with the real values, so that a bad one is a field error on the
  // run form rather than a failed `install` halfway through a run.
  for (const step of runbook.steps) {
    if (step.kind === 'file') errors.push(...fileAttributeErrors(step, renderers));
  }
  if (errors.length > 0) return { ok: false, errors };

  const steps = runbook.steps.map((step): PlannedStep => {
    const display: StepDisplay =
      step.kind === 'manual'
        ? { text: fill(step.text, show), confirm: fill(step.confirm, show) }
        : {
            body: fill(step.body, show),
            path: step.kind === 'file' ? fill(step.path, show) : undefined,
            ...(step.kind === 'file' ? definedOnly(fileAttributes(step, show)) : {}),
            unless: step.kind === 'shell' ? fill(step.unless, show) : undefined,
            confirm: fill(step.confirm, show),
          };
    const planned = { ...step, display } as PlannedStep;
    const render = (): RenderedStep =>
      step.kind === 'manual'
        ? { body: renderTemplate(step.text, real) }
        : step.kind === 'file'
          ? renderFile(step)
          : { body: renderTemplate(step.body, real), unless: fill(step.unless, real) };
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
  if (value.includes('\0')) {
    errors.push({
      field: spec.name,
      code: 'bad-value',
      message: `"${spec.name}" must not contain a NUL character`,
    });
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
  // Without a pattern that explicitly accepts it, a line break could start a second command.
  if (/[\r\n]/.test(value) && !pattern) {
    errors.push({
      field: spec.name,
      code: 'bad-value',
      message: `"${spec.name}" must not contain a line break`,
    });
    return undefined;
  }
  return value;
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
