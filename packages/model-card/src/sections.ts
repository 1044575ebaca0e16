/** Sections of MODEL_CARD.md that later stages fill in, each between `<!-- section:<id> -->` markers. */
export const MODEL_CARD_SECTIONS = ['accuracy', 'performance', 'deployment'] as const;
export type ModelCardSection = (typeof MODEL_CARD_SECTIONS)[number];

/** The comment lines around a section's body; they stay in the card so a later stage can fill it again. */
export function sectionMarkers(section: ModelCardSection): { open: string; close: string } {
  return { open: `<!-- section:${section} -->`, close: `<!-- /section:${section} -->` };
}

/** Replaces the body of one section of a model card, keeping its markers so it can be filled again. */
export function fillModelCardSection(card: string, section: ModelCardSection, markdown: string): string {
  const { open, close } = sectionMarkers(section);
  const start = card.indexOf(open);
  const end = card.indexOf(close);
  // A card without the markers (hand-written, or an older one) gets the section appended.
  if (start < 0 || end < start) return `${card.trimEnd()}\n\n## ${section}\n\n${open}\n${markdown.trim()}\n${close}\n`;
  return `${card.slice(0, start + open.length)}\n${markdown.trim()}\n${card.slice(end)}`;
}

/** The body of one section (trimmed, markers excluded), or undefined when the card does not have it. */
export function readModelCardSection(card: string, section: ModelCardSection): string | undefined {
  const { open, close } = sectionMarkers(section);
  const start = card.indexOf(open);
  const end = card.indexOf(close);
  if (start < 0 || end < start) return undefined;
  return card.slice(start + open.length, end).trim();
}
