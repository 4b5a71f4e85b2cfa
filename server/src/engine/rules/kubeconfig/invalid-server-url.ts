/**
 * Flags cluster `server` addresses that kubectl cannot use: a misspelt or unsupported scheme, `https:/` with one
 * slash, no host, a port that is not a number from 1 to 65535, or spaces. kubectl fails on every command sent
 * through such a cluster; a server without a scheme is guessed at, and may be reached over plain http.
 */
import { closest } from '../../analysis/spelling';
import { replaceScalar } from '../../edits';
import { clustersOf } from '../../model/views/kubeconfig';
import { kubeconfigOf } from '../../model/views/kubeconfig';
import { defineRule, type FixProposal } from '../define-rule';
import { stringField } from '../../model/nodes';

type MessageId = 'badScheme' | 'oneSlash' | 'missingScheme' | 'noHost' | 'badPort' | 'whitespace' | 'replaceWith';

export default defineRule<MessageId>({
  id: 'kubeconfig/invalid-server-url',
  meta: {
    summary: 'Cluster server address that kubectl cannot use.',
    why: 'kubectl sends every request of a cluster to its server URL; when the URL has a wrong scheme, no host or a bad port, every command fails, and without a scheme kubectl guesses one.',
    severity: 'error',
    messageSeverity: { missingScheme: 'warning' },
    scope: 'manifests',
    fix: 'safe',
    messages: {
      badScheme: 'Server "{server}" uses the scheme "{scheme}"; kubectl only speaks https (or http).',
      oneSlash: 'Server "{server}" has one slash after "{scheme}:"; a URL needs two.',
      missingScheme: 'Server "{server}" has no scheme; kubectl uses https only when the cluster has a CA or client certificate, plain http otherwise.',
      noHost: 'Server "{server}" names no host.',
      badPort: 'Server "{server}" has port "{port}"; a port is a number from 1 to 65535.',
      whitespace: 'Server "{server}" contains spaces, which a URL cannot hold.',
      replaceWith: 'Replace with "{suggestion}"',
    },
  },
  check(doc, context) {
    const config = kubeconfigOf(doc);
    if (!config) return;
    for (const cluster of clustersOf(config)) {
      const server = stringField(cluster.body, 'server');
      // An empty or missing server is k8s/missing-field's concern.
      if (!server || server.value.trim() === '') continue;
      const problem = problemOf(server.value);
      if (!problem) continue;
      const fixes: FixProposal<MessageId>[] = problem.suggestion
        ? [{ messageId: 'replaceWith', data: { suggestion: problem.suggestion }, edits: [replaceScalar(server.node, problem.suggestion)] }]
        : [];
      context.report({ at: server.node, messageId: problem.messageId, data: { server: server.value, ...problem.data }, fixes });
    }
  },
});

interface Problem {
  messageId: Exclude<MessageId, 'replaceWith'>;
  data?: Record<string, string>;
  suggestion?: string;
}

const SCHEMES = ['https', 'http'];

/** What is wrong with a server URL, read the way Go's url.Parse and client-go read it; undefined when nothing is. */
export function problemOf(server: string): Problem | undefined {
  if (/\s/.test(server)) {
    const trimmed = server.trim();
    return { messageId: 'whitespace', ...(!/\s/.test(trimmed) && !problemOf(trimmed) ? { suggestion: trimmed } : {}) };
  }
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):(\/*)(.*)$/.exec(server);
  // "host:6443" reads as scheme "host" to url.Parse, so a scheme only counts when slashes follow it or it looks like one.
  if (!scheme || (scheme[2] === '' && !SCHEMES.includes(scheme[1].toLowerCase()) && !closest(scheme[1], SCHEMES, 1))) {
    return { messageId: 'missingScheme', ...(problemOf(`https://${server}`) ? {} : { suggestion: `https://${server}` }) };
  }
  const [, name, slashes, rest] = scheme;
  if (!SCHEMES.includes(name)) {
    const suggestion = closest(name, SCHEMES, 1);
    const fixed = suggestion ? `${suggestion}://${rest}` : undefined;
    return { messageId: 'badScheme', data: { scheme: name }, ...(fixed && !problemOf(fixed) ? { suggestion: fixed } : {}) };
  }
  if (slashes !== '//') {
    const fixed = `${name}://${rest}`;
    return { messageId: 'oneSlash', data: { scheme: name }, ...(!problemOf(fixed) ? { suggestion: fixed } : {}) };
  }
  const authority = /^([^/?#]*)/.exec(rest)![1].replace(/^[^@]*@/, '');
  const hostPort = /^(\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(authority)!;
  if (hostPort[1] === '') return { messageId: 'noHost' };
  const port = hostPort[2];
  if (port !== undefined && !(/^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) {
    return { messageId: 'badPort', data: { port } };
  }
  return undefined;
}
