import { describe, expect, it } from 'vitest';
import { checkRows, evaluate, formatNumber, formatTable, measured, notMeasured, type Result } from './table';

const latency: Result = {
  id: '3',
  title: 'Step latency',
  figure: measured(30, 'ms'),
  reference: { label: 'ssh2 exec', quantity: measured(20, 'ms') },
  target: 'stepLatency',
};

describe('evaluate', () => {
  it('computes figure / reference and checks a ratio target with it', () => {
    const [row] = evaluate([latency]);
    expect(row!.ratio).toBe(1.5);
    expect(row!.verdict).toBe('pass');
    const [slow] = evaluate([{ ...latency, figure: measured(41, 'ms') }]);
    expect(slow!.verdict).toBe('fail');
  });
  it('checks a limit target against the figure itself, not a ratio', () => {
    const [row] = evaluate([
      { id: '5a', title: 'RSS', figure: measured(151, 'MB'), target: 'floodBackendRss' },
    ]);
    expect(row!.ratio).toBeUndefined();
    expect(row!.verdict).toBe('fail');
  });
  it('marks a figure that could not be measured, even when its reference was', () => {
    const [row] = evaluate([{ ...latency, figure: notMeasured('no terminal view') }]);
    expect(row!.ratio).toBeUndefined();
    expect(row!.verdict).toBe('not-measured');
  });
  it('reports figures without a target as info', () => {
    const [row] = evaluate([{ id: '7a', title: 'Parse', figure: measured(2, 'ms/runbook') }]);
    expect(row!.verdict).toBe('info');
  });
});

describe('formatTable', () => {
  it('prints each figure beside its reference, the ratio, the target and the result', () => {
    const text = formatTable(evaluate([latency]));
    expect(text).toContain('| 3 | Step latency | 30.0 ms | ssh2 exec: 20.0 ms | 1.50× | <= 2× | pass |');
  });
  it('says why a figure is missing and lists the notes', () => {
    const text = formatTable(evaluate([{ ...latency, figure: notMeasured('no view'), note: 'see README' }]));
    expect(text).toContain('not measured: no view');
    expect(text).toContain('- 3: see README');
  });
  it('escapes pipes so that a cell cannot break the table', () => {
    const text = formatTable(evaluate([{ id: '7', title: 'a | b', figure: measured(1, 'ms') }]));
    expect(text).toContain('a \\| b');
  });
});

describe('formatNumber', () => {
  it('keeps about three significant digits', () => {
    expect(formatNumber(1234.5)).toBe('1235');
    expect(formatNumber(12.345)).toBe('12.3');
    expect(formatNumber(1.2345)).toBe('1.23');
    expect(formatNumber(0.012345)).toBe('0.012');
  });
});

describe('checkRows', () => {
  it('fails on a missed target and on an unmeasured one, and passes otherwise', () => {
    expect(checkRows(evaluate([latency])).ok).toBe(true);
    const missed = checkRows(evaluate([{ ...latency, figure: measured(50, 'ms') }]));
    expect(missed.ok).toBe(false);
    expect(missed.lines[0]).toMatch(/^FAIL 3 /);
    const unmeasured = checkRows(evaluate([{ ...latency, figure: notMeasured('no view') }]));
    expect(unmeasured.ok).toBe(false);
    expect(unmeasured.lines[0]).toMatch(/^NOT MEASURED 3 .*no view/);
  });
  it('ignores figures without a target', () => {
    expect(checkRows(evaluate([{ id: '7a', title: 'Parse', figure: notMeasured('x') }])).ok).toBe(true);
  });
});
