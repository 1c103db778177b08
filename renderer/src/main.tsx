// Shared styles first: panel stylesheets (imported by the panels) must come later to refine them.
import './styles/tokens.css';
import './styles/base.css';
import './styles/components.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getApi, isDesktop, onConnection } from './api/getApi';
import { App } from './App';
import { bindEvents } from './store/bindEvents';
import { appStore } from './store/store';

// Listeners attach once, outside React, so StrictMode's double effects cannot double-subscribe.
const api = getApi();
bindEvents(api, appStore, isDesktop() ? {} : { onConnection });

// A file dropped outside the drop zone must not navigate the window to that file.
for (const type of ['dragover', 'drop'] as const) window.addEventListener(type, (e) => e.preventDefault());

const root = document.getElementById('root');
if (!root) throw new Error('index.html is missing #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
