/**
 * The syntax of CEL expressions in control-plane configuration, checked with a maintained CEL parser
 * (@bufbuild/cel): kube-apiserver compiles every expression when it loads the file and refuses to start when one
 * does not parse. Type checking against the variables Kubernetes declares (claims, user, request) is not done here.
 */
import { parse } from '@bufbuild/cel';
import type { PathSegment } from '../../model/nodes';
import type { DecodeProblem } from './go-shape';

const OPTIONAL_SYNTAX = /\.\?|\[\s*\?|\{\s*\?|,\s*\?/;

/** Where an expression stops parsing (`column 22`, or `line 2, column 4`), or undefined when it parses. */
export function celSyntaxProblem(expression: string): string | undefined {
  const problem = parseProblem(expression);
  // Kubernetes' CEL environments allow optional syntax (`claims.?uid`, `[?x]`, `{?'k': v}`), which this parser
  // does not read: an expression is called broken only when it still does not parse without the optional markers.
  if (problem && OPTIONAL_SYNTAX.test(expression) && !parseProblem(withoutOptionalMarkers(expression))) return undefined;
  return problem;
}

function withoutOptionalMarkers(expression: string): string {
  return expression.replace(/\.\?/g, '.').replace(/([[{,])(\s*)\?/g, '$1$2');
}

function parseProblem(expression: string): string | undefined {
  try {
    parse(expression);
    return undefined;
  } catch (error) {
    const [, line, column] = /^<input>:(\d+):(\d+)/.exec(error instanceof Error ? error.message : '') ?? [];
    if (!column) return 'somewhere';
    return line === '1' ? `column ${column}` : `line ${line}, column ${column}`;
  }
}

/** A refusal for every string under `root` held by a field named in `fields` that does not parse as CEL. */
export function celProblems(root: unknown, fields: readonly string[], path: PathSegment[] = []): DecodeProblem[] {
  if (Array.isArray(root)) return root.flatMap((item, index) => celProblems(item, fields, [...path, index]));
  if (typeof root !== 'object' || root === null) return [];
  return Object.entries(root as Record<string, unknown>).flatMap(([key, value]) => {
    if (fields.includes(key) && typeof value === 'string' && value.trim() !== '') {
      const problem = celSyntaxProblem(value);
      return problem ? [{ path: [...path, key], kind: 'refused' as const, message: `is not a CEL expression kube-apiserver can compile: it stops parsing at ${problem}` }] : [];
    }
    return celProblems(value, fields, [...path, key]);
  });
}
