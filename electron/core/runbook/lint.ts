/**
 * Runbook linter: the parser's diagnostics plus semantic checks (references, patterns, secrets, targets).
 * Every diagnostic carries file:line:col of the offending token.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FrontMatter } from './frontmatter';
import type { Diagnostic, Runbook, SourcePos, Step, VariableSpec } from './model';
import { parseRunbookDetailed, type StepLocation } from './parse';
import { OWNER_PATTERN } from './file-attributes';
import { planInsertions, type TemplateKind } from './insertion';
import { anchoredPattern, classifyReference, scanTemplate } from './template';
import { controlCharacterProblem, pathTraversalProblem, pathVariables } from './values';

export interface LintOptions {
  /** Runbook ids already seen in other files (id -> file), to report duplicates across files. */
  knownIds?: ReadonlyMap<string, string>;
}

export function lintRunbook(source: string, file: string, options: LintOptions = {}): Diagnostic[] {
  return lintSource(source, file, options).diagnostics;
}

/** Lints and also returns the parsed runbook (undefined when the file cannot be understood). */
export function lintSource(
  source: string,
  file: string,
  options: LintOptions = {},
): { runbook?: Runbook; diagnostics: Diagnostic[] } {
  const parsed = parseRunbookDetailed(source, file);
  const diagnostics = [...parsed.diagnostics];
  const { runbook, frontMatter } = parsed;
  if (runbook && frontMatter) {
    const push = (pos: SourcePos, code: string, message: string, severity: 'error' | 'warning' = 'error') =>
      diagnostics.push({ ...pos, severity, code, message });
    const firstFile = options.knownIds?.get(runbook.id);
    if (firstFile !== undefined && firstFile !== file) {
      push(
        frontMatter.valuePos.id!,
        'duplicate-id',
        `runbook id "${runbook.id}" is already used by ${firstFile}`,
      );
    }
    checkVariables(runbook.variables, frontMatter, pathVariables(runbook), push);
    const used = new Set<string>();
    runbook.steps.forEach((step, i) =>
      checkStep(runbook, frontMatter, step, parsed.stepLocations[i]!, used, push),
    );
    for (const v of runbook.variables) {
      if (!used.has(v.name)) push(v.pos, 'unused-variable', `variable "${v.name}" is never used`, 'warning');
    }
  }
  return { runbook, diagnostics: sortDiagnostics(diagnostics) };
}

type Push = (pos: SourcePos, code: string, message: string, severity?: 'error' | 'warning') => void;

function checkVariables(variables: VariableSpec[], fm: FrontMatter, paths: ReadonlySet<string>, push: Push) {
  for (const v of variables) {
    const at = fm.variableFieldPos[v.name] ?? {};
    if (v.secret && v.default !== undefined) {
      push(
        at.default ?? v.pos,
        'secret-default',
        `secret variable "${v.name}" must not have a default value`,
      );
    }
    // The redactor finds a secret by its exact text; a terminal echoes line breaks as \r\n and prefixes
    // continuation lines, so a multiline secret would leak in pieces.
    if (v.secret && v.multiline)
      push(at.multiline ?? v.pos, 'bad-variable', `secret variable "${v.name}" cannot be multiline`);
    for (const field of ['default', 'example'] as const) {
      const value = v[field];
      if (value === undefined) continue;
      const control = controlCharacterProblem(value, v.multiline === true);
      if (control) push(at[field] ?? v.pos, 'control-character', `variable "${v.name}": ${field} ${control}`);
      const traversal = paths.has(v.name) ? pathTraversalProblem(value) : undefined;
      if (traversal)
        push(at[field] ?? v.pos, 'path-traversal', `path variable "${v.name}": ${field} ${traversal}`);
    }
    if (v.pattern === undefined) continue;
    let re: RegExp;
    try {
      re = anchoredPattern(v.pattern);
    } catch (err) {
      push(
        at.pattern ?? v.pos,
        'bad-pattern',
        `variable "${v.name}": invalid pattern: ${(err as Error).message}`,
      );
      continue;
    }
    for (const field of ['default', 'example'] as const) {
      const value = v[field];
      if (value !== undefined && !re.test(value)) {
        push(
          at[field] ?? v.pos,
          'pattern-mismatch',
          `variable "${v.name}": ${field} "${value}" does not match pattern ${v.pattern}`,
        );
      }
    }
  }
}

