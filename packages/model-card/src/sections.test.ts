import { describe, expect, it } from 'vitest';
import { fillModelCardSection, MODEL_CARD_SECTIONS, readModelCardSection, sectionMarkers } from './sections.js';

const card = ['# Card', '', '## Accuracy', '', '<!-- section:accuracy -->', '_Not measured yet._', '<!-- /section:accuracy -->', '', '## Performance', ''].join('\n');

describe('model card sections', () => {
  it('fills a section between its markers, leaving the rest of the card byte for byte', () => {
    const filled = fillModelCardSection(card, 'accuracy', '\n top-1 98 % \n');
    expect(filled).toBe(card.replace('_Not measured yet._', 'top-1 98 %'));
    expect(readModelCardSection(filled, 'accuracy')).toBe('top-1 98 %');
  });

  it('fills again over an earlier fill (the markers stay)', () => {
    const twice = fillModelCardSection(fillModelCardSection(card, 'accuracy', 'first'), 'accuracy', 'second');
    expect(readModelCardSection(twice, 'accuracy')).toBe('second');
    expect(twice.split(sectionMarkers('accuracy').open)).toHaveLength(2);
  });

  it('appends a section the card lacks, with markers, so it reads back', () => {
    const filled = fillModelCardSection(card, 'deployment', 'Triton 24.08');
    expect(filled.startsWith(card.trimEnd())).toBe(true);
    expect(readModelCardSection(filled, 'deployment')).toBe('Triton 24.08');
    expect(readModelCardSection(card, 'deployment')).toBeUndefined();
  });

  it('has one open and one close marker per section, each naming it', () => {
    for (const section of MODEL_CARD_SECTIONS) {
      const { open, close } = sectionMarkers(section);
      expect([open, close]).toEqual([`<!-- section:${section} -->`, `<!-- /section:${section} -->`]);
    }
  });
});
