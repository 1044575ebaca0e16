export { composeModelCard, sectionBody } from './compose.js';
export type { SectionContribution } from './compose.js';
export { formatBytes, formatCount, formatShape } from './format.js';
export { renderModelCard } from './render.js';
export { fillModelCardSection, MODEL_CARD_SECTIONS, readModelCardSection, sectionMarkers } from './sections.js';
export type { ModelCardSection } from './sections.js';
