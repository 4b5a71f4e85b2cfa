/**
 * Living beside the Red Hat YAML extension: where it validates Kubernetes manifests against a Kubernetes JSON
 * Schema, it already reports every plain schema error, and Kubeward reporting them again would show each mistake
 * twice. kubeward.schemaDiagnostics decides; by default ("auto") the findings that such a schema also produces are
 * left out, and every finding that needs Kubernetes knowledge beyond a schema stays.
 */
import type { Connection } from 'vscode-languageserver';
import type { Finding } from '../engine/linter';
import type { SchemaDiagnosticsMode } from './server-settings';

/**
 * The messages that say what yaml-language-server says with a Kubernetes schema: "Property x is not allowed",
 * "Incorrect type", "Value is not accepted", "Missing property". Not among them: invalid formats (that server does
 * not check base64 or integer sizes, and Kubeward's decode-in-place relies on the base64 finding), a missing spec
 * (validated as empty by the API server, not by a schema), and every apiVersion/kind verdict, which depends on the
 * target Kubernetes release.
 */
const PLAIN_SCHEMA_MESSAGES: Readonly<Record<string, readonly string[]>> = {
  'k8s/unknown-field': ['unknownField', 'unknownFieldNoSuggestion'],
  'k8s/invalid-value': ['wrongType', 'notInEnum'],
  'k8s/missing-field': ['missingField'],
};

/**
 * Plain scalars that Kubernetes' YAML 1.1 decoder reads as booleans but yaml-language-server (YAML 1.2 by
 * default) reads as strings, so only Kubeward sees that `value: yes` is not the string it looks like.
 */
const YAML_11_ONLY_BOOLEAN = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;

/** Schema URLs of the Kubernetes JSON Schemas people associate in yaml.schemas. */
const KUBERNETES_SCHEMA_URL = /kubernetes-json-schema|yannh|instrumenta/i;

/** Whether a finding is one that a Kubernetes JSON Schema in yaml-language-server reports as well. */
export function isPlainSchemaFinding(finding: Finding, text: string): boolean {
  if (!PLAIN_SCHEMA_MESSAGES[finding.ruleId]?.includes(finding.messageId)) return false;
  return !(finding.messageId === 'wrongType' && YAML_11_ONLY_BOOLEAN.test(text.slice(finding.range.start, finding.range.end)));
}

/**
 * Whether the Red Hat YAML extension's settings (the `yaml` section) make it validate Kubernetes manifests: its
 * validation is on and yaml.schemas associates the built-in `kubernetes` schema or a Kubernetes JSON Schema URL
 * with some files. The globs are not matched against the document: a Kubernetes association is taken to cover
 * the manifests, and "always" is there for layouts where it does not.
 */
function yamlSettingsValidateKubernetes(yamlSection: unknown): boolean {
  if (typeof yamlSection !== 'object' || yamlSection === null) return false;
  const { validate, schemas } = yamlSection as { validate?: unknown; schemas?: unknown };
  if (validate === false || typeof schemas !== 'object' || schemas === null) return false;
  return Object.entries(schemas).some(
    ([schema, files]) => schema.toLowerCase() === 'kubernetes' || KUBERNETES_SCHEMA_URL.test(schema) || files === 'kubernetes',
  );
}

/**
 * What the server knows of the YAML extension: whether the client reported it present, and its settings per
 * document, pulled like Kubeward's own and dropped when the client says the configuration changed.
 */
export class YamlExtensionState {
  private present = false;
  private readonly coversByUri = new Map<string, Promise<boolean>>();

  constructor(
    private readonly connection: Connection,
    private readonly canPull: () => boolean,
  ) {}

  /** Records what the client reported; true when it changed what is published. */
  setPresent(present: boolean): boolean {
    const changed = present !== this.present;
    this.present = present;
    this.coversByUri.clear();
    return changed;
  }

  settingsChanged(): void {
    this.coversByUri.clear();
  }

  forget(uri: string): void {
    this.coversByUri.delete(uri);
  }

  /** Whether plain schema findings are published for a document under the given mode. */
  async publishesPlainSchema(uri: string, mode: SchemaDiagnosticsMode): Promise<boolean> {
    if (mode !== 'auto') return mode === 'always';
    return !(await this.validatesKubernetes(uri));
  }

  private validatesKubernetes(uri: string): Promise<boolean> {
    if (!this.present || !this.canPull()) return Promise.resolve(false);
    let covers = this.coversByUri.get(uri);
    if (!covers) {
      covers = this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'yaml' }).then(yamlSettingsValidateKubernetes, () => false);
      this.coversByUri.set(uri, covers);
    }
    return covers;
  }
}
