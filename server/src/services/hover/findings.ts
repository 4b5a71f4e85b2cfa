/**
 * On a flagged node, explains why the finding matters and links to the rule's page.
 */
import { ruleById } from '../../engine/rules/index';
import { docsUrl } from '../../engine/rules/define-rule';
import type { HoverProvider } from './index';

export const findingsHover: HoverProvider = {
  id: 'findings',
  provide({ analysis, offset }) {
    const here = analysis.findings.filter((finding) => finding.range.start <= offset && offset <= finding.range.end);
    if (here.length === 0) return undefined;
    const lines = [...new Set(here.map((finding) => finding.ruleId))].map((ruleId) => {
      const rule = ruleById(ruleId);
      return `**${ruleId}**: ${rule?.meta.why ?? ''} [Rule documentation](${docsUrl(ruleId)})`;
    });
    return { markdown: lines.join('\n\n') };
  },
};
