/**
 * Settings of the editor features that add to the text without changing findings: inlay hints and document
 * links. They are per resource, like the lint settings, but they are not part of `LintConfig`: the command line
 * has no use for them, and turning one off must not re-run a single rule.
 */
import type { SettingDefinition } from '../engine/config';

export interface EditorFeatureSettings {
  inlayHints: { certificates: boolean; secretData: boolean; roleRefs: boolean };
  documentLinks: { kubeconfigFiles: boolean; roleRefs: boolean };
}

const DEFAULT_EDITOR_FEATURE_SETTINGS: EditorFeatureSettings = Object.freeze({
  inlayHints: Object.freeze({ certificates: true, secretData: true, roleRefs: true }),
  documentLinks: Object.freeze({ kubeconfigFiles: true, roleRefs: true }),
});

const toggle = (key: string, description: string): SettingDefinition => ({ key, schema: { type: 'boolean' }, default: true, description, scope: 'resource' });

export const EDITOR_FEATURE_SETTINGS: readonly SettingDefinition[] = [
  toggle('inlayHints.certificates', 'Inlay hints after certificates (kubeconfig *-data, Secret data, caBundle, trust bundles, a CSR\'s issued certificate) with their subject and expiry, and after a CSR\'s request with its subject.'),
  toggle('inlayHints.secretData', 'Inlay hints after Secret data values with their decoded length and kind of content (text, JSON, binary, PEM private key …); the decoded value itself is never shown.'),
  toggle('inlayHints.roleRefs', 'Inlay hints after a binding\'s roleRef with how many rules the role has and how many of them are risky.'),
  toggle('documentLinks.kubeconfigFiles', 'Links on the certificate, key and token file paths of a kubeconfig, resolved as kubectl does (relative to the kubeconfig\'s directory).'),
  toggle('documentLinks.roleRefs', 'Links from a binding\'s roleRef to the role\'s definition in the workspace.'),
];

/** Reads the editor feature settings from the `kubeward` section, keeping defaults for anything missing or not a boolean. */
export function resolveEditorFeatureSettings(section: unknown): EditorFeatureSettings {
  const source = objectAt({ section }, 'section');
  const hints = objectAt(source, 'inlayHints');
  const links = objectAt(source, 'documentLinks');
  const flag = (group: Record<string, unknown>, key: string, fallback: boolean) => (typeof group[key] === 'boolean' ? (group[key] as boolean) : fallback);
  const defaults = DEFAULT_EDITOR_FEATURE_SETTINGS;
  return {
    inlayHints: {
      certificates: flag(hints, 'certificates', defaults.inlayHints.certificates),
      secretData: flag(hints, 'secretData', defaults.inlayHints.secretData),
      roleRefs: flag(hints, 'roleRefs', defaults.inlayHints.roleRefs),
    },
    documentLinks: {
      kubeconfigFiles: flag(links, 'kubeconfigFiles', defaults.documentLinks.kubeconfigFiles),
      roleRefs: flag(links, 'roleRefs', defaults.documentLinks.roleRefs),
    },
  };
}

function objectAt(source: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = source[key];
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}
