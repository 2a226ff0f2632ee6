import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expandRunbookPaths, lintRunbookFiles } from '../electron/core/runbook/lint';
import { parseRunbook } from '../electron/core/runbook/parse';
import { generatedRunbookSource } from './runbook-source';
import { median, timeEach } from './stats';
import { measured, type Result } from './table';

/**
 * Figure 7: parsing and lint, in ms per runbook. Parse times are in memory (files read beforehand); lint
 * times are lintRunbookFiles on a folder, as the CLI and the catalog call it (file reads included).
 * Each pass is repeated and the median pass is kept.
 */
export async function benchParsing(repoRoot: string, quick: boolean): Promise<Result[]> {
  const passes = quick ? 3 : 7;
  const shippedDir = path.join(repoRoot, 'runbooks');
  const shippedFiles = await expandRunbookPaths([shippedDir]);
  const shipped = shippedFiles.map((file) => ({ file, source: fs.readFileSync(file, 'utf8') }));
  const generatedCount = quick ? 200 : 1000;
  const generated = Array.from({ length: generatedCount }, (_, i) => ({
    file: `gen-${i}.md`,
    source: generatedRunbookSource(i),
  }));
  const genDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rb-bench-parse-'));
  try {
    for (const g of generated) fs.writeFileSync(path.join(genDir, g.file), g.source);
    // The generated runbooks must be valid ones, or the figure would time the error path.
    const genProblems = (await lintRunbookFiles([genDir])).filter((d) => d.severity === 'error');
    if (genProblems.length) throw new Error(`generated runbooks do not lint: ${genProblems[0]!.message}`);

    const parsePass = (set: typeof shipped) => async () => {
      for (const { source, file } of set)
        if (!parseRunbook(source, file).runbook) throw new Error(`${file} did not parse`);
    };
    const perRunbook = (samples: number[], count: number) => median(samples) / count;
    // Warm-up: JIT and markdown-it's lazy tables.
    await parsePass(shipped)();
    await parsePass(generated)();
    const parseShipped = perRunbook(await timeEach(passes, parsePass(shipped)), shipped.length);
    const lintShipped = perRunbook(
      await timeEach(passes, async () => void (await lintRunbookFiles([shippedDir]))),
      shipped.length,
    );
    const parseGenerated = perRunbook(await timeEach(passes, parsePass(generated)), generated.length);
    const lintGenerated = perRunbook(
      await timeEach(passes, async () => void (await lintRunbookFiles([genDir]))),
      generated.length,
    );
    const avgLines = (set: typeof shipped) =>
      Math.round(set.reduce((n, r) => n + r.source.split('\n').length, 0) / set.length);
    return [
      {
        id: '7a',
        title: `Parse, shipped runbooks (${shipped.length}, ~${avgLines(shipped)} lines)`,
        figure: measured(parseShipped, 'ms/runbook'),
      },
      {
        id: '7b',
        title: `Lint, shipped runbooks (${shipped.length})`,
        figure: measured(lintShipped, 'ms/runbook'),
      },
      {
        id: '7c',
        title: `Parse, ${generated.length} generated (~${avgLines(generated)} lines)`,
        figure: measured(parseGenerated, 'ms/runbook'),
      },
      {
        id: '7d',
        title: `Lint, ${generated.length} generated`,
        figure: measured(lintGenerated, 'ms/runbook'),
      },
    ];
  } finally {
    fs.rmSync(genDir, { recursive: true, force: true });
  }
}
