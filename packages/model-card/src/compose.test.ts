import { describe, expect, it } from 'vitest';
import { composeModelCard, sectionBody } from './compose.js';

describe('sectionBody', () => {
  it('takes one contribution as it is, less its own section title', () => {
    expect(sectionBody('accuracy', [{ source: 'validate', markdown: '## Accuracy\n\nAll good.\n\n### Output `y`\n' }])).toBe('All good.\n\n### Output `y`');
  });

  it('nests several under their stage ids and leaves headings inside code fences alone', () => {
    const markdown = '## Performance\n\n### Sweep\n\n```text\n# not a heading\n```\n';
    expect(sectionBody('performance', [{ source: 'a', markdown }, { source: 'b', markdown: 'B' }])).toBe(
      '### a\n\n#### Sweep\n\n```text\n# not a heading\n```\n\n### b\n\nB',
    );
  });
});

describe('composeModelCard', () => {
  it('fills only sections that have contributions, keeping the markers', () => {
    const card = '# Card\n\n## Accuracy\n\n<!-- section:accuracy -->\n_Not measured yet_\n<!-- /section:accuracy -->\n\n## Performance\n\n<!-- section:performance -->\n_Not measured yet_\n<!-- /section:performance -->\n';
    const filled = composeModelCard(card, { accuracy: [{ source: 'v', markdown: 'top-1 98 %' }], performance: [] });
    expect(filled).toBe(card.replace('<!-- section:accuracy -->\n_Not measured yet_', '<!-- section:accuracy -->\ntop-1 98 %'));
  });
});
