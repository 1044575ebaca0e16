import { esc } from './escape.js';

const STYLE = `
:root { color-scheme: light; --fg:#111827; --muted:#6b7280; --line:#e5e7eb; --pass:#2f9e77; --fail:#c81e1e; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); margin: 0; background: #f9fafb; }
header { background: #111827; color: #fff; padding: 16px 28px; }
header h1 { margin: 0 0 4px; font-size: 20px; }
header .meta { color: #d1d5db; font-size: 13px; }
nav { padding: 8px 28px; background: #fff; border-bottom: 1px solid var(--line); font-size: 13px; }
nav a { margin-right: 14px; color: #3b6fd4; text-decoration: none; }
main { padding: 8px 28px 40px; max-width: 1180px; }
section { overflow-x: auto; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 18px; margin: 16px 0; }
h2 { font-size: 17px; margin: 4px 0 10px; } h3 { font-size: 15px; margin: 16px 0 6px; } h4 { font-size: 13.5px; margin: 12px 0 6px; font-weight: 600; }
table { border-collapse: collapse; margin: 6px 0 12px; font-size: 13px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 10px; text-align: left; vertical-align: top; }
th { background: #f3f4f6; font-weight: 600; }
td { font-variant-numeric: tabular-nums; }
figure.chart { margin: 10px 0 16px; display: inline-block; vertical-align: top; }
figure.chart figcaption { font-weight: 600; font-size: 13px; margin-bottom: 2px; }
pre { background: #f3f4f6; padding: 8px 12px; border-radius: 6px; overflow-x: auto; font-size: 12.5px; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, monospace; font-size: 12.5px; }
.status { color: #fff; border-radius: 4px; padding: 1px 6px; font-size: 12px; }
.pass { color: var(--pass); font-weight: 600; } .fail { color: var(--fail); font-weight: 700; }
.sev-error { color: var(--fail); font-weight: 600; } .sev-warning { color: #b45309; } .sev-info { color: var(--muted); }
.tag { background: #e0e7ff; color: #3730a3; border-radius: 4px; padding: 0 5px; font-size: 11px; }
.note { color: var(--muted); }
.up { color: var(--fail); } .down { color: var(--pass); } .noise { color: var(--muted); }
`;

export interface PageParts {
  title: string;
  subtitle: string;
  sections: readonly string[];
}

/**
 * The whole document: no script, no external stylesheet, font or image — the file opens offline and
 * from a CI artifact as it is. Section ids give the navigation links.
 */
export function page(parts: PageParts): string {
  const sections = parts.sections.filter((s) => s.trim());
  const nav = sections
    .map((s) => /<section id="([^"]+)"><h2>([^<]*)<\/h2>/.exec(s))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => `<a href="#${m[1]}">${m[2]}</a>`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(parts.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${esc(parts.title)}</h1><div class="meta">${parts.subtitle}</div></header>
<nav>${nav}</nav>
<main>
${sections.join('\n')}
</main>
</body>
</html>
`;
}
