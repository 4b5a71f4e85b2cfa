/** The Kubeward version, shared by the CLI, the language server and SARIF output. */
import packageJson from '../../package.json';

export const KUBEWARD_VERSION: string = packageJson.version;
