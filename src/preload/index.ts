/**
 * The sandboxed preload: builds `window.ops` from the shared bridge over ipcRenderer. It exposes only the bridge's
 * functions — never ipcRenderer, the IPC event object or a generic send. Builds to one CommonJS file that requires
 * only 'electron' (test/unit/preload-build.test.ts proves it).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createOpsBridge, type BridgeTransport } from '../shared/bridge';
import { IPC_EVENTS_CHANNEL, IPC_INVOKE_CHANNEL, type EventBatch } from '../shared/contract/channels';

const transport: BridgeTransport = {
  invoke: (channel, payload) => ipcRenderer.invoke(IPC_INVOKE_CHANNEL, channel, payload),
  subscribe(listener) {
    const onBatch = (_event: IpcRendererEvent, batch: EventBatch): void => listener(batch);
    ipcRenderer.on(IPC_EVENTS_CHANNEL, onBatch);
    return () => {
      ipcRenderer.removeListener(IPC_EVENTS_CHANNEL, onBatch);
    };
  },
};

contextBridge.exposeInMainWorld('ops', createOpsBridge(transport));
