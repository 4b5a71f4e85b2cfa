/**
 * Jobs and CronJobs as kube-apiserver validates them on create (pkg/apis/batch/validation and the Job strategy,
 * v1.36), after their defaults: a Job with neither completions nor parallelism runs one pod once. Unless
 * manualSelector is true, the API server labels the pods with the Job's name and uid and selects the uid, so
 * a selector written by hand must still select those labels, and the name, a label value there, has at most 63
 * characters. A Job's pods must restart OnFailure or Never, which is not the default. A CronJob's schedule is read
 * by the cron parser Kubernetes uses, its name has at most 52 characters, and its job template has no selector.
 */
import { selectorMatches } from '../analysis/label-selector';
import type { PathSegment } from '../model/nodes';
import type { LabelSelectorData } from '../reference/policy-data';
import { timeZoneKnown } from '../reference/time-zones';
import { scheduleProblem } from './cron';
import { child, isSet, record, stringEntries, text, type Data } from './data';
import { FieldErrors } from './errors';
import { dnsLabelProblems, dnsSubdomainProblems, labelValueProblems } from './formats';
import { validateJobPolicies } from './job-policies';
import { readSelector } from './label-selector';
import { validateLabels, validateObjectMeta } from './object-meta';
import { validateTemplate } from './workloads';

const MAX_CRONJOB_NAME = 52;
const MAX_INDEXED_PARALLELISM = 100000;
const MAX_FAILED_INDEXES = 100000;
const HIGH_COMPLETIONS = 100000;
const HIGH_COMPLETIONS_LIMIT = 10000;
const NAME_LABELS = ['job-name', 'batch.kubernetes.io/job-name'];
const UID_LABELS = ['controller-uid', 'batch.kubernetes.io/controller-uid'];
/** Stands for the uid the API server gives the Job: not a valid label value, so nothing written can equal it. */
const UNKNOWN_UID = 'uid:unknown';

export function validateJob(object: Data, errors: FieldErrors): void {
  validateObjectMeta(object, { name: dnsSubdomainProblems }, errors);
  const metadata = record(object.metadata) ?? {};
  const name = madeName(metadata);
  const written = record(object.spec) ?? {};
  const spec = !isSet(written.completions) && !isSet(written.parallelism) ? { ...written, completions: 1, parallelism: 1 } : written;
  const template = record(spec.template) ?? {};
  const templateLabels = record(record(template.metadata)?.labels);
  // A Job without labels of its own takes its template's, so their problems are named at metadata.labels as well.
  if (templateLabels && Object.keys(record(metadata.labels) ?? {}).length === 0) {
    const copied = new FieldErrors();
    validateLabels(templateLabels, ['metadata', 'labels'], copied);
    for (const error of copied.errors) errors.implied(error.rule, error.path, error.detail);
  }
  const manual = spec.manualSelector === true;
  const labels = Object.fromEntries(stringEntries(templateLabels));
  const selector = readSelector(spec.selector, ['spec', 'selector'], errors);
  if (manual) {
    if (!isSet(spec.selector)) {
      errors.required(['spec', 'selector'], 'must be written when manualSelector is true');
      // No selector selects nothing, so the template is not selected either.
      errors.implied('k8s/invalid-label', ['spec', 'template', 'metadata', 'labels'], 'are not selected by spec.selector');
    }
  } else {
    validateGeneratedLabels(labels, name, errors);
    if (selector && !selectorMatches(withUid(selector), generatedLabels(name))) {
      errors.add('k8s/invalid-label', 'invalid', ['spec', 'selector'], "must select the labels the API server gives the Job's pods (its name and uid): leave it out, or set manualSelector: true");
    }
  }
  validateJobSpec(spec, ['spec'], errors, true);
  const podLabels = manual ? labels : { ...generatedLabels(name), ...labels };
  const effective = manual ? selector : selector ? withUid(selector) : { matchLabels: { [UID_LABELS[1]]: UNKNOWN_UID } };
  if (effective && !selectorMatches(effective, podLabels)) {
    errors.add('k8s/invalid-label', 'invalid', ['spec', 'template', 'metadata', 'labels'], 'are not selected by spec.selector, so the Job would not own its own pods');
  }
  const completions = spec.completions;
  if (text(spec.completionMode) === 'Indexed' && typeof completions === 'number' && completions > 0) {
    const hostname = `${name}-${completions - 1}`;
    if (dnsLabelProblems(hostname).length > 0) errors.add('k8s/invalid-name', 'invalid', ['metadata', 'name'], `makes pod hostnames such as ${hostname}, which are not DNS labels (at most 63 characters)`);
  }
}

/** The name the object gets: its own, or one made from generateName (cut to 58 characters, and 5 more). */
function madeName(metadata: Data): string {
  const name = text(metadata.name) ?? '';
  const generateName = text(metadata.generateName) ?? '';
  return name || (generateName ? `${generateName.slice(0, 58)}x7k2q` : '');
}

function generatedLabels(name: string): Record<string, string> {
  return { [NAME_LABELS[0]]: name, [NAME_LABELS[1]]: name, [UID_LABELS[0]]: UNKNOWN_UID, [UID_LABELS[1]]: UNKNOWN_UID };
}

