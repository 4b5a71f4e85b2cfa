#!/usr/bin/env node
// A real, throw-away Kubernetes control plane for tests: etcd + kube-apiserver + kube-controller-manager on
// 127.0.0.1 (free ports), with its own CA, made by `openssl`. No kubelet, no scheduler: pods never run, but the API,
// RBAC authorization, SubjectAccessReviews, service-account tokens and CSR signing all work.
//
//   import { startCluster } from './cluster.mjs';
//   const cluster = await startCluster();   // builds the binaries first if needed (see build.mjs)
//   cluster.adminKubeconfig / cluster.server / cluster.caFile / cluster.userKubeconfig('alice', ['devs'])
//   await cluster.request('GET', '/api/v1/namespaces')               // as admin (O=system:masters)
//   await cluster.stop();                                             // kills every process group, removes the temp dir
//
//   node test/cluster/cluster.mjs start   starts one in the background, prints `export KUBECONFIG=...`
//   node test/cluster/cluster.mjs env     prints the exports again
//   node test/cluster/cluster.mjs stop    stops it
import { execFileSync, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBinaries } from './build.mjs';

const SERVICE_CIDR = '10.96.0.0/16';
const ISSUER = 'https://kubernetes.default.svc.cluster.local';
/** Controllers the tests need. Not started: garbagecollector, the node/pod/workload controllers (no kubelet here). */
const CONTROLLERS = [
  'certificatesigningrequest-signing-controller', // alias csrsigning
  'certificatesigningrequest-approving-controller', // alias csrapproving
  'certificatesigningrequest-cleaner-controller', // alias csrcleaner
  'serviceaccount-controller', // creates the `default` ServiceAccount in new namespaces
  'serviceaccount-token-controller',
  'root-ca-certificate-publisher-controller', // kube-root-ca.crt ConfigMaps
  'clusterrole-aggregation-controller', // fills admin/edit/view
  'namespace-controller', // finishes namespace deletion
];

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------------------------
// PKI (openssl CLI)

function openssl(args, options = {}) {
  try {
    return execFileSync('openssl', args, { stdio: ['pipe', 'pipe', 'pipe'], ...options });
  } catch (error) {
    if (error.code === 'ENOENT') throw new Error('The cluster tests need the `openssl` CLI (apt-get install openssl).');
    throw new Error(`openssl ${args.join(' ')} failed: ${error.stderr?.toString() ?? error.message}`);
  }
}

