/**
 * Jobs and CronJobs for the validation oracle: realistic run-to-completion pods (restartPolicy OnFailure or Never),
 * indexed and parallel Jobs, failure and success policies, schedules and time zones, and the mutations that go
 * after them: counts and modes, selectors and the labels the API server adds, schedules in every cron quirk.
 */
import { podSpec, POD_MUTATIONS } from './validation-workloads';
import { chance, getAt, isMap, pick, type Data, type Mutation, type Random } from './validation-data';

const ignoreRule = { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] };
const exitCodes = (values: unknown[], extra: Data = {}) => ({ rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values, ...extra } }] });

const POD_FAILURE_POLICIES: unknown[] = [
  exitCodes([42]),
  exitCodes([1, 2, 3], { containerName: 'app' }),
  exitCodes([1], { containerName: 'missing' }),
  exitCodes([0]),
  exitCodes([3, 1]),
  exitCodes([1, 1]),
  exitCodes([]),
  { rules: [{ action: 'FailJob', onExitCodes: { operator: 'NotIn', values: [0] } }] },
  { rules: [{ action: 'FailIndex', onExitCodes: { operator: 'NotIn', values: [0] } }] },
  { rules: [ignoreRule] },
  { rules: [{ action: 'Count', onPodConditions: [{ type: 'DisruptionTarget', status: 'False' }] }] },
  { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'Maybe' }] }] },
  { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: '' }] }] },
  { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'bad type' }] }] },
  { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'example.com/Ready' }] }] },
  { rules: [{ action: 'FailJob' }] },
  { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [1] }, onPodConditions: [{ type: 'DisruptionTarget' }] }] },
  { rules: [] },
  { rules: Array.from({ length: 21 }, () => ignoreRule) },
];

const SUCCESS_POLICIES: unknown[] = [
  { rules: [{ succeededIndexes: '0-2' }] },
  { rules: [{ succeededCount: 1 }] },
  { rules: [{ succeededIndexes: '0,2', succeededCount: 2 }] },
  { rules: [{ succeededIndexes: '0,2', succeededCount: 3 }] },
  { rules: [{ succeededIndexes: '2-1' }] },
  { rules: [{ succeededIndexes: '0-1,1-2' }] },
  { rules: [{ succeededIndexes: '9' }] },
  { rules: [{ succeededIndexes: 'a' }] },
  { rules: [{ succeededIndexes: '' }] },
  { rules: [{ succeededIndexes: '+1' }] },
  { rules: [{ succeededIndexes: '0-1-2' }] },
  { rules: [{ succeededIndexes: '0,' }] },
  { rules: [{ succeededCount: -1 }] },
  { rules: [{ succeededCount: 10 }] },
  { rules: [{}] },
  { rules: [] },
];

/** Job settings and the values tried for them. */
const JOB_FIELDS: [string, unknown[]][] = [
  ['completions', [0, 1, 5, -1, 200000]],
  ['parallelism', [0, 2, -1, 20000, 100001]],
  ['completionMode', ['Indexed', 'NonIndexed', 'Indexed', '', 'Sequential']],
  ['backoffLimit', [-1, 0, 6]],
  ['backoffLimitPerIndex', [-1, 0, 1]],
  ['maxFailedIndexes', [0, 2, 5, -1, 20000, 100001]],
  ['activeDeadlineSeconds', [0, -1, 100]],
  ['ttlSecondsAfterFinished', [-1, 0, 60]],
  ['manualSelector', [true, false, null]],
  ['suspend', [true, false]],
  ['podReplacementPolicy', ['Failed', 'TerminatingOrFailed', 'Never', '']],
  ['managedBy', ['kueue.x-k8s.io/multikueue', 'kubernetes.io/job-controller', 'job-controller', 'Example.com/x', 'example.com/', '/x', 'example.com/a b', `example.com/${'a'.repeat(60)}`, '']],
  ['podFailurePolicy', POD_FAILURE_POLICIES],
];

const JOB_SELECTORS: unknown[] = [
  { matchLabels: { app: 'batch' } },
  { matchLabels: { 'job-name': 'NAME' } },
  { matchLabels: { 'batch.kubernetes.io/job-name': 'NAME' } },
  { matchLabels: { 'batch.kubernetes.io/controller-uid': 'c6b1a0de-0000-4000-8000-000000000000' } },
  { matchExpressions: [{ key: 'batch.kubernetes.io/controller-uid', operator: 'Exists' }] },
  { matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] },
  { matchExpressions: [{ key: 'job-name', operator: 'In', values: ['NAME', 'other'] }] },
  { matchLabels: { 'bad key': 'x' } },
  {},
];

