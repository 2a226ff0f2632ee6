/**
 * The runbook catalog: every runbook of a directory, linted. A runbook with a lint error is left out of
 * `runbooks` (it must not run) but its diagnostics are returned so the UI/CLI can say why.
 */
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { expandRunbookPaths, lintSource, sortDiagnostics } from './lint';
import type { Diagnostic, Runbook } from './model';

export interface Catalog {
  runbooks: Runbook[];
  diagnostics: Diagnostic[];
}

export async function loadRunbookDir(dir: string): Promise<Catalog> {
  const runbooks: Runbook[] = [];
  const diagnostics: Diagnostic[] = [];
  const knownIds = new Map<string, string>();
  for (const file of await expandRunbookPaths([dir])) {
    let source: string;
    try {
      source = await readFile(file, 'utf8');
    } catch (err) {
      diagnostics.push({
        file,
        line: 1,
        col: 1,
        severity: 'error',
        code: 'io',
        message: (err as Error).message,
      });
      continue;
    }
    const result = lintSource(source, file, { knownIds });
    diagnostics.push(...result.diagnostics);
    const rb = result.runbook;
    if (rb && !knownIds.has(rb.id)) knownIds.set(rb.id, file);
    if (rb && !result.diagnostics.some((d) => d.severity === 'error')) runbooks.push(rb);
  }
  return { runbooks: sortRunbooks(runbooks), diagnostics: sortDiagnostics(diagnostics) };
}

/** By chapter ("2" < "10", "3" < "3.1"), then id. */
export function sortRunbooks(runbooks: Runbook[]): Runbook[] {
  const collator = new Intl.Collator('fr', { numeric: true });
  return [...runbooks].sort((a, b) => collator.compare(a.chapter, b.chapter) || a.id.localeCompare(b.id));
}

/** By id, by path (as given or resolved), or by file name with or without ".md". */
export function findRunbook(runbooks: Runbook[], idOrPath: string): Runbook | undefined {
  const byId = runbooks.find((r) => r.id === idOrPath);
  if (byId) return byId;
  const wanted = resolve(idOrPath);
  return (
    runbooks.find((r) => r.file === idOrPath || resolve(r.file) === wanted) ??
    runbooks.find((r) => basename(r.file) === idOrPath || basename(r.file, '.md') === idOrPath)
  );
}
