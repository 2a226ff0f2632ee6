/**
 * The runbook catalog: every runbook of a directory, linted. A runbook with a lint error is left out of
 * `runbooks` (it must not run) but its diagnostics are returned so the UI/CLI can say why.
 */
import { basename, resolve } from 'node:path';
import { lintFiles, sortDiagnostics } from './lint';
import type { Diagnostic, Runbook } from './model';

export interface Catalog {
  runbooks: Runbook[];
  diagnostics: Diagnostic[];
}

export async function loadRunbookDir(dir: string): Promise<Catalog> {
  const results = await lintFiles([dir]);
  const runbooks = results.flatMap(({ runbook, diagnostics }) =>
    runbook && !diagnostics.some((d) => d.severity === 'error') ? [runbook] : [],
  );
  return {
    runbooks: sortRunbooks(runbooks),
    diagnostics: sortDiagnostics(results.flatMap((r) => r.diagnostics)),
  };
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
