/**
 * Flow control of one terminal stream (one server of one run), on the backend side.
 *
 * The backend counts the characters it pushed (onTerminalData) and the renderer acknowledges the ones
 * xterm.js has parsed (ackTerminal, from write callbacks). When too much is in flight the SSH channel is
 * paused, so a `cat` of a huge file neither grows memory without bound (WebSocket/IPC buffers, xterm's
 * write queue) nor freezes the page; it resumes once the renderer has caught up to the low watermark.
 *
 * Only an attached view takes part: with no terminal on screen (another page is open) nobody acks, and
 * pausing then would stall the run for ever. Attaching starts a fresh count: what was sent before is not
 * that view's to acknowledge.
 */
export interface FlowTarget {
  pause(): void;
  resume(): void;
}

export interface FlowLimits {
  /** Unacknowledged characters at which the channel is paused. */
  high: number;
  /** Unacknowledged characters at or below which it is resumed. */
  low: number;
}

/**
 * The high watermark bounds memory (about 8 MB of text in flight) and must cover what is in transit and
 * what the page holds on purpose: during a flood it writes to xterm.js in chunks of up to 1 MB, at most one
 * every 50 ms unless a whole chunk is waiting (renderer/terminal/coalescingWriter.ts), and output on its
 * way (batches, the socket, the page's socket worker) counts too. Measured on the bench (figure 1): 1,000,000
 * characters paused a fast `cat` in every interval; 4,000,000 gave 7 % more than 2,000,000 (median of 4
 * alternating rounds), 6,000,000 nothing more.
 * The low watermark sits at half the high one so the channel resumes while the page still has about half a
 * window to parse: the ack → resume → SSH → WebSocket round trip (tens of ms on a loaded machine) then
 * overlaps with parsing instead of leaving the page idle.
 */
export const DEFAULT_FLOW_LIMITS: FlowLimits = { high: 4_000_000, low: 2_000_000 };

export class TerminalFlow {
  private unackedChars = 0;
  private pausedNow = false;
  private attachedNow = false;

  constructor(
    private readonly target: FlowTarget,
    private readonly limits: FlowLimits = DEFAULT_FLOW_LIMITS,
  ) {
    if (!(limits.low >= 0 && limits.low < limits.high))
      throw new RangeError('flow limits need 0 <= low < high');
  }

  get unacked(): number {
    return this.unackedChars;
  }

  get paused(): boolean {
    return this.pausedNow;
  }

  get attached(): boolean {
    return this.attachedNow;
  }

  /** The backend pushed `chars` more characters to the renderer. */
  sent(chars: number): void {
    if (!this.attachedNow) return;
    this.unackedChars += chars;
    if (!this.pausedNow && this.unackedChars >= this.limits.high) {
      this.pausedNow = true;
      this.target.pause();
    }
  }

  /** The renderer has parsed `chars` more characters. More than was sent (a reattached view) counts as all. */
  acked(chars: number): void {
    if (!this.attachedNow) return;
    this.unackedChars = Math.max(0, this.unackedChars - chars);
    if (this.pausedNow && this.unackedChars <= this.limits.low) this.release();
  }

  /** A terminal view starts (true) or stops (false) consuming this stream. */
  attach(attached: boolean): void {
    this.attachedNow = attached;
    this.unackedChars = 0;
    if (this.pausedNow) this.release();
  }

  private release(): void {
    this.pausedNow = false;
    this.target.resume();
  }
}

/** The flows of several streams, made on first use (one per server role of a run). */
export class TerminalFlows<K extends string> {
  private readonly flows = new Map<K, TerminalFlow>();

  constructor(
    private readonly targetFor: (key: K) => FlowTarget,
    private readonly limits: FlowLimits = DEFAULT_FLOW_LIMITS,
  ) {}

  get(key: K): TerminalFlow {
    let flow = this.flows.get(key);
    if (!flow) {
      flow = new TerminalFlow(this.targetFor(key), this.limits);
      this.flows.set(key, flow);
    }
    return flow;
  }
}
