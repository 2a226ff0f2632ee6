/**
 * Groups the library by the dossier's chapters ("3", "3.9", "7"…), in the dossier's order: numerically by
 * chapter, then by title. Runbooks without a usable chapter go last, under "other".
 */
import type { RunbookSummary } from '../api';

export interface ChapterGroup {
  /** The chapter's top-level number ("3" for "3.9"), or '' for the "other" group. */
  chapter: string;
  runbooks: RunbookSummary[];
}

function chapterKey(chapter: string): number[] | undefined {
  const m = /^\s*(\d+(?:\.\d+)*)/.exec(chapter);
  return m ? m[1]!.split('.').map(Number) : undefined;
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
    const chapter = key ? String(key[0]) : '';
    const list = groups.get(chapter) ?? [];
    list.push(runbook);
    groups.set(chapter, list);
  }
  return [...groups].map(([chapter, list]) => ({ chapter, runbooks: list }));
}
