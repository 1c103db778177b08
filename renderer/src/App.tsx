import { useEffect, type ComponentType } from 'react';
import { ConnectionBanner } from './components/ConnectionBanner';
import { panelId, Sidebar, tabId } from './components/Sidebar';
import { Toasts } from './components/Toasts';
import { CachePanel } from './panels/cache/CachePanel';
import { CreatePanel } from './panels/create/CreatePanel';
import { LibraryPanel } from './panels/library/LibraryPanel';
import { PerformancePanel } from './panels/performance/PerformancePanel';
import { QueuePanel } from './panels/queue/QueuePanel';
import { SettingsPanel } from './panels/settings/SettingsPanel';
import { actions, useApp } from './store/store';
import { panelFromHash, type PanelName } from './store/uiSlice';


const PANEL_VIEWS: Record<PanelName, ComponentType> = {
  Create: CreatePanel,
  Queue: QueuePanel,
  Library: LibraryPanel,
  Cache: CachePanel,
  Performance: PerformancePanel,
  Settings: SettingsPanel,
};

export function App() {
  const active = useApp((s) => s.activePanel);
  const running = useApp((s) => s.jobs.order.reduce((n, id) => n + (s.jobs.byId[id]?.status === 'running' ? 1 : 0), 0));
  const View = PANEL_VIEWS[active];
  const firstRun = useApp((s) => s.queueLoaded && s.jobs.order.length === 0);
  useEffect(() => {
    if (firstRun) actions().openFirstRunPanel();
  }, [firstRun]);

  useEffect(() => {
    const fromHash = () => {
      const p = panelFromHash(window.location.hash);
      if (p) actions().setActivePanel(p);
    };
    fromHash();
    window.addEventListener('hashchange', fromHash);
    return () => window.removeEventListener('hashchange', fromHash);
  }, []);

  useEffect(() => {
    const hash = `#${active.toLowerCase()}`;
    // replaceState keeps the ?token= query and adds no history entries per tab click.
    if (window.location.hash !== hash) window.history.replaceState(null, '', hash);
    document.title = `${active} · Reelforge`;
  }, [active]);

  return (
    <div className="app">
      {/* The first Tab stop: straight to the panel, past the sidebar's tabs. */}
      <a className="skip-link" href={`#${panelId(active)}`} onClick={(e) => {
        e.preventDefault();
        document.getElementById(panelId(active))?.focus();
      }}>
        Skip to {active}
      </a>
      <Sidebar runningCount={running} />
      <main className="main">
        <ConnectionBanner />
        {/* Only the active panel is mounted: hidden panels stop polling and cost nothing. Focusable
            (tabindex 0, as the ARIA tabs pattern asks), so a panel with nothing to focus still scrolls by keyboard. */}
        <div role="tabpanel" id={panelId(active)} aria-labelledby={tabId(active)} className="tabpanel" tabIndex={0}>
          <View />
        </div>
      </main>
      <Toasts />
    </div>
  );
}
