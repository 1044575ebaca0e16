const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text from a run (stage ids, model names, messages, file paths, config text) as HTML: every user
 * string goes through here, in text and in attribute values alike, so none can open a tag or leave an
 * attribute. Controls other than tab and newline are dropped (they cannot be shown and confuse parsers).
 */
export function esc(value: unknown): string {
  return String(value)
    .replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
}
