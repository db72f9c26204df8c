import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { installLinkInterception } from './links';
import { useOps } from './store/store';
import { startSync } from './store/sync';
import './styles.css';

installLinkInterception(window.ops, document);
startSync(window.ops, useOps);

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