/** A selector as the API server completes it: the uid label added to matchLabels unless written there. */
function withUid(selector: LabelSelectorData): LabelSelectorData {
  return { ...selector, matchLabels: { [UID_LABELS[1]]: UNKNOWN_UID, ...selector.matchLabels } };
}

/** The labels the API server adds to a Job's pods: written by hand, they must say what it would write. */
function validateGeneratedLabels(labels: Record<string, string>, name: string, errors: FieldErrors): void {
  const path: PathSegment[] = ['spec', 'template', 'metadata', 'labels'];
  for (const key of [...UID_LABELS, ...NAME_LABELS]) {
    if (!(key in labels)) continue;
    if (UID_LABELS.includes(key)) errors.add('k8s/invalid-label', 'invalid', child(path, key), "must be the Job's uid, which the API server sets and which is not known before the Job exists; leave it out");
    else if (labels[key] !== name) errors.add('k8s/invalid-label', 'invalid', child(path, key), `must be the Job's name ("${name}"), which the API server sets itself; leave it out`);
  }
  // The name becomes the value of the job-name labels, which are checked with the template's labels.
  if (NAME_LABELS.some((key) => !(key in labels)) && labelValueProblems(name).length > 0) {
    errors.add('k8s/invalid-name', 'invalid', ['spec', 'template', 'labels'], "also becomes the value of the job-name label of the Job's pods, which it cannot be (at most 63 characters)", { path: ['metadata', 'name'] });
  }
}

