import fs from 'node:fs';
import { findRunbook, loadRunbookDir } from '../core/runbook/catalog';
import { formatDiagnostic, lintRunbookFiles, lintSource } from '../core/runbook/lint';
import type { Runbook } from '../core/runbook/model';
import { EXIT, runbooksDirOf, usage, type ParsedCli } from './args';
import type { Output } from './output';

/** A runbook by id (from the catalog) or by path; lint errors or an unknown name are bad input (exit 2). */
export async function loadRunbook(cli: ParsedCli, idOrPath: string): Promise<Runbook> {
  if (idOrPath.endsWith('.md') || fs.existsSync(idOrPath)) {
    if (!fs.existsSync(idOrPath)) throw usage(`unknown runbook: the file ${idOrPath} does not exist`);
    const { runbook, diagnostics } = lintSource(fs.readFileSync(idOrPath, 'utf8'), idOrPath);
    const errors = diagnostics.filter((d) => d.severity === 'error');
    if (!runbook || errors.length)
      throw usage(`the runbook ${idOrPath} has lint errors:\n${errors.map(formatDiagnostic).join('\n')}`);
    return runbook;
  }
  const dir = runbooksDirOf(cli);
  const catalog = await loadRunbookDir(dir);
  const runbook = findRunbook(catalog.runbooks, idOrPath);
  if (runbook) return runbook;
  const broken = catalog.diagnostics.filter((d) => d.severity === 'error' && d.file.includes(idOrPath));
  if (broken.length)
    throw usage(`the runbook ${idOrPath} has lint errors:\n${broken.map(formatDiagnostic).join('\n')}`);
  const known = catalog.runbooks.map((r) => r.id).join(', ') || 'none';
  throw usage(`unknown runbook "${idOrPath}" in ${dir} (known: ${known})`);
}

export async function listCommand(cli: ParsedCli, out: Output): Promise<number> {
  const dir = runbooksDirOf(cli);
  const catalog = await loadRunbookDir(dir);
  if (cli.values.json) {
    out.json({
      runbooks: catalog.runbooks.map((r) => ({
        id: r.id,
        chapter: r.chapter,
        title: r.title,
        file: r.file,
        servers: r.servers,
        steps: r.steps.length,
      })),
      diagnostics: catalog.diagnostics,
    });
  } else {
    for (const r of catalog.runbooks)
      out.line(
        `${r.id.padEnd(28)} ${r.chapter.padEnd(6)} ${r.title} (${r.steps.length} steps; ${r.servers.join(', ')})`,
      );
    const errors = catalog.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length)
      out.error(`${errors.length} lint error(s) in ${dir}; these runbooks are left out (runbook lint).`);
  }
  return EXIT.ok;
}

export async function showCommand(cli: ParsedCli, out: Output): Promise<number> {
  const id = cli.positionals[0];
  if (!id) throw usage('show needs a runbook id: runbook show <id>');
  const r = await loadRunbook(cli, id);
  if (cli.values.json) {
    out.json({ ...r, source: undefined, body: undefined });
    return EXIT.ok;
  }
  out.line(`${r.title}  [${r.id}]  chapter ${r.chapter}`);
  out.line(`file: ${r.file}  ${r.hash}`);
  if (r.summary) out.line(r.summary);
  out.line(`servers: ${r.servers.join(', ')}`);
  if (r.variables.length) out.line('variables:');
  for (const v of r.variables) {
    const facts = [
      v.secret ? 'secret' : undefined,
      v.generate ? `generated (${v.generate} chars)` : undefined,
      v.default !== undefined && !v.secret ? `default ${v.default}` : undefined,
      v.pattern ? `pattern ${v.pattern}` : undefined,
    ].filter(Boolean);
    out.line(`  ${v.name.padEnd(20)} ${v.label}${facts.length ? ` (${facts.join(', ')})` : ''}`);
  }
  out.line('steps:');
  r.steps.forEach((s, i) => {
    const where = s.kind === 'manual' ? 'manual' : `${s.kind} on ${s.target}`;
    const flags = [
      s.kind === 'shell' && s.check ? 'check' : undefined,
      s.confirm ? 'confirm' : undefined,
      s.kind === 'shell' && s.unless ? 'unless' : undefined,
      s.kind === 'file' ? s.path : undefined,
    ].filter(Boolean);
    out.line(
      `  ${String(i + 1).padStart(2)}. ${s.name} (${where}${flags.length ? `; ${flags.join(', ')}` : ''})`,
    );
  });
  return EXIT.ok;
}

export async function lintCommand(cli: ParsedCli, out: Output): Promise<number> {
  const paths = cli.positionals.length ? cli.positionals : [runbooksDirOf(cli)];
  const diagnostics = await lintRunbookFiles(paths);
  if (cli.values.json) out.json({ diagnostics });
  else for (const d of diagnostics) out.line(formatDiagnostic(d));
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  if (!cli.values.json) out.error(`${errors} error(s), ${diagnostics.length - errors} warning(s)`);
  return errors ? EXIT.badInput : EXIT.ok;
}
