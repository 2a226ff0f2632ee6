import path from 'node:path';
import { loadRunbookDir } from '../runbook/catalog';
import type { Diagnostic, Runbook } from '../runbook/model';
import { searchRunbooks, type SearchHit } from '../runbook/search';
import { ApiError } from '../contract/names';
import type { RunbookDetail, RunbookSummary } from '../contract/types';
import { toStepView } from './step-view';

/**
 * The runbooks folder as the UI's library, on helper A's loadRunbookDir (the same rules as the CLI: a
 * runbook with a lint error is left out, its diagnostics say why). Re-read on every call, so an engineer
 * editing a runbook sees the change on the next refresh; a dozen files parse in milliseconds.
 */
export class RunbookCatalog {
  constructor(readonly dir: string) {}

  async load(): Promise<{ runbooks: Runbook[]; diagnostics: Diagnostic[] }> {
    return loadRunbookDir(this.dir);
  }

  async list(): Promise<RunbookSummary[]> {
    const { runbooks, diagnostics } = await this.load();
    return runbooks.map((runbook) => this.summarize(runbook, diagnostics));
  }

  /** Diagnostics with file names relative to the runbooks folder, as the UI shows them. */
  async problems(): Promise<Diagnostic[]> {
    const { diagnostics } = await this.load();
    return diagnostics.map((d) => ({ ...d, file: this.relative(d.file) }));
  }

  async get(id: string): Promise<Runbook> {
    const { runbooks, diagnostics } = await this.load();
    const found = runbooks.find((r) => r.id === id);
    if (found) return found;
    throw this.notFound(id, diagnostics);
  }

  private notFound(id: string, diagnostics: Diagnostic[]): ApiError {
    const broken = diagnostics.find((d) => d.severity === 'error' && d.message.includes(id));
    return new ApiError(
      'not-found',
      broken
        ? `The runbook "${id}" has lint errors and cannot be opened: ${this.relative(broken.file)}:${broken.line}: ${broken.message}`
        : `No runbook with id "${id}" in ${this.dir}.`,
    );
  }

  async detail(id: string): Promise<RunbookDetail> {
    const { runbooks, diagnostics } = await this.load();
    const runbook = runbooks.find((r) => r.id === id);
    if (!runbook) throw this.notFound(id, diagnostics);
    return {
      ...this.summarize(runbook, diagnostics),
      body: runbook.body,
      bodyLine: runbook.bodyLine,
      sections: runbook.sections,
      steps: runbook.steps.map((step) => toStepView(runbook, step)),
      variables: runbook.variables,
      diagnostics: this.diagnosticsOf(runbook, diagnostics),
    };
  }

  async search(query: string, limit?: number): Promise<SearchHit[]> {
    const { runbooks } = await this.load();
    return searchRunbooks(runbooks, query, limit);
  }

  private relative(file: string): string {
    const rel = path.relative(this.dir, file);
    return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel.split(path.sep).join('/');
  }

  private diagnosticsOf(runbook: Runbook, diagnostics: Diagnostic[]): Diagnostic[] {
    return diagnostics
      .filter((d) => d.file === runbook.file)
      .map((d) => ({ ...d, file: this.relative(d.file) }));
  }

  private summarize(runbook: Runbook, diagnostics: Diagnostic[]): RunbookSummary {
    return {
      id: runbook.id,
      title: runbook.title,
      chapter: runbook.chapter,
      ...(runbook.summary !== undefined ? { summary: runbook.summary } : {}),
      servers: runbook.servers,
      stepCount: runbook.steps.length,
      file: this.relative(runbook.file),
      hash: runbook.hash,
      errors: this.diagnosticsOf(runbook, diagnostics).filter((d) => d.severity === 'error').length,
      warnings: this.diagnosticsOf(runbook, diagnostics).filter((d) => d.severity === 'warning').length,
    };
  }
}
