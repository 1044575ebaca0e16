/** Offsets are into the expression's source text (the part between `${{` and `}}`), 0-based. */
interface Span {
  start: number;
  end: number;
}

export type LiteralValue = string | number | boolean | null;

export type BinaryOperator = '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||' | '??';

/** The syntax tree of one `${{ }}` expression. */
export type Expr =
  | ({ type: 'literal'; value: LiteralValue } & Span)
  | ({ type: 'identifier'; name: string } & Span)
  /** `a.b` has `property` as a string literal; `a['x@y=1']` and `a[i]` any expression. */
  | ({ type: 'member'; object: Expr; property: Expr } & Span)
  | ({ type: 'call'; callee: string; args: Expr[] } & Span)
  | ({ type: 'unary'; operator: '!' | '-'; operand: Expr } & Span)
  | ({ type: 'binary'; operator: BinaryOperator; left: Expr; right: Expr } & Span);