function checkStep(
  runbook: Runbook,
  fm: FrontMatter,
  step: Step,
  loc: StepLocation,
  used: Set<string>,
  push: Push,
) {
  const variables = new Set(runbook.variables.map((v) => v.name));
  const specs = new Map(runbook.variables.map((v) => [v.name, v]));
  /** `at(offset)` locates a character of the template in the file. */
  const checkTemplate = (text: string | undefined, at: (offset: number) => SourcePos, kind: TemplateKind) => {
    if (text === undefined) return;
    const shell = kind === 'shell';
    const { parts, problems } = scanTemplate(text);
    for (const p of problems) push(at(p.offset), p.code, p.message);
    for (const { placeholder, insertion } of planInsertions(text, kind, specs)) {
      if (insertion.how === 'refuse') push(at(placeholder.offset), insertion.code, insertion.message);
    }
    for (const part of parts) {
      if (part.kind !== 'placeholder') continue;
      const ref = classifyReference(part.ref, variables);
      if (ref.kind === 'unknown') push(at(part.offset), 'unknown-variable', ref.message);
      else if (ref.kind === 'variable') {
        used.add(ref.name);
        const spec = specs.get(ref.name)!;
        if (shell && spec.pattern === undefined && part.filter !== 'sh' && !spec.multiline) {
          push(
            at(part.offset),
            'unquoted-variable',
            `"${ref.name}" has no pattern and is inserted into a shell command unquoted: add a pattern or write {{${ref.name}|sh}}`,
            'warning',
          );
        }
      } else if (ref.kind === 'server' && !runbook.servers.includes(ref.role)) {
        push(
          at(part.offset),
          'undeclared-server',
          `server "${ref.role}" is not listed in front-matter "servers"`,
          'warning',
        );
      }
    }
  };
  /** Templates inside a JSON attribute value: exact column unless the JSON string holds escapes. */
  const attrAt = (key: string, raw: string | undefined) => (offset: number) => {
    const p = loc.valuePos[key] ?? step.pos;
    return raw !== undefined && !raw.includes('\\') && !raw.includes('"')
      ? { ...p, col: p.col + 1 + offset }
      : p;
  };

  if (step.kind === 'manual') {
    checkTemplate(step.text, loc.bodyPos, 'text');
    return;
  }
  checkTemplate(step.body, loc.bodyPos, step.kind === 'shell' ? 'shell' : 'text');
  if (step.confirm !== undefined && loc.valuePos.confirm)
    checkTemplate(step.confirm, attrAt('confirm', step.confirm), 'text');
  if (step.body.trim() === '') push(step.pos, 'empty-body', `step "${step.name}" has an empty body`);
  if (!runbook.servers.includes(step.target)) {
    push(
      loc.valuePos.target ?? step.pos,
      'undeclared-server',
      `target "${step.target}" is not listed in front-matter "servers" (${fm.servers.join(', ') || 'empty'})`,
      'warning',
    );
  }
  if (step.kind === 'shell') checkTemplate(step.unless, attrAt('unless', step.unless), 'shell');
  if (step.kind === 'file') {
    checkTemplate(step.path, attrAt('file', step.path), 'path');
    checkTemplate(step.owner, attrAt('owner', step.owner), 'attribute');
    checkTemplate(step.mode, attrAt('mode', step.mode), 'attribute');
    // The literal part of a path can be judged now; the values in it are judged by the binder.
    const traversal = pathTraversalProblem(step.path.replace(/\{\{[^}]*\}\}/g, 'x'));
    if (traversal)
      push(loc.valuePos.file ?? step.pos, 'path-traversal', `file path "${step.path}" ${traversal}`);
    // A literal owner can be judged now; a templated one is judged by the binder once rendered.
    if (step.owner !== undefined && !step.owner.includes('{{') && !OWNER_PATTERN.test(step.owner)) {
      push(
        loc.valuePos.owner ?? step.pos,
        'bad-attribute',
        `owner "${step.owner}" must be "user" or "user:group" (lowercase system names)`,
      );
    }
    if (!step.path.startsWith('/') && !step.path.startsWith('{{')) {
      push(
        loc.valuePos.file ?? step.pos,
        'relative-path',
        `file path "${step.path}" should be absolute`,
        'warning',
      );
    }
  }
}

export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col || a.code.localeCompare(b.code),
  );
}

/** "file:line:col: severity: message [code]", the format editors and CI understand. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.col}: ${d.severity}: ${d.message} [${d.code}]`;
}

/** One file's lint: its diagnostics and, when the file could be understood, its runbook. */
export interface FileLint {
  file: string;
  runbook?: Runbook;
  diagnostics: Diagnostic[];
}

/**
 * Lints files and directories (a directory stands for every `*.md` below it, README.md excepted), one result
 * a file in expandRunbookPaths order. An unreadable file gets an 'io' error; a runbook id already used by
 * an earlier file gets a 'duplicate-id' error. Shared by the CLI's lint and the catalog, so both judge alike.
 */
export async function lintFiles(paths: string[]): Promise<FileLint[]> {
  const results: FileLint[] = [];
  const knownIds = new Map<string, string>();
  for (const file of await expandRunbookPaths(paths)) {
    let source: string;
    try {
      source = await readFile(file, 'utf8');
    } catch (err) {
      const message = (err as Error).message;
      results.push({
        file,
        diagnostics: [{ file, line: 1, col: 1, severity: 'error', code: 'io', message }],
      });
      continue;
    }
    const result = lintSource(source, file, { knownIds });
    if (result.runbook && !knownIds.has(result.runbook.id)) knownIds.set(result.runbook.id, file);
    results.push({ file, ...result });
  }
  return results;
}

/** lintFiles' diagnostics, sorted by file, line, column. */
export async function lintRunbookFiles(paths: string[]): Promise<Diagnostic[]> {
  return sortDiagnostics((await lintFiles(paths)).flatMap((r) => r.diagnostics));
}

/** Files as given; directories expanded (recursively, sorted) to their `*.md` files other than README.md. */
export async function expandRunbookPaths(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info?.isDirectory()) {
      out.push(path); // a missing file is reported by the reader, with its name
      continue;
    }
    const entries = (await readdir(path, { withFileTypes: true })).sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      if (e.isDirectory()) out.push(...(await expandRunbookPaths([join(path, e.name)])));
      else if (e.isFile() && e.name.endsWith('.md') && e.name.toLowerCase() !== 'readme.md')
        out.push(join(path, e.name));
    }
  }
  return out;
}
