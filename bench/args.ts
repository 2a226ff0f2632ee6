/** Command line of `npm run bench [-- --check] [--only 3,4] [--quick]`. */
export interface BenchArgs {
  check: boolean;
  quick: boolean;
  /** Figure numbers ("1".."7"); undefined means all. */
  only?: string[];
}

export const FIGURES = ['1', '2', '3', '4', '5', '6', '7'] as const;

export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const args: BenchArgs = { check: false, quick: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--check') args.check = true;
    else if (arg === '--quick') args.quick = true;
    else if (arg === '--only' || arg.startsWith('--only=')) {
      const value = arg === '--only' ? argv[++i] : arg.slice('--only='.length);
      if (!value) throw new Error('--only needs a list of figures, e.g. --only 3,4,7');
      const list = value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const unknown = list.filter((f) => !(FIGURES as readonly string[]).includes(f));
      if (unknown.length)
        throw new Error(`--only: unknown figure ${unknown.join(', ')} (figures are 1 to 7)`);
      args.only = list;
    } else if (arg === '--help' || arg === '-h') {
      throw new Error('usage: npm run bench -- [--check] [--quick] [--only 1,2,...]');
    } else
      throw new Error(
        `unknown argument "${arg}" (usage: npm run bench -- [--check] [--quick] [--only 1,2,...])`,
      );
  }
  return args;
}

export function wants(args: BenchArgs, figure: string): boolean {
  return !args.only || args.only.includes(figure);
}
