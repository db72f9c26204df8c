import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { BridgeProvider } from './bridge-context';
import { createCommands } from './commands';
import { installLinkInterception } from './links';
import { useOps } from './store/store';
import { startSync } from './store/sync';
import './styles.css';

// The composition root: the only place that reads `window.ops`.
const ops = window.ops;
const linkCommands = createCommands(ops, useOps);
installLinkInterception((url) => linkCommands.openExternal(url), document);
startSync(ops, useOps);

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <BridgeProvider ops={ops}>
        <App />
      </BridgeProvider>
    </StrictMode>,
  );
}
