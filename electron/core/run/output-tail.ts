/** Default size of a step's output kept for reports (the full text is in the .cast file). */
export const STEP_OUTPUT_LIMIT = 4096;

/**
 * Keeps the last `limit` characters of a stream, so that a step printing megabytes costs constant memory.
 * Starts cut output with "…" so a reader knows it is not the whole text.
 */
export class OutputTail {
  private text = '';
  private cut = false;

  constructor(private readonly limit = STEP_OUTPUT_LIMIT) {}

  push(chunk: string): void {
    this.text += chunk;
    // Trim only once the buffer is well past the limit, to avoid re-slicing on every small chunk.
    if (this.text.length > this.limit * 2) {
      this.text = this.text.slice(-this.limit);
      this.cut = true;
    }
  }

  toString(): string {
    if (this.text.length > this.limit) return '…' + this.text.slice(-this.limit);
    return this.cut ? '…' + this.text : this.text;
  }
}