const escapeRdn = (value) => value.replace(/[\\/]/g, (c) => `\\${c}`);
const subject = (cn, orgs = []) => `${orgs.map((o) => `/O=${escapeRdn(o)}`).join('')}/CN=${escapeRdn(cn)}`;
const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function makeCa(dir, name, cn) {
  const key = path.join(dir, `${name}.key`);
  const cert = path.join(dir, `${name}.crt`);
  openssl(['req', '-x509', ...EC_KEY, '-keyout', key, '-out', cert, '-days', '3650', '-subj', `/CN=${cn}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign,digitalSignature']);
  return { key, cert };
}

/** A key + certificate signed by `ca`. kind: 'client' | 'server'. */
function makeCert(dir, ca, name, { cn, orgs = [], kind = 'client', sans = [] }) {
  const key = path.join(dir, `${name}.key`);
  const cert = path.join(dir, `${name}.crt`);
  const csr = path.join(dir, `${name}.csr`);
  const ext = path.join(dir, `${name}.ext`);
  openssl(['req', '-new', ...EC_KEY, '-keyout', key, '-out', csr, '-subj', subject(cn, orgs)]);
  writeFileSync(ext, [
    'basicConstraints=critical,CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    `extendedKeyUsage=${kind === 'server' ? 'serverAuth' : 'clientAuth'}`,
    ...(sans.length ? [`subjectAltName=${sans.join(',')}`] : []),
    '',
  ].join('\n'));
  openssl(['x509', '-req', '-in', csr, '-CA', ca.cert, '-CAkey', ca.key, '-set_serial', `0x${randomBytes(8).toString('hex')}`,
    '-days', '365', '-extfile', ext, '-out', cert]);
  rmSync(csr);
  rmSync(ext);
  return { key, cert };
}

/** A PEM PKCS#10 request (EC P-256) for `cn`/`orgs`, plus its key; for CertificateSigningRequest tests. */
export function makeCsr(cn, orgs = []) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubeward-csr-'));
  try {
    const keyFile = path.join(dir, 'key.pem');
    const csr = openssl(['req', '-new', ...EC_KEY, '-keyout', keyFile, '-subj', subject(cn, orgs)]).toString();
    return { csr, key: readFileSync(keyFile, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const b64 = (text) => Buffer.from(text).toString('base64');

function kubeconfigYaml({ server, caPem, user, certPem, keyPem }) {
  return `apiVersion: v1
kind: Config
clusters:
- name: kubeward-test
  cluster:
    server: ${server}
    certificate-authority-data: ${b64(caPem)}
users:
- name: ${JSON.stringify(user)}
  user:
    client-certificate-data: ${b64(certPem)}
    client-key-data: ${b64(keyPem)}
contexts:
- name: kubeward-test
  context:
    cluster: kubeward-test
    user: ${JSON.stringify(user)}
current-context: kubeward-test
`;
}

// ---------------------------------------------------------------------------------------------------------------
// Processes

function freePorts(count) {
  return new Promise((resolve, reject) => {
    const servers = [];
    const ports = [];
    const next = () => {
      if (ports.length === count) {
        let open = servers.length;
        for (const server of servers) server.close(() => --open === 0 && resolve(ports));
        return;
      }
      const server = net.createServer();
      server.on('error', reject);
      server.listen(0, '127.0.0.1', () => {
        servers.push(server);
        ports.push(server.address().port);
        next();
      });
    };
    next();
  });
}

const groupAlive = (pgid) => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
};

const signalGroup = (pgid, signal) => {
  try {
    process.kill(-pgid, signal);
  } catch {
    /* already gone */
  }
};

/** SIGTERM each group in turn (dependents first), SIGKILL whatever is still there after graceMs. */
async function killGroups(pgids, graceMs = 5000) {
  for (const pgid of pgids) {
    signalGroup(pgid, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (groupAlive(pgid) && Date.now() < deadline) await sleep(50);
    if (groupAlive(pgid)) signalGroup(pgid, 'SIGKILL');
  }
  const deadline = Date.now() + 5000;
  while (pgids.some(groupAlive) && Date.now() < deadline) await sleep(50);
  const left = pgids.filter(groupAlive);
  if (left.length) throw new Error(`process groups still alive after SIGKILL: ${left.join(', ')}`);
}

function tail(file, lines = 40) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** GET/POST/... over https with client-cert auth, or plain http; resolves { status, body, text, warnings }. */
function httpRequest(url, { method = 'GET', body, ca, cert, key, rejectUnauthorized = true, timeoutMs = 10000, headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const lib = target.protocol === 'https:' ? https : http;
    const req = lib.request(
      target,
      {
        method,
        agent: false,
        ca,
        cert,
        key,
        rejectUnauthorized,
        timeout: timeoutMs,
        headers: {
          accept: 'application/json',
          ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
          ...headers,
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let parsed;
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = undefined;
          }
          // Each Warning header is `299 - "text"`; kube-apiserver sends admission warnings this way.
          const warnings = [];
          for (let index = 0; index < res.rawHeaders.length; index += 2) {
            if (res.rawHeaders[index].toLowerCase() !== 'warning') continue;
            const quoted = /^\d{3} \S+ "((?:[^"\\]|\\.)*)"/.exec(res.rawHeaders[index + 1]);
            if (quoted) warnings.push(quoted[1].replace(/\\(.)/g, '$1'));
          }
          resolve({ status: res.statusCode, body: parsed, text, warnings });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs}ms: ${method} ${url}`)));
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The cluster

/**
 * Starts etcd, kube-apiserver and kube-controller-manager; resolves once /readyz (apiserver) and /healthz
 * (controller-manager) answer ok. Options: { startTimeoutMs = 120000, detached = false, log = () => {} }.
 * With detached: true the processes outlive this Node process (the CLI's `start`); otherwise they are killed when
 * it exits.
 */
