import { fillModelCardSection, type ModelCardSection } from './sections.js';

/** One stage's Markdown for a section, named by the stage that wrote it (its id in the pipeline). */
export interface SectionContribution {
  source: string;
  markdown: string;
}

const TITLES: Record<ModelCardSection, string> = { accuracy: 'Accuracy', performance: 'Performance', deployment: 'Deployment' };

/** Drops a contribution's own `## Accuracy`-style title: the card already has the section's heading. */
function withoutTitle(markdown: string, title: string): string {
  const lines = markdown.trim().split('\n');
  if (lines[0]?.trim().toLowerCase() === `## ${title}`.toLowerCase()) lines.shift();
  return lines.join('\n').trim();
}

/** Moves every Markdown heading one level down (outside code fences), to nest under a `###` per source. */
function demoteHeadings(markdown: string): string {
  let fenced = false;
  return markdown
    .split('\n')
    .map((line) => {
      if (/^(```|~~~)/.test(line)) fenced = !fenced;
      return !fenced && /^#{1,5} /.test(line) ? `#${line}` : line;
    })
    .join('\n');
}

/** The body of one section: a single contribution as it is; several, each under a heading naming its stage. */
export function sectionBody(section: ModelCardSection, contributions: readonly SectionContribution[]): string {
  const title = TITLES[section];
  if (contributions.length === 1) return withoutTitle(contributions[0]!.markdown, title);
  return contributions.map((c) => `### ${c.source}\n\n${demoteHeadings(withoutTitle(c.markdown, title))}`).join('\n\n');
}

/**
 * The model card with its sections filled: every section that has contributions replaces the inspect
 * stage's placeholder (the markers stay, so a later stage can fill it again); the others keep theirs.
 */
export function composeModelCard(card: string, sections: Partial<Record<ModelCardSection, readonly SectionContribution[]>>): string {
  let filled = card;
  for (const [section, contributions] of Object.entries(sections) as [ModelCardSection, readonly SectionContribution[]][]) {
    if (contributions.length > 0) filled = fillModelCardSection(filled, section, sectionBody(section, contributions));
  }
  return filled;
}
