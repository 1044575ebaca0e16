import { UsageError } from '@pipeline/errors';

/**
 * A problem inside one expression, at a character offset of the expression's source. Whoever
 * compiled the expression from a YAML node turns the offset into file:line:col.
 */
export class ExpressionError extends UsageError {
  override name = 'ExpressionError';
  constructor(
    code: string,
    message: string,
    readonly start: number,
    readonly end: number,
    hint?: string,
  ) {
    super(code, message, hint === undefined ? {} : { hint });
  }
}
