/**
 * axe-core through @axe-core/playwright: WCAG 2.0/2.1/2.2 A and AA plus best practice, the
 * rule set the creator review used. Only serious and critical findings fail a spec; each is
 * reported with its rule, help text and the first offending nodes.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

export interface AxeFinding {
  where: string;
  rule: string;
  impact: string;
  help: string;
  nodes: string[];
}

export async function seriousViolations(page: Page, where: string): Promise<AxeFinding[]> {
  const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ where, rule: v.id, impact: v.impact ?? '', help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
}