const JOB_TEMPLATE_LABELS: unknown[] = [
  { app: 'batch' },
  { 'job-name': 'NAME' },
  { 'job-name': 'other' },
  { 'batch.kubernetes.io/job-name': 'NAME', app: 'batch' },
  { 'controller-uid': 'c6b1a0de-0000-4000-8000-000000000000' },
  { 'batch.kubernetes.io/controller-uid': '' },
  { 'bad key': 'x' },
  {},
  null,
];

const SCHEDULES = [
  '0 3 * * *', '*/5 * * * *', '5/15 * * * *', '0 0 1 1 *', '0 0 * * 7', '0 0 * * 0', '59 23 31 12 6', '0-59 0-23 1-31 1-12 0-6',
  '0 0 * JAN-MAR mon-fri', '0 0 * jan-Dec SUN', '0 3 * * 1/2', '0 3 * * MON/2', '1/0 * * * *', '*/0 * * * *', '? ? ? ? ?',
  '1,,2 * * * *', ', * * * *', '*-5 * * * *', '1-2-3 * * * *', '5-1 * * * *', '1/2/3 * * * *', '+5 * * * *', '-5 * * * *',
  '99999999999999999999 * * * *', '60 * * * *', '0 24 * * *', '0 0 0 * *', '0 0 32 * *', '0 0 * 0 *', '0 0 * 13 *',
  '* * * *', '* * * * * *', '0 3 * * *\n', '0\t3 * * *', '0 3 * * *\u00a0', '\u00850 3 * * *', '\ufeff0 3 * * *', '0 3 * * * # nightly',
  '@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly', '@Daily', '@reboot', '@daily ', ' @daily',
  '@every 1h30m', '@every 1.5h', '@every .5m', '@every 0', '@every -5s', '@every 1h 30m', '@every 1x', '@every 5', '@every ',
  '@every 2562047h', '@every 2562048h', '@every 1µs', '@every .s', '@every 1e3s',
  'TZ=UTC 0 3 * * *', 'CRON_TZ=Europe/Paris 0 3 * * *', 'TZ=Mars/Olympus 0 3 * * *', 'TZ=UTC', 'TZ= 0 3 * * *',
  '', 'daily', '0 3 * * * *',
];

const TIME_ZONES = [
  'Europe/Paris', 'UTC', 'Etc/UTC', 'America/New_York', 'US/Pacific', 'Asia/Kolkata', 'Etc/GMT-14', 'GMT+0', 'EST5EDT', 'Factory',
  'America/Argentina/Buenos_Aires', 'America/Port-au-Prince', 'Europe/Kyiv', 'europe/paris', 'EUROPE/PARIS', 'Local', 'local', '',
  'Mars/Olympus', 'Europe/../etc', '-Europe', 'Europe//Paris', '/Europe/Paris', 'Europe/Paris/', 'abcdefghijklmnop', 'Europe/Par is',
];

const CRON_FIELDS: [string, unknown[]][] = [
  ['schedule', SCHEDULES],
  ['timeZone', TIME_ZONES],
  ['concurrencyPolicy', ['Allow', 'Forbid', 'Replace', '', 'Sometimes']],
  ['startingDeadlineSeconds', [-1, 0, 100]],
  ['successfulJobsHistoryLimit', [-1, 0, 3]],
  ['failedJobsHistoryLimit', [-1, 1]],
  ['suspend', [true]],
];

function jobSpec(random: Random, labelled: boolean): Data {
  const spec: Data = { template: { ...(labelled ? { metadata: { labels: { app: 'batch' } } } : {}), spec: podSpec(random, ['OnFailure', 'Never']) } };
  if (chance(random, 0.3)) Object.assign(spec, pick(random, [{ completions: 3 }, { parallelism: 2 }, { completions: 5, parallelism: 2 }]));
  if (chance(random, 0.15)) Object.assign(spec, { completionMode: 'Indexed', completions: 4, parallelism: 2 });
  if (chance(random, 0.3)) spec.backoffLimit = 4;
  if (chance(random, 0.2)) spec.ttlSecondsAfterFinished = 100;
  if (chance(random, 0.1)) spec.activeDeadlineSeconds = 600;
  return spec;
}