export function validateCronJob(object: Data, errors: FieldErrors): void {
  validateObjectMeta(object, { name: dnsSubdomainProblems }, errors);
  const metadata = record(object.metadata) ?? {};
  const name = madeName(metadata);
  if (name.length > MAX_CRONJOB_NAME) {
    // A made-up name has the prefix (up to 58 characters) and 5 more, so a prefix of over 47 makes it too long.
    const generated = !text(metadata.name);
    const detail = `${generated ? 'makes names' : 'is'} longer than ${MAX_CRONJOB_NAME} characters, which leaves no room for the suffix of the Jobs it creates`;
    errors.add('k8s/invalid-name', 'invalid', ['metadata', 'name'], detail, { path: ['metadata', generated ? 'generateName' : 'name'] });
  }
  const spec = record(object.spec) ?? {};
  const schedule = text(spec.schedule);
  if (schedule === '' && isSet(spec.schedule)) errors.required(['spec', 'schedule'], 'must say when to run, such as "0 3 * * *"');
  else if (schedule) {
    const problem = scheduleProblem(schedule);
    if (problem) errors.add('k8s/invalid-value', 'invalid', ['spec', 'schedule'], problem);
    if (schedule.includes('TZ')) errors.add('k8s/invalid-value', 'invalid', ['spec', 'schedule'], 'cannot name a time zone (TZ or CRON_TZ); use the timeZone field');
  }
  for (const field of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit']) nonNegative(spec, field, ['spec'], errors);
  if (typeof spec.timeZone === 'string') {
    const problem = timeZoneProblem(spec.timeZone);
    if (problem) errors.add('k8s/invalid-value', 'invalid', ['spec', 'timeZone'], problem);
  }
  const jobTemplate = record(spec.jobTemplate) ?? {};
  const jobSpec = record(jobTemplate.spec) ?? {};
  const path: PathSegment[] = ['spec', 'jobTemplate', 'spec'];
  validateJobSpec(jobSpec, path, errors, isSet(jobTemplate.spec));
  if (isSet(jobSpec.selector)) errors.add('k8s/invalid-value', 'invalid', child(path, 'selector'), 'is made by the API server for every Job: leave it out');
  if (jobSpec.manualSelector === true) errors.add('k8s/invalid-value', 'notSupported', child(path, 'manualSelector'), 'cannot be true in a CronJob');
}

/** What a Job spec is checked for, on its own or as a CronJob's template. */
function validateJobSpec(spec: Data, path: PathSegment[], errors: FieldErrors, written: boolean): void {
  for (const field of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex', 'maxFailedIndexes']) nonNegative(spec, field, path, errors);
  if (isSet(spec.maxFailedIndexes) && !isSet(spec.backoffLimitPerIndex)) errors.required(child(path, 'backoffLimitPerIndex'), 'must be set when maxFailedIndexes is', 'k8s/missing-field');
  validateManagedBy(spec, path, errors);
  if (text(spec.completionMode) === 'Indexed') validateIndexed(spec, path, errors);
  else {
    if (isSet(spec.backoffLimitPerIndex)) errors.add('k8s/invalid-value', 'invalid', child(path, 'backoffLimitPerIndex'), 'needs completionMode: Indexed');
    if (isSet(spec.maxFailedIndexes)) errors.add('k8s/invalid-value', 'invalid', child(path, 'maxFailedIndexes'), 'needs completionMode: Indexed');
  }
  validateJobPolicies(spec, path, errors);
  const template = record(spec.template) ?? {};
  const podSpec = record(template.spec) ?? {};
  validateTemplate(template, podSpec, child(path, 'template'), errors, [], written);
  const policy = text(podSpec.restartPolicy) ?? '';
  const policyPath = child(path, 'template', 'spec', 'restartPolicy');
  if (policy === '' || policy === 'Always') {
    errors.add('k8s/missing-field', 'required', policyPath, 'must be OnFailure or Never for a Job (pods restart Always by default)', { path: isSet(podSpec.restartPolicy) ? policyPath : child(path, 'template', 'spec') });
  } else if (policy !== 'OnFailure' && policy !== 'Never') {
    errors.add('k8s/invalid-value', 'notSupported', policyPath, 'must be OnFailure or Never for a Job');
  } else if (isSet(spec.podFailurePolicy) && policy !== 'Never') {
    errors.add('k8s/invalid-value', 'invalid', policyPath, 'must be Never when podFailurePolicy is set');
  }
}

function validateIndexed(spec: Data, path: PathSegment[], errors: FieldErrors): void {
  const { completions, parallelism, maxFailedIndexes } = spec;
  const number = (value: unknown) => (typeof value === 'number' ? value : undefined);
  if (!isSet(completions)) errors.required(child(path, 'completions'), 'must be set for an Indexed Job', 'k8s/missing-field');
  if ((number(parallelism) ?? 0) > MAX_INDEXED_PARALLELISM) errors.add('k8s/invalid-value', 'invalid', child(path, 'parallelism'), `must be at most ${MAX_INDEXED_PARALLELISM} for an Indexed Job`);
  if (number(completions) !== undefined && (number(maxFailedIndexes) ?? 0) > (number(completions) ?? 0) && isSet(maxFailedIndexes)) errors.add('k8s/invalid-value', 'invalid', child(path, 'maxFailedIndexes'), 'must not be more than completions');
  if ((number(maxFailedIndexes) ?? 0) > MAX_FAILED_INDEXES) errors.add('k8s/invalid-value', 'invalid', child(path, 'maxFailedIndexes'), `must be at most ${MAX_FAILED_INDEXES}`);
  if ((number(completions) ?? 0) > HIGH_COMPLETIONS && isSet(spec.backoffLimitPerIndex)) {
    const why = `with more than ${HIGH_COMPLETIONS} completions and backoffLimitPerIndex`;
    if (!isSet(maxFailedIndexes)) errors.required(child(path, 'maxFailedIndexes'), `must be set ${why}`, 'k8s/missing-field');
    if ((number(parallelism) ?? 0) > HIGH_COMPLETIONS_LIMIT) errors.add('k8s/invalid-value', 'invalid', child(path, 'parallelism'), `must be at most ${HIGH_COMPLETIONS_LIMIT} ${why}`);
    if ((number(maxFailedIndexes) ?? 0) > HIGH_COMPLETIONS_LIMIT) errors.add('k8s/invalid-value', 'invalid', child(path, 'maxFailedIndexes'), `must be at most ${HIGH_COMPLETIONS_LIMIT} ${why}`);
  }
}

/** managedBy names the controller that runs the Job: a domain-prefixed path of at most 63 characters. */
function validateManagedBy(spec: Data, path: PathSegment[], errors: FieldErrors): void {
  const managedBy = spec.managedBy;
  if (typeof managedBy !== 'string') return;
  const at = child(path, 'managedBy');
  if (managedBy.length > 63) errors.add('k8s/invalid-value', 'tooLong', at, 'must have at most 63 characters');
  const slash = managedBy.indexOf('/');
  if (slash === -1) {
    errors.add('k8s/invalid-value', 'invalid', at, 'must be a domain-prefixed path, such as example.com/job-controller');
    return;
  }
  const domain = managedBy.slice(0, slash);
  const rest = managedBy.slice(slash + 1);
  if (dnsSubdomainProblems(domain).length > 0) errors.add('k8s/invalid-value', 'invalid', at, `must start with a DNS subdomain, which "${domain}" is not`);
  if (!/^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/.test(rest)) errors.add('k8s/invalid-value', 'invalid', at, 'must have a path of URL characters after the domain');
}

/** A time zone as Go's time.LoadLocation knows them, after the API server's own checks of the name. */
function timeZoneProblem(zone: string): string | undefined {
  if (zone === '') return 'must name a time zone (or be left out)';
  const parts = zone.split('/');
  if (parts.some((part) => part === '.' || part === '..' || part.startsWith('-') || !/^[A-Za-z.\-_0-9+]{1,14}$/.test(part))) return `"${zone}" is not a time zone name`;
  if (zone.toLowerCase() === 'local') return 'must name an explicit time zone, not Local';
  if (zone !== 'UTC' && !timeZoneKnown(zone)) return `"${zone}" is not a time zone of the tz database (names are case-sensitive)`;
  return undefined;
}

function nonNegative(map: Data, field: string, path: PathSegment[], errors: FieldErrors): void {
  const value = map[field];
  if (typeof value === 'number' && value < 0) errors.add('k8s/invalid-value', 'invalid', child(path, field), 'must not be negative');
}

