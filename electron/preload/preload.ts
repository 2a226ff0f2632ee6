/**
 * The sandboxed preload (bundled to one file, dist/electron/preload.cjs): exposes exactly the contract's
 * methods and events as window.runbookApi, and nothing else.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld('runbookApi', createBridge(ipcRenderer));