export async function startCluster(options = {}) {
  const { startTimeoutMs = 120000, detached = false, log = () => {} } = options;
  const started = Date.now();
  const bins = await ensureBinaries();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubeward-cluster-'));
  const pki = path.join(dir, 'pki');
  mkdirSync(pki);
  const processes = [];
  let stopped = false;

  const cleanupSync = () => {
    for (const p of processes) signalGroup(p.pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  const onExit = () => cleanupSync();
  const onSignal = (signal) => {
    cleanupSync();
    process.kill(process.pid, signal);
  };
  if (!detached) {
    process.on('exit', onExit);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  const unhook = () => {
    process.off('exit', onExit);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };

  const logs = () => processes.map((p) => `--- ${p.name} (${p.logFile}) ---\n${tail(p.logFile)}`).join('\n');

  const launch = (name, bin, args) => {
    const logFile = path.join(dir, `${name}.log`);
    const fd = openSync(logFile, 'a');
    const child = spawn(bin, args, { detached: true, stdio: ['ignore', fd, fd], cwd: dir });
    closeSync(fd);
    const entry = { name, pid: child.pid, logFile, exit: undefined };
    child.on('exit', (code, signal) => {
      entry.exit = { code, signal };
    });
    if (detached) child.unref();
    processes.push(entry);
    log(`started ${name} (pid ${child.pid})`);
    return entry;
  };

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    try {
      await killGroups(processes.map((p) => p.pid).reverse());
    } finally {
      rmSync(dir, { recursive: true, force: true });
      unhook();
    }
  };

  const waitFor = async (what, check) => {
    for (;;) {
      const dead = processes.find((p) => p.exit);
      if (dead) throw new Error(`${dead.name} exited (${JSON.stringify(dead.exit)}) while waiting for ${what}`);
      if (Date.now() - started > startTimeoutMs) throw new Error(`timed out after ${startTimeoutMs}ms waiting for ${what}`);
      try {
        if (await check()) return;
      } catch {
        /* not up yet */
      }
      await sleep(200);
    }
  };

  try {
    // PKI: one CA signs everything (serving certs, client certs, and CSRs via the controller-manager).
    const ca = makeCa(pki, 'ca', 'kubeward-test-ca');
    const serving = makeCert(pki, ca, 'serving', { cn: 'kube-apiserver', kind: 'server', sans: ['IP:127.0.0.1', 'DNS:localhost', 'IP:10.96.0.1', 'DNS:kubernetes.default.svc'] });
    const admin = makeCert(pki, ca, 'admin', { cn: 'kubeward-admin', orgs: ['system:masters'] });
    const kcm = makeCert(pki, ca, 'kube-controller-manager', { cn: 'system:kube-controller-manager' });
    // Front proxy (aggregation layer): without it kube-controller-manager's delegated authn logs errors forever.
    const frontProxyCa = makeCa(pki, 'front-proxy-ca', 'kubeward-test-front-proxy-ca');
    const frontProxyClient = makeCert(pki, frontProxyCa, 'front-proxy-client', { cn: 'front-proxy-client' });
    const sa = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const saKey = path.join(pki, 'sa.key');
    const saPub = path.join(pki, 'sa.pub');
    writeFileSync(saKey, sa.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(saPub, sa.publicKey.export({ type: 'spki', format: 'pem' }));
    const caPem = readFileSync(ca.cert, 'utf8');
    const adminTls = { ca: caPem, cert: readFileSync(admin.cert), key: readFileSync(admin.key) };

    const [etcdClientPort, etcdPeerPort, apiPort, kcmPort] = await freePorts(4);
    const server = `https://127.0.0.1:${apiPort}`;
    const etcdEndpoint = `http://127.0.0.1:${etcdClientPort}`;

    const writeKubeconfig = (file, user, certFile, keyFile) => {
      writeFileSync(file, kubeconfigYaml({ server, caPem, user, certPem: readFileSync(certFile, 'utf8'), keyPem: readFileSync(keyFile, 'utf8') }), { mode: 0o600 });
      return file;
    };
    const adminKubeconfig = writeKubeconfig(path.join(dir, 'admin.kubeconfig'), 'kubeward-admin', admin.cert, admin.key);
    const kcmKubeconfig = writeKubeconfig(path.join(dir, 'kube-controller-manager.kubeconfig'), 'system:kube-controller-manager', kcm.cert, kcm.key);

    // etcd on loopback without TLS; fsync off (the data is thrown away).
    launch('etcd', bins.etcd, [
      '--name=kubeward',
      `--data-dir=${path.join(dir, 'etcd')}`,
      `--listen-client-urls=${etcdEndpoint}`,
      `--advertise-client-urls=${etcdEndpoint}`,
      `--listen-peer-urls=http://127.0.0.1:${etcdPeerPort}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeerPort}`,
      `--initial-cluster=kubeward=http://127.0.0.1:${etcdPeerPort}`,
      '--unsafe-no-fsync=true',
      '--log-level=warn',
    ]);
    await waitFor('etcd /health', async () => (await httpRequest(`${etcdEndpoint}/health`, { timeoutMs: 2000 })).body?.health === 'true');
    log(`etcd healthy after ${Date.now() - started}ms`);

    const apiserverArgs = (port, extra = []) => [
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${port}`,
      `--etcd-servers=${etcdEndpoint}`,
      `--tls-cert-file=${serving.cert}`,
      `--tls-private-key-file=${serving.key}`,
      `--client-ca-file=${ca.cert}`,
      '--authorization-mode=Node,RBAC',
      // As kubeadm and every distribution set it: without it the API server refuses privileged pods outright.
      '--allow-privileged=true',
      `--service-account-issuer=${ISSUER}`,
      `--service-account-key-file=${saPub}`,
      `--service-account-signing-key-file=${saKey}`,
      `--service-cluster-ip-range=${SERVICE_CIDR}`,
      // The endpoint reconciler would publish 127.0.0.1 as the `kubernetes` Service endpoint, which validation rejects.
      '--endpoint-reconciler-type=none',
      `--requestheader-client-ca-file=${frontProxyCa.cert}`,
      '--requestheader-allowed-names=front-proxy-client',
      '--requestheader-username-headers=X-Remote-User',
      '--requestheader-group-headers=X-Remote-Group',
      '--requestheader-extra-headers-prefix=X-Remote-Extra-',
      `--proxy-client-cert-file=${frontProxyClient.cert}`,
      `--proxy-client-key-file=${frontProxyClient.key}`,
      '--profiling=false',
      `--cert-dir=${path.join(dir, 'apiserver-certs')}`,
      ...extra,
    ];
    launch('kube-apiserver', bins.kubeApiserver, apiserverArgs(apiPort));
    await waitFor('kube-apiserver /readyz', async () => (await httpRequest(`${server}/readyz`, { ...adminTls, timeoutMs: 5000 })).status === 200);
    const apiserverReadyMs = Date.now() - started;
    log(`kube-apiserver ready after ${apiserverReadyMs}ms`);

    launch('kube-controller-manager', bins.kubeControllerManager, [
      `--kubeconfig=${kcmKubeconfig}`,
      `--authentication-kubeconfig=${kcmKubeconfig}`,
      `--authorization-kubeconfig=${kcmKubeconfig}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${kcmPort}`,
      `--tls-cert-file=${serving.cert}`,
      `--tls-private-key-file=${serving.key}`,
      `--client-ca-file=${ca.cert}`,
      '--leader-elect=false',
      '--use-service-account-credentials=true',
      `--service-account-private-key-file=${saKey}`,
      `--root-ca-file=${ca.cert}`,
      `--cluster-signing-cert-file=${ca.cert}`,
      `--cluster-signing-key-file=${ca.key}`,
      `--controllers=${CONTROLLERS.join(',')}`,
      '--profiling=false',
    ]);
    await waitFor('kube-controller-manager /healthz', async () =>
      (await httpRequest(`https://127.0.0.1:${kcmPort}/healthz`, { ca: caPem, timeoutMs: 5000 })).status === 200);
    const readyMs = Date.now() - started;
    log(`kube-controller-manager healthy after ${readyMs}ms`);

    const users = new Map();
    const credentials = (name, groups = []) => {
      const id = `${name}\u0000${groups.join('\u0000')}`;
      if (!users.has(id)) {
        const file = `user-${users.size}`;
        const { cert, key } = makeCert(pki, ca, file, { cn: name, orgs: groups });
        users.set(id, { cert: readFileSync(cert), key: readFileSync(key), kubeconfig: writeKubeconfig(path.join(dir, `${file}.kubeconfig`), name, cert, key) });
      }
      return users.get(id);
    };

    return {
      dir,
      server,
      caFile: ca.cert,
      adminKubeconfig,
      etcdEndpoint,
      /** ms from startCluster() to apiserver /readyz, and to everything healthy. */
      timings: { apiserverReadyMs, readyMs },
      /** Process-group ids of etcd, kube-apiserver, kube-controller-manager. */
      pids: () => processes.map((p) => p.pid),
      processes: () => processes.map(({ name, pid, logFile }) => ({ name, pid, logFile })),
      logs,
      /** A kubeconfig (client cert CN=name, O=groups, signed by the cluster CA); cached per name+groups. */
      userKubeconfig: (name, groups = []) => credentials(name, groups).kubeconfig,
      /**
       * An API request as admin, or as { user, groups }. An object body is sent as JSON, a string as it is (with
       * the content type given in `headers`, such as application/yaml). Resolves { status, body, text }.
       */
      request: (method, apiPath, body, as, headers = {}) => {
        const tls = as ? { ...credentials(as.user, as.groups ?? []), ca: caPem } : adminTls;
        const patch = method === 'PATCH' ? { 'content-type': 'application/merge-patch+json' } : {};
        return httpRequest(`${server}${apiPath}`, { method, body, ...tls, headers: { ...patch, ...headers } });
      },
      /**
       * Starts one more kube-apiserver on the same etcd, under its own key prefix and port, with extra flags (a
       * configuration file under test). Resolves { started: false, log } when it exits, or { started: true, log,
       * ready, request, etcdValue, stop } once it answers on its port; rejects when it does neither in timeoutMs.
       * Options: { timeoutMs, omit: flags of the usual command line to leave out }.
       */
      /** The kube-apiserver command line startApiserver would run with these extra flags and omissions. */
      apiserverCommandLine: (extraArgs, omit = []) => apiserverArgs(0, extraArgs).filter((arg) => !omit.some((flag) => arg.startsWith(`${flag}=`))),
      startApiserver: async (extraArgs, { timeoutMs = 90000, omit = [] } = {}) => {
        const [port] = await freePorts(1);
        const prefix = `/kubeward-${port}-${randomBytes(4).toString('hex')}`;
        const logFile = path.join(dir, `kube-apiserver-${port}.log`);
        const fd = openSync(logFile, 'a');
        // Flags named in `omit` are left out of the usual ones (--authorization-mode beside --authorization-config).
        const args = apiserverArgs(port, [`--etcd-prefix=${prefix}`, ...extraArgs]).filter((arg) => !omit.some((flag) => arg.startsWith(`${flag}=`)));
        const child = spawn(bins.kubeApiserver, args, { detached: true, stdio: ['ignore', fd, fd], cwd: dir });
        closeSync(fd);
        let exit;
        child.on('exit', (code, signal) => { exit = { code, signal }; });
        const log = () => readFileSync(logFile, 'utf8');
        const stopIt = async () => {
          if (!exit) await killGroups([child.pid]);
          rmSync(logFile, { force: true });
        };
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          if (exit) return { started: false, log: log(), stop: stopIt };
          if (Date.now() > deadline) {
            const text = log();
            await stopIt();
            throw new Error(`kube-apiserver neither started nor exited within ${timeoutMs}ms:\n${text.split('\n').slice(-30).join('\n')}`);
          }
          // Answering at all means it read its configuration: every file is loaded before the port opens.
          const live = await httpRequest(`https://127.0.0.1:${port}/livez`, { ...adminTls, timeoutMs: 2000 }).catch(() => undefined);
          if (live) break;
          await sleep(200);
        }
        return {
          started: true,
          log: log(),
          /** Resolves whether /readyz answers ok within the time given. */
          ready: async (withinMs = 60000) => {
            const until = Date.now() + withinMs;
            while (Date.now() < until && !exit) {
              const ready = await httpRequest(`https://127.0.0.1:${port}/readyz`, { ...adminTls, timeoutMs: 2000 }).catch(() => undefined);
              if (ready?.status === 200) return true;
              await sleep(200);
            }
            return false;
          },
          request: (method, apiPath, body) => httpRequest(`https://127.0.0.1:${port}${apiPath}`, { method, body, ...adminTls }),
          /** A request with no credentials at all. */
          anonymousRequest: (method, apiPath) => httpRequest(`https://127.0.0.1:${port}${apiPath}`, { method, ca: caPem }),
          /** The raw bytes etcd holds for a key under this API server's prefix (`/secrets/default/name`), or undefined. */
          etcdValue: async (key) => {
            const response = await httpRequest(`${etcdEndpoint}/v3/kv/range`, { method: 'POST', body: { key: Buffer.from(`${prefix}${key}`).toString('base64') } });
            const value = response.body?.kvs?.[0]?.value;
            return value === undefined ? undefined : Buffer.from(value, 'base64');
          },
          stop: stopIt,
        };
      },
      stop,
    };
  } catch (error) {
    const message = `${error instanceof Error ? error.message : String(error)}\n${logs()}`;
    await stop().catch((stopError) => process.stderr.write(`[kubeward cluster] cleanup after the failed start: ${stopError}\n`));
    throw new Error(`Starting the test cluster failed: ${message}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// CLI

const stateFile = () => process.env.KUBEWARD_CLUSTER_STATE || path.join(os.tmpdir(), 'kubeward-cluster.json');

function exportsFor(state) {
  return [
    `export KUBECONFIG=${state.adminKubeconfig}`,
    `export KUBEWARD_CLUSTER_SERVER=${state.server}`,
    `export KUBEWARD_CLUSTER_CA=${state.caFile}`,
    `export KUBEWARD_CLUSTER_DIR=${state.dir}`,
  ].join('\n');
}

async function cli(command) {
  const file = stateFile();
  const readState = () => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined);
  if (command === 'start') {
    const state = readState();
    if (state && state.pids.some(groupAlive)) throw new Error(`A cluster is already running (${file}); run \`stop\` first.`);
    if (state) rmSync(state.dir, { recursive: true, force: true }); // left over from a cluster that died
    const cluster = await startCluster({ detached: true, log: (m) => process.stderr.write(`[kubeward cluster] ${m}\n`) });
    const { dir, server, caFile, adminKubeconfig, etcdEndpoint } = cluster;
    writeFileSync(file, JSON.stringify({ dir, server, caFile, adminKubeconfig, etcdEndpoint, pids: cluster.pids(), processes: cluster.processes() }, null, 2));
    process.stderr.write(`[kubeward cluster] ready in ${cluster.timings.readyMs}ms; logs in ${dir}; state in ${file}\n`);
    console.log(exportsFor(readState()));
  } else if (command === 'env') {
    const state = readState();
    if (!state) throw new Error(`No cluster is running (no ${file}).`);
    console.log(exportsFor(state));
  } else if (command === 'stop') {
    const state = readState();
    if (!state) {
      process.stderr.write(`[kubeward cluster] nothing to stop (no ${file})\n`);
      return;
    }
    await killGroups([...state.pids].reverse());
    rmSync(state.dir, { recursive: true, force: true });
    rmSync(file, { force: true });
    process.stderr.write('[kubeward cluster] stopped\n');
  } else {
    throw new Error('usage: node test/cluster/cluster.mjs start|stop|env');
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  cli(process.argv[2]).catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
