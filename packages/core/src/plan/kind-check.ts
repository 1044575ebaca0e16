import { type AnyKind, type InputPort, isKindOf, kindLineage } from '@pipeline/sdk';
import { DiagnosticCode } from '../config/codes.js';

export interface KindProblem {
  code: string;
  message: string;
  hint: string;
}

/**
 * Whether an artifact of kind `actual` may feed `port`: it must be the port's kind or a sub-kind of
 * it, and not a sub-kind the port refuses. `what` names the artifact for the message.
 */
export function checkKind(actual: AnyKind, port: InputPort, portName: string, what: string): KindProblem | undefined {
  const refused = port.refuse.find((r) => isKindOf(actual, r));
  if (refused) {
    return {
      code: DiagnosticCode.KindRefused,
      message: `input "${portName}" refuses ${refused.name}, and ${what} is ${actual.name}`,
      hint: `the port takes ${port.kind.name} but not its sub-kind ${refused.name}${refused.description ? ` (${refused.description.replace(/\.$/, '')})` : ''}`,
    };
  }
  if (!isKindOf(actual, port.kind)) {
    return {
      code: DiagnosticCode.KindMismatch,
      message: `input "${portName}" expects ${port.kind.name}, but ${what} is ${actual.name}`,
      hint: `${actual.name} is ${kindLineage(actual).join(' ← ')}; wire an output of kind ${port.kind.name} (see \`pipeline stages\`)`,
    };
  }
  return undefined;
}

/**
 * The kind a literal path is ingested as: the most precise kind under the port's kind whose
 * extensions match the file name (an `.onnx` file for a `file` port is an onnx-model), else the port's kind.
 */
export function kindForPath(filePath: string, port: InputPort, kinds: readonly AnyKind[]): AnyKind {
  const lower = filePath.toLowerCase();
  let best = port.kind;
  let bestDepth = -1;
  for (const kind of kinds) {
    if (!isKindOf(kind, port.kind) || !kind.extensions.some((ext) => lower.endsWith(ext.toLowerCase()))) continue;
    const depth = kindLineage(kind).length;
    if (depth > bestDepth) {
      best = kind;
      bestDepth = depth;
    }
  }
  return best;
}
