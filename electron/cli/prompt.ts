import readline from 'node:readline';
import { Writable } from 'node:stream';

/** True when a person can answer: stdin is a terminal. */
export function canAsk(): boolean {
  return Boolean(process.stdin.isTTY);
}

/** Asks on the terminal (the question goes to stderr, so stdout stays clean); y/yes/o/oui mean yes. */
export async function askYesNo(question: string): Promise<boolean> {
  const answer = await ask(`${question} [y/N] `, false);
  return /^(y|yes|o|oui)$/i.test(answer.trim());
}

/** Asks for a secret without echoing it. */
export function askHidden(question: string): Promise<string> {
  return ask(question, true);
}

function ask(question: string, hidden: boolean): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = readline.createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      if (hidden) process.stderr.write('\n');
      rl.close();
      resolve(answer);
    });
    muted = hidden;
    // Ctrl-C at a prompt answers "no" rather than leaving the run half-stopped.
    rl.on('SIGINT', () => {
      rl.close();
      resolve('');
    });
  });
}
