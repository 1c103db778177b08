import { useRef, type KeyboardEvent } from 'react';
import { useApp, actions } from '../store/store';
import { PANELS, type PanelName } from '../store/uiSlice';
import { Icon, type IconName } from './Icon';

const ICONS: Record<PanelName, IconName> = {
  Create: 'create',
  Queue: 'queue',
  Library: 'library',
  Cache: 'cache',
  Performance: 'performance',
  Settings: 'settings',
};

export function panelId(panel: PanelName): string {
  return `panel-${panel.toLowerCase()}`;
}
export function tabId(panel: PanelName): string {
  return `tab-${panel.toLowerCase()}`;
}

/**
 * The panel switcher: a vertical ARIA tablist. Arrow keys move between tabs and select
 * (roving tabindex), Home/End jump to the ends. A tab's accessible name is exactly its
 * label; the running-jobs badge is aria-hidden so it never changes the name.
 */
export function Sidebar({ runningCount }: { runningCount: number }) {
  const active = useApp((s) => s.activePanel);
  const refs = useRef<Partial<Record<PanelName, HTMLButtonElement | null>>>({});

  function select(panel: PanelName, focus: boolean): void {
    actions().setActivePanel(panel);
    if (focus) refs.current[panel]?.focus();
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>): void {
    const i = PANELS.indexOf(active);
    const moves: Record<string, number> = { ArrowDown: i + 1, ArrowRight: i + 1, ArrowUp: i - 1, ArrowLeft: i - 1, Home: 0, End: PANELS.length - 1 };
    const target = moves[e.key];
    if (target === undefined) return;
    e.preventDefault();
    select(PANELS[(target + PANELS.length) % PANELS.length]!, true);
  }

  return (
    <nav className="sidebar" aria-label="Reelforge">
      <div className="brand" aria-hidden="true">
        <span className="brand-mark">▶</span>
        <span className="brand-name">Reelforge</span>
      </div>
      <div role="tablist" aria-orientation="vertical" aria-label="Panels" className="tabs" onKeyDown={onKeyDown}>
        {PANELS.map((panel) => (
          <button
            key={panel}
            ref={(el) => {
              refs.current[panel] = el;
            }}
            id={tabId(panel)}
            role="tab"
            type="button"
            className="tab"
            aria-selected={panel === active}
            aria-controls={panelId(panel)}
            tabIndex={panel === active ? 0 : -1}
            onClick={() => select(panel, false)}
          >
            <Icon name={ICONS[panel]} />
            <span className="tab-label">{panel}</span>
            {panel === 'Queue' && runningCount > 0 ? (
              <span className="badge" aria-hidden="true">
                {runningCount}
              </span>
            ) : null}
          </button>
        ))}
      </div>
    </nav>
  );
}
