/**
 * Groups the library by the dossier's chapters ("3", "3.9", "7"…, or a range "1-7"), in the dossier's
 * order: numerically by chapter, then by title. Runbooks without a usable chapter go last, under "other".
 */
import type { RunbookSummary } from '../api';

export interface ChapterGroup {
  /** The chapter's top-level number ("3" for "3.9"), a range ("1-7"), or '' for the "other" group. */
  chapter: string;
  runbooks: RunbookSummary[];
}

/** "3.9" -> [3, 9]; a range "1-7" -> [1, 7] so that "1-2" sorts before "1-7". */
function chapterKey(chapter: string): number[] | undefined {
  const m = /^\s*(\d+(?:\.\d+)*)(?:\s*-\s*(\d+))?/.exec(chapter);
  if (!m) return undefined;
  return m[2] ? [Number(m[1]!.split('.')[0]), Number(m[2])] : m[1]!.split('.').map(Number);
}

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

export function groupByChapter(runbooks: readonly RunbookSummary[]): ChapterGroup[] {
  const groups = new Map<string, RunbookSummary[]>();
  const sorted = [...runbooks].sort((a, b) => {
    const ka = chapterKey(a.chapter);
    const kb = chapterKey(b.chapter);
    if (ka && kb) return compareKeys(ka, kb) || a.title.localeCompare(b.title, 'fr');
    if (ka || kb) return ka ? -1 : 1;
    return a.title.localeCompare(b.title, 'fr');
  });
  for (const runbook of sorted) {
    const key = chapterKey(runbook.chapter);
    // A range ("1-7": a runbook spanning chapters) is its own group rather than a member of its first chapter.
    const range = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(runbook.chapter);
    const chapter = range ? `${range[1]}-${range[2]}` : key ? String(key[0]) : '';
    const list = groups.get(chapter) ?? [];
    list.push(runbook);
    groups.set(chapter, list);
  }
  return [...groups].map(([chapter, list]) => ({ chapter, runbooks: list }));
}