export const BATCH_BUILDERS: Record<string, (random: Random, namespace: string, meta: Data) => { apiVersion: string; object: Data }> = {
  Job: (random, _namespace, meta) => {
    const manual = chance(random, 0.1);
    const spec = jobSpec(random, manual || chance(random, 0.5));
    if (manual) Object.assign(spec, { manualSelector: true, selector: { matchLabels: { app: 'batch' } } });
    return { apiVersion: 'batch/v1', object: { metadata: meta, spec } };
  },
  CronJob: (random, _namespace, meta) => {
    const spec: Data = { schedule: pick(random, ['0 3 * * *', '*/15 * * * *', '@hourly', '30 2 * * mon-fri']), jobTemplate: { spec: jobSpec(random, chance(random, 0.3)) } };
    if (chance(random, 0.2)) spec.timeZone = pick(random, ['Europe/Paris', 'America/New_York', 'Etc/UTC']);
    if (chance(random, 0.3)) spec.concurrencyPolicy = pick(random, ['Forbid', 'Replace']);
    if (chance(random, 0.2)) Object.assign(spec, { successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
    if (chance(random, 0.1)) spec.startingDeadlineSeconds = 200;
    return { apiVersion: 'batch/v1', object: { metadata: meta, spec } };
  },
};

/** The Job spec of a Job or of a CronJob's template. */
function jobSpecOf(object: Data): Data | undefined {
  const spec = getAt(object, ['spec', 'jobTemplate', 'spec']) ?? object.spec;
  return isMap(spec) ? spec : undefined;
}

/** Values that name the Job are written NAME in the catalogue. */
function named(value: unknown, object: Data): unknown {
  const name = String(getAt(object, ['metadata', 'name']) ?? '');
  return JSON.parse(JSON.stringify(value).replaceAll('NAME', name));
}

const JOB_MUTATIONS: Record<string, Mutation> = {
  jobField(random, { object }) {
    const spec = jobSpecOf(object);
    if (!spec) return undefined;
    const [field, values] = pick(random, JOB_FIELDS);
    spec[field] = structuredClone(pick(random, values));
    return `${field} ${JSON.stringify(spec[field])}`;
  },
  successPolicy(random, { object }) {
    const spec = jobSpecOf(object);
    if (!spec) return undefined;
    spec.successPolicy = structuredClone(pick(random, SUCCESS_POLICIES));
    // The API server cannot judge a success policy of an Indexed Job without completions (it fails with an error 500).
    spec.completions ??= 3;
    if (chance(random, 0.8)) spec.completionMode = 'Indexed';
    return `successPolicy ${JSON.stringify(spec.successPolicy)} (completions ${JSON.stringify(spec.completions)}, ${String(spec.completionMode)})`;
  },
  jobSelector(random, { object }) {
    const spec = jobSpecOf(object);
    if (!spec) return undefined;
    spec.selector = named(pick(random, JOB_SELECTORS), object);
    if (chance(random, 0.4)) spec.manualSelector = true;
    return `selector ${JSON.stringify(spec.selector)}${spec.manualSelector === true ? ' with manualSelector' : ''}`;
  },
  jobTemplateLabels(random, { object }) {
    const template = getAt(jobSpecOf(object) ?? {}, ['template']);
    if (!isMap(template)) return undefined;
    const metadata = (isMap(template.metadata) ? template.metadata : (template.metadata = {})) as Data;
    metadata.labels = named(pick(random, JOB_TEMPLATE_LABELS), object);
    return `template labels ${JSON.stringify(metadata.labels)}`;
  },
};

const CRON_MUTATIONS: Record<string, Mutation> = {
  cronField(random, { object }) {
    const spec = object.spec;
    if (!isMap(spec)) return undefined;
    const [field, values] = pick(random, CRON_FIELDS);
    spec[field] = pick(random, values);
    return `${field} ${JSON.stringify(spec[field])}`;
  },
};

export const BATCH_MUTATIONS: Record<string, Record<string, Mutation>> = {
  Job: { ...POD_MUTATIONS, ...JOB_MUTATIONS },
  CronJob: { ...POD_MUTATIONS, ...JOB_MUTATIONS, ...CRON_MUTATIONS },
};
