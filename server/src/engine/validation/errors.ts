/**
 * What kube-apiserver's validation finds in an object, as data: the field path it names (as in its
 * `spec.ingress[0].from[0]` messages), the node Kubeward points at, the kind of error and what is wrong in
 * Kubeward's words, and the rule that reports it.
 */
import type { PathSegment } from '../model/nodes';

/** The error types of apimachinery's field.ErrorList that validation of a new object produces. */
export type FieldErrorType = 'required' | 'invalid' | 'forbidden' | 'notSupported' | 'duplicate' | 'tooLong' | 'tooMany';

/** The rules that report validation errors; each error belongs to exactly one. */
export type ValidationRuleId =
  | 'k8s/missing-field'
  | 'k8s/invalid-value'
  | 'k8s/invalid-name'
  | 'k8s/invalid-label'
  | 'netpol/invalid-peer'
  | 'csr/invalid-signer-name'
  | 'rbac/subject-invalid'
  | 'rbac/role-ref-invalid'
  | 'rbac/non-resource-url-in-role'
  | 'netpol/invalid-port'
  | 'netpol/misindented-selector'
  | 'netpol/invalid-cidr'
  | 'csr/unknown-usage'
  | 'csr/invalid-request'
  | 'csr/signer-usage-mismatch'
  | 'csr/expiration';

export interface FieldError {
  type: FieldErrorType;
  /** The path the API server names in its message. */
  path: PathSegment[];
  /** Where Kubeward points: a path inside the document, and whether to point at the key rather than the value. */
  at: PathSegment[];
  onKey: boolean;
  /** What is wrong, in Kubeward's words, to follow the field's name ("must not be empty"). */
  detail: string;
  rule: ValidationRuleId;
  /**
   * Set when the API server reports this as a consequence of another error that Kubeward reports already (a
   * template not selected by a selector that is missing): known, so that the field it names is accounted for, but
   * not a finding of its own.
   */
  implied?: true;
}

/** Collects the errors of one object; validators append to it as apimachinery's validators append to ErrorList. */
export class FieldErrors {
  readonly errors: FieldError[] = [];

  add(rule: ValidationRuleId, type: FieldErrorType, path: PathSegment[], detail: string, at: { path?: PathSegment[]; onKey?: boolean } = {}): void {
    this.errors.push({ type, path, at: at.path ?? path, onKey: at.onKey ?? false, detail, rule });
  }

  /** An error the API server reports as a consequence of one Kubeward reports already (see FieldError.implied). */
  implied(rule: ValidationRuleId, path: PathSegment[], detail: string): void {
    this.errors.push({ type: 'invalid', path, at: path, onKey: false, detail, rule, implied: true });
  }

  required(path: PathSegment[], detail = 'is required', rule: ValidationRuleId = 'k8s/missing-field'): void {
    this.add(rule, 'required', path, detail);
  }
}
