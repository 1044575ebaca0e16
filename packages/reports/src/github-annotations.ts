import type { Diagnostic } from '@pipeline/errors';

/** A workflow command's message: `%`, CR and LF escaped as GitHub's runner unescapes them. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: also `:` and `,`, which separate properties. */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  message: string;
  title?: string | undefined;
  file?: string | undefined;
  line?: number | undefined;
  col?: number | undefined;
}

/** `::error file=deploy.yaml,line=4,col=7,title=E_CODE::message` — GitHub Actions shows it on the file's line. */
export function githubAnnotation(a: Annotation): string {
  const props = [
    a.file === undefined ? '' : `file=${escapeProperty(a.file)}`,
    a.line === undefined ? '' : `line=${a.line}`,
    a.col === undefined ? '' : `col=${a.col}`,
    a.title === undefined ? '' : `title=${escapeProperty(a.title)}`,
  ].filter(Boolean);
  return `::${a.level}${props.length ? ` ${props.join(',')}` : ''}::${escapeData(a.message)}\n`;
}

/** A diagnostic (`pipeline check`'s problems) as an annotation at its file, line and column. */
export function diagnosticAnnotation(d: Diagnostic): string {
  const message = d.hint ? `${d.message}\nhint: ${d.hint}` : d.message;
  return githubAnnotation({ level: d.severity === 'error' ? 'error' : 'warning', message, title: d.code, file: d.loc?.file, line: d.loc?.line, col: d.loc?.column });
}
