import { describeTarget, meets, TARGETS, type TargetKey, type Verdict } from './targets';

/** A measured quantity, or why it could not be measured (never a made-up number). */
export type Quantity = { value: number; unit: string } | { missing: string };

export interface Result {
  /** Figure number of the issue, with a letter for sub-figures: "1", "5a", "7b". */
  id: string;
  title: string;
  figure: Quantity;
  /** Measured in the same run, same unit as the figure; the ratio is figure / reference. */
  reference?: { label: string; quantity: Quantity };
  /** Checked by --check; absent for figures that are only reported. */
  target?: TargetKey;
  note?: string;
}

export interface Row extends Result {
  ratio?: number;
  verdict: Verdict | 'info';
}

export function measured(value: number, unit: string): Quantity {
  return { value, unit };
}

export function notMeasured(reason: string): Quantity {
  return { missing: reason };
}

export function valueOf(q: Quantity | undefined): number | undefined {
  return q && 'value' in q ? q.value : undefined;
}

/** Adds the ratio and the verdict against its target to each result. */
export function evaluate(results: readonly Result[]): Row[] {
  return results.map((r) => {
    const fig = valueOf(r.figure);
    const ref = valueOf(r.reference?.quantity);
    const ratio = fig !== undefined && ref !== undefined && ref !== 0 ? fig / ref : undefined;
    if (!r.target) return { ...r, ...(ratio !== undefined ? { ratio } : {}), verdict: 'info' as const };
    const target = TARGETS[r.target];
    const verdict = meets(target, target.kind === 'ratio' ? ratio : fig);
    return { ...r, ...(ratio !== undefined ? { ratio } : {}), verdict };
  });
}

/** Numbers with 3 significant digits at most, without exponent notation for the usual ranges. */
export function formatNumber(n: number): string {
  if (n === 0) return '0';
  const abs = Math.abs(n);
  if (abs >= 100) return n.toFixed(0);
  if (abs >= 10) return n.toFixed(1);
  if (abs >= 1) return n.toFixed(2);
  return n.toPrecision(2);
}

export function formatQuantity(q: Quantity | undefined): string {
  if (!q) return '—';
  return 'value' in q ? `${formatNumber(q.value)} ${q.unit}` : `not measured: ${q.missing}`;
}

const HEADERS = ['#', 'figure', 'value', 'reference', 'ratio', 'target', 'result'] as const;

function cells(row: Row): string[] {
  const target = row.target ? describeTarget(TARGETS[row.target]) : '—';
  const ref = row.reference ? `${row.reference.label}: ${formatQuantity(row.reference.quantity)}` : '—';
  return [
    row.id,
    row.title,
    formatQuantity(row.figure),
    ref,
    row.ratio !== undefined ? `${formatNumber(row.ratio)}×` : '—',
    target,
    row.verdict,
  ];
}

/** A Markdown table (readable in a terminal, pasteable in docs/bench.md), then the notes. */
export function formatTable(rows: readonly Row[]): string {
  const escape = (s: string) => s.replace(/\|/g, '\\|');
  const lines = [
    `| ${HEADERS.join(' | ')} |`,
    `| ${HEADERS.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${cells(r).map(escape).join(' | ')} |`),
  ];
  const notes = rows.filter((r) => r.note).map((r) => `- ${r.id}: ${r.note}`);
  return lines.join('\n') + (notes.length ? `\n\nNotes:\n${notes.join('\n')}` : '') + '\n';
}

export interface BenchReport {
  date: string;
  machine: { cpus: number; cpuModel: string; memoryMB: number; platform: string; node: string };
  options: { quick: boolean; only?: string[] };
  rows: Row[];
}

/**
 * --check: exit status 1 when a checked target fails, or when it could not be measured (a check that
 * passes on missing data could never fail). Returns the lines to print.
 */
export function checkRows(rows: readonly Row[]): { ok: boolean; lines: string[] } {
  const lines: string[] = [];
  for (const r of rows) {
    if (r.verdict === 'fail') lines.push(`FAIL ${r.id} ${r.title}: ${TARGETS[r.target!].meaning}`);
    if (r.verdict === 'not-measured')
      lines.push(`NOT MEASURED ${r.id} ${r.title}: ${formatQuantity(r.figure)}`);
  }
  return { ok: lines.length === 0, lines };
}
