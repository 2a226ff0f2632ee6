/** Where the CLI writes: stdout for results (one JSON object a line with --json), stderr for messages. */
export interface Output {
  line(text: string): void;
  write(text: string): void;
  json(value: unknown): void;
  error(text: string): void;
}

export function processOutput(): Output {
  // `runbook history | head` closes the pipe early: that is not an error worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  return {
    line: (text) => void process.stdout.write(text + '\n'),
    write: (text) => void process.stdout.write(text),
    json: (value) => void process.stdout.write(JSON.stringify(value) + '\n'),
    error: (text) => void process.stderr.write(text + '\n'),
  };
}
