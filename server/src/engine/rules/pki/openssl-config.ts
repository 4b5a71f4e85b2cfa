/**
 * openssl configuration files used to write certificate requests (`openssl req -new -config FILE`): what makes
 * openssl 3 fail (a missing or unknown section, an extension or subject attribute it does not know, a name it
 * cannot read), and settings it takes that are probably not what was meant: a misspelt [req] key it ignores, a
 * request for a CA certificate, an API server request without the kubernetes.default names.
 */
import { readRequestConfig } from '../../analysis/pki/openssl-request';
import { defineRule } from '../define-rule';

export default defineRule({
  id: 'pki/openssl-config',
  meta: {
    summary: 'openssl request configuration that openssl refuses, or whose request lacks what Kubernetes needs.',
    why: 'Cluster certificates are usually requested with an openssl.cnf that lists the names in [alt_names]: a typo there makes openssl fail, a typo in [req] makes it silently leave the extensions out, and an API server certificate without the kubernetes.default names is refused by every pod that calls the API.',
    severity: 'error',
    messageSeverity: { ignoredReqKey: 'warning', caRequest: 'warning', apiserverNames: 'warning' },
    scope: 'openssl-config',
    messages: {
      refused: 'openssl req refuses this configuration: {problem}.',
      ignoredReqKey: '"{name}" is not a [req] setting, and openssl ignores it (did you mean "{suggestion}"?).',
      caRequest: 'This request asks for a CA certificate (basicConstraints CA:TRUE) for {cn}: a leaf certificate should say CA:FALSE or leave basicConstraints out.',
      apiserverNames: 'An API server certificate needs the names pods and kubectl use: {missing} are missing.',
    },
  },
  checkFile(file, context) {
    if (file.format !== 'openssl-config') return;
    const reading = readRequestConfig(file);
    for (const problem of reading.problems) context.report({ at: problem.at, messageId: 'refused', data: { problem: problem.message } });
    for (const warning of reading.warnings) context.report({ at: warning.at, messageId: warning.messageId, data: warning.data });
  },
});
