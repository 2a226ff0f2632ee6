import { describe, expect, it } from 'vitest';
import { TerminalFlow, TerminalFlows } from './terminal-flow';

function target() {
  const calls: string[] = [];
  return { calls, pause: () => calls.push('pause'), resume: () => calls.push('resume') };
}

describe('TerminalFlow', () => {
  it('pauses at the high watermark and resumes at the low one, once each', () => {
    const t = target();
    const flow = new TerminalFlow(t, { high: 100, low: 20, interruptBurst: 0 });
    flow.attach(true);
    flow.sent(60);
    expect(t.calls).toEqual([]);
    flow.sent(40);
    expect(flow.paused).toBe(true);
    flow.sent(500); // chunks already in flight when the channel paused
    expect(t.calls).toEqual(['pause']);
    flow.acked(600);
    expect(flow.unacked).toBe(0);
    expect(t.calls).toEqual(['pause', 'resume']);
  });

  it('stays paused until the unacknowledged count is down to the low watermark', () => {
    const t = target();
    const flow = new TerminalFlow(t, { high: 100, low: 20, interruptBurst: 0 });
    flow.attach(true);
    flow.sent(150);
    flow.acked(100);
    expect(flow.unacked).toBe(50);
    expect(flow.paused).toBe(true);
    flow.acked(30);
    expect(flow.paused).toBe(false);
    expect(t.calls).toEqual(['pause', 'resume']);
  });

  it('never pauses a stream no view is attached to (nobody would ever acknowledge)', () => {
    const t = target();
    const flow = new TerminalFlow(t, { high: 10, low: 5, interruptBurst: 0 });
    flow.sent(1_000);
    expect(flow.paused).toBe(false);
    expect(t.calls).toEqual([]);
  });

  it('resumes and starts a fresh count when the view detaches or reattaches', () => {
    const t = target();
    const flow = new TerminalFlow(t, { high: 10, low: 5, interruptBurst: 0 });
    flow.attach(true);
    flow.sent(50);
    flow.attach(false);
    expect(t.calls).toEqual(['pause', 'resume']);
    flow.sent(50);
    expect(flow.paused).toBe(false);
    flow.attach(true);
    expect(flow.unacked).toBe(0);
    flow.acked(1_000); // acks of output sent before the reattach never go negative
    expect(flow.unacked).toBe(0);
  });

  it('after an interrupt, lets output through without waiting for acks up to high + burst, then pauses', () => {
    const t = target();
    const flow = new TerminalFlow(t, { high: 100, low: 20, interruptBurst: 300 });
    flow.attach(true);
    flow.sent(100);
    expect(t.calls).toEqual(['pause']);
    flow.interrupted();
    expect(t.calls).toEqual(['pause', 'resume']);
    flow.sent(200);
    flow.sent(99);
    expect(flow.paused).toBe(false);
    // In flight reached high + burst: the channel pauses again until the view catches up.
    flow.sent(5);
    expect(flow.paused).toBe(true);
    expect(flow.unacked).toBe(404);
    flow.acked(384);
    expect(t.calls).toEqual(['pause', 'resume', 'pause', 'resume']);
  });

  it('does not resume past high + burst, however often Ctrl-C is pressed', () => {
    const t = target();
    const flow = new TerminalFlow(t, { high: 100, low: 20, interruptBurst: 300 });
    flow.attach(true);
    flow.sent(100);
    flow.interrupted();
    flow.sent(300);
    expect(flow.paused).toBe(true);
    flow.interrupted();
    flow.interrupted();
    expect(flow.paused).toBe(true);
    expect(t.calls).toEqual(['pause', 'resume', 'pause']);
  });

  it('ignores an interrupt while no view is attached, and forgets a burst when the view changes', () => {
    const t = target();
    const flow = new TerminalFlow(t, { high: 10, low: 5, interruptBurst: 1_000 });
    flow.interrupted();
    flow.attach(true);
    flow.sent(10);
    expect(flow.paused).toBe(true);
    flow.interrupted();
    flow.attach(false);
    flow.attach(true);
    flow.sent(10);
    expect(flow.paused).toBe(true);
  });

  it('rejects limits where low is not below high', () => {
    expect(() => new TerminalFlow(target(), { high: 10, low: 10, interruptBurst: 0 })).toThrow(RangeError);
  });

  it('keeps one flow per stream', () => {
    const made: string[] = [];
    const flows = new TerminalFlows<'app' | 'db'>((key) => {
      made.push(key);
      return target();
    });
    expect(flows.get('app')).toBe(flows.get('app'));
    flows.get('db');
    expect(made).toEqual(['app', 'db']);
  });
});
