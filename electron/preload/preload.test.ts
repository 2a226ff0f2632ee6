import { describe, expect, it, vi } from 'vitest';
import { EVENT_NAMES, eventChannel, METHOD_NAMES, methodChannel } from '../core/contract/names';
import { contextBridge, ipcRenderer } from '../main/testing/fake-electron';

vi.mock('electron', async () => (await import('../main/testing/fake-electron')).fakeElectron);

await import('./preload');
const exposed = contextBridge.exposed.get('runbookApi') as Record<string, (...args: unknown[]) => unknown>;

describe('preload bridge', () => {
  it('exposes one object, runbookApi, and nothing else', () => {
    expect(contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect([...contextBridge.exposed.keys()]).toEqual(['runbookApi']);
  });

  it("exposes exactly the contract's methods and events", () => {
    expect(Object.keys(exposed).sort()).toEqual([...METHOD_NAMES, ...EVENT_NAMES].sort());
    for (const value of Object.values(exposed)) expect(typeof value).toBe('function');
    expect(exposed).not.toHaveProperty('invoke');
    expect(exposed).not.toHaveProperty('ipcRenderer');
  });

  it('invokes each method on its derived channel with the input as given', async () => {
    for (const method of METHOD_NAMES) {
      ipcRenderer.invoke.mockClear();
      await exposed[method]!({ probe: method });
      expect(ipcRenderer.invoke).toHaveBeenCalledWith(methodChannel(method), { probe: method });
    }
  });

  it('delivers event payloads (never the IPC event) until unsubscribed', () => {
    const seen: unknown[] = [];
    const off = exposed.onRunState!((payload: unknown) => seen.push(payload)) as () => void;
    ipcRenderer.emit(eventChannel('onRunState'), { phase: 'idle' });
    off();
    ipcRenderer.emit(eventChannel('onRunState'), { phase: 'running' });
    expect(seen).toEqual([{ phase: 'idle' }]);
  });

  it('refuses a listener that is not a function', () => {
    expect(() => exposed.onRunEvent!('runbook:invoke:removeServer')).toThrow(TypeError);
  });
});
