import type { TerminalChunk } from './coalescingWriter';

/** A live push as the seam needs it (TerminalDataPush): `end` is where it ends in the stream. */
export interface SeamPush {
  data: TerminalChunk;
  chars: number;
  end?: number;
}

export interface SeamSink {
  /** Output to show; `chars` is what flow control counts of it (0 for text made in the page). */
  write(data: TerminalChunk, chars: number): void;
  /** A push already in the replay: not shown, but acknowledged all the same (flow control counted it). */
  skip(chars: number): void;
}

const decoder = new TextDecoder();

/**
 * Joins a reopened terminal's replay (replayTerminal: the end of its transcript, up to stream position
 * `end`) with the live pushes, so that nothing is shown twice or lost in between. Pushes are held until the
 * replay arrives, whatever the order they come in; then a push ending at or before the replay's end is
 * already shown (skipped), one starting after it is shown whole, and one that straddles it (it should not:
 * the backend pushes what it holds before reading the transcript) is shown from the seam on.
 * Pushes without `end` (ad-hoc terminals, lines written by the page) are shown in arrival order.
 */
export class ReplaySeam {
  private held: SeamPush[] | undefined = [];
  private replayEnd = 0;

  constructor(private readonly sink: SeamSink) {}

  push(push: SeamPush): void {
    if (this.held) this.held.push(push);
    else this.forward(push);
  }

  /** The replay arrived (undefined: there is none, e.g. it failed): show it, then what was held. */
  replayed(replay: { data: string; end: number } | undefined): void {
    if (!this.held) return;
    if (replay) {
      this.replayEnd = replay.end;
      if (replay.data) this.sink.write(replay.data, 0);
    }
    const held = this.held;
    this.held = undefined;
    held.forEach((push) => this.forward(push));
  }

  private forward(push: SeamPush): void {
    if (push.end === undefined || push.end - push.chars >= this.replayEnd) {
      this.sink.write(push.data, push.chars);
      return;
    }
    if (push.end <= this.replayEnd) {
      this.sink.skip(push.chars);
      return;
    }
    const text = typeof push.data === 'string' ? push.data : decoder.decode(push.data);
    this.sink.write(text.slice(this.replayEnd - (push.end - push.chars)), push.chars);
  }
}
