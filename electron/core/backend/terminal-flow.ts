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
  /** Characters let through without waiting for acks after an interrupt (see interrupted()). */
  interruptBurst: number;
}

/**
 * The high watermark bounds memory (about 16 MB of text in flight, UTF-16) and must cover what is in
 * transit and what the page holds on purpose: during a flood it writes to xterm.js in chunks of up to
 * 2 MiB, each drawn once (renderer/terminal/coalescingWriter.ts), so a chunk being parsed, the next one
 * waiting and the output on its way (batches, the socket, the page's socket worker) must all fit. Measured
 * on the bench (figure 1, medians of 4 alternating rounds): with 2 MiB chunks, 8,000,000 characters gave
 * 18.4 MB/s, 6,000,000 gave 17.0 and 10,000,000 nothing more; with 1 MiB chunks, 4,000,000 was enough.
 * The low watermark sits at half the high one so the channel resumes while the page still has about half a
 * window to parse: the ack → resume → SSH → WebSocket round trip (tens of ms on a loaded machine) then
 * overlaps with parsing instead of leaving the page idle.
 * The interrupt burst covers what can be on its way when Ctrl-C lands: ssh2's channel window (2 MiB), as
 * much again read ahead by sshd (it reads the PTY up to the window we grant), and the PTY's own buffer
 * (measured on the bench: 2.2 to 4.0 million characters came before the prompt). Memory in flight is then
 * bounded by high + interruptBurst.
 */
export const DEFAULT_FLOW_LIMITS: FlowLimits = { high: 8_000_000, low: 4_000_000, interruptBurst: 6_000_000 };

export class TerminalFlow {
  private unackedChars = 0;
  private pausedNow = false;
  private attachedNow = false;
  private burstLeft = 0;

  constructor(
    private readonly target: FlowTarget,
    private readonly limits: FlowLimits = DEFAULT_FLOW_LIMITS,
  ) {
    if (!(limits.low >= 0 && limits.low < limits.high && limits.interruptBurst >= 0))
      throw new RangeError('flow limits need 0 <= low < high and interruptBurst >= 0');
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
    // After an interrupt, let output through unless even high + interruptBurst is reached (presses of
    // Ctrl-C on a program that ignores them must not add burst upon burst).
    if (this.burstLeft > 0 && this.unackedChars < this.limits.high + this.limits.interruptBurst) {
      this.burstLeft = Math.max(0, this.burstLeft - chars);
      return;
    }
    this.burstLeft = 0;
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

  /**
   * The engineer pressed Ctrl-C in the terminal. What the program printed before it stopped is already on
   * its way (the SSH window, sshd, the PTY: a few MB), and the shell's prompt (the step's end) comes after
   * it: waiting for the page to parse all of that, window by window, kept a stopped flood shown running
   * 0.1 to 0.2 s longer (bench, figure 5d). So the next `interruptBurst` characters go through without
   * waiting for acks (the page holds them and parses them after), then flow control resumes: what is in
   * flight stays below high + interruptBurst, also when the program ignores the Ctrl-C.
   */
  interrupted(): void {
    if (!this.attachedNow) return;
    this.burstLeft = this.limits.interruptBurst;
    if (this.pausedNow && this.unackedChars < this.limits.high + this.limits.interruptBurst) this.release();
  }

  /** A terminal view starts (true) or stops (false) consuming this stream. */
  attach(attached: boolean): void {
    this.attachedNow = attached;
    this.unackedChars = 0;
    this.burstLeft = 0;
    if (this.pausedNow) this.release();
  }

  private release(): void {
    this.pausedNow = false;
    this.target.resume();
  }
}

/** Whether keyboard input sent to a terminal holds a Ctrl-C (ETX): see TerminalFlow.interrupted. */
export function holdsInterrupt(input: string): boolean {
  return input.includes('\x03');
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
