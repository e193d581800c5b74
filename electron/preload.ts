// Runs sandboxed with context isolation: exposes the typed API and nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge.ts';

contextBridge.exposeInMainWorld('souq', createBridge(ipcRenderer));
