import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { useApp } from '../../store/store';
import { JobRow } from './JobRow';

/** Fixed row height (px, matches .job-row in queue.css): fixed sizes keep scrolling 1,000 rows cheap. */
export const ROW_HEIGHT = 108;

/** The queue's rows (the ids the filter and search leave), virtualised: only the rows in view (plus a few) are in the DOM. */
export function JobList({ ids, label }: { ids: readonly string[]; label: string }) {
  const byId = useApp((s) => s.jobs.byId);
  const host = useApp((s) => s.appInfo?.host ?? 'electron');
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: ids.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    getItemKey: (index) => ids[index] ?? index,
  });

  return (
    <div className="job-scroll" ref={scrollRef} tabIndex={0} aria-label={label} role="region">
      <div role="list" className="job-list" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const job = byId[ids[item.index]!];
          if (!job) return null;
          return (
            <div
              role="listitem"
              key={item.key}
              className="job-slot"
              aria-setsize={ids.length}
              aria-posinset={item.index + 1}
              // CSSOM writes from React are allowed by the strict CSP (only style attributes in markup are not).
              style={{ transform: `translateY(${item.start}px)` }}
            >
              <JobRow job={job} host={host} />
            </div>
          );
        })}
      </div>
    </div>
  );
}
