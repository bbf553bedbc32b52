/**
 * The one error type the IDL loader throws. Every failure (syntax, resolution, validation) names the
 * file and, when known, the line and column, and shows the offending source line with a caret.
 */
export interface SourceLocation {
  file: string;
  line: number; // 1-based
  column: number; // 1-based
}

export class IdlError extends Error {
  override name = "IdlError";
  readonly file: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
  /** The message without file name and source excerpt. */
  readonly detail: string;

  constructor(detail: string, loc?: SourceLocation | { file: string }, source?: string) {
    const file = loc?.file ?? "<unknown>";
    const line = loc && "line" in loc ? loc.line : undefined;
    const column = loc && "column" in loc ? loc.column : undefined;
    let msg = line !== undefined ? `${file}:${line}:${column}: ${detail}` : `${file}: ${detail}`;
    if (source !== undefined && line !== undefined && column !== undefined) msg += "\n" + excerpt(source, line, column);
    super(msg);
    this.file = file;
    this.line = line;
    this.column = column;
    this.detail = detail;
  }
}

/** The source line and a caret under the column. */
export function excerpt(source: string, line: number, column: number): string {
  let start = 0;
  for (let l = 1; l < line; l++) {
    const nl = source.indexOf("\n", start);
    if (nl < 0) {
      start = source.length;
      break;
    }
    start = nl + 1;
  }
  let end = source.indexOf("\n", start);
  if (end < 0) end = source.length;
  let text = source.slice(start, end).replace(/\r$/, "");
  if (text.length > 200) text = text.slice(0, 200) + "…";
  const gutter = `${line} | `;
  const pad = " ".repeat(gutter.length) + text.slice(0, Math.max(0, column - 1)).replace(/[^\t]/g, " ");
  return `${gutter}${text}\n${pad}^`;
}
