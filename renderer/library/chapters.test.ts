import { describe, expect, it } from 'vitest';
import type { RunbookSummary } from '../api';
import { groupByChapter } from './chapters';

function summary(id: string, chapter: string, title = id): RunbookSummary {
  return {
    id,
    title,
    chapter,
    servers: [],
    stepCount: 0,
    file: `${id}.md`,
    hash: 'sha256:0',
    errors: 0,
    warnings: 0,
  };
}

describe('groupByChapter', () => {
  it('orders chapters numerically (10 after 9) and sub-chapters inside their chapter', () => {
    const groups = groupByChapter([
      summary('restore', '7.2'),
      summary('misc', ''),
      summary('deploy', '3'),
      summary('supervisor', '3.9'),
      summary('later', '10'),
      summary('backup', '7.1'),
      summary('start', '4'),
      summary('corrections', '1-7'),
      summary('infra', '1-2'),
    ]);
    expect(groups.map((g) => g.chapter)).toEqual(['1-2', '1-7', '3', '4', '7', '10', '']);
    expect(groups[2]!.runbooks.map((r) => r.id)).toEqual(['deploy', 'supervisor']);
    expect(groups[4]!.runbooks.map((r) => r.id)).toEqual(['backup', 'restore']);
    expect(groups[6]!.runbooks.map((r) => r.id)).toEqual(['misc']);
  });
});
