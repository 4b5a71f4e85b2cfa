/**
 * A CronJob schedule as the cron parser Kubernetes uses reads it (robfig/cron v3 ParseStandard): five fields
 * (minute, hour, day of month, month, day of week) or a descriptor (@daily, @every 90m). Its quirks are kept,
 * because they are what the API server accepts: list items left empty are skipped (`1,,2`), `*` and `?` ignore
 * what follows a hyphen (`*-5`), a single value with a step runs to the end of the range (`5/15`), numbers may
 * carry a plus sign, and month and weekday names are read in any case.
 */
import { goDurationProblem } from './go-duration';
import { timeZoneKnown } from '../reference/time-zones';

interface Bounds {
  name: string;
  min: number;
  max: number;
  names?: Readonly<Record<string, number>>;
}

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const FIELDS: readonly Bounds[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: Object.fromEntries(MONTH_NAMES.map((name, index) => [name, index + 1])) },
  { name: 'day of week', min: 0, max: 6, names: Object.fromEntries(DAY_NAMES.map((name, index) => [name, index])) },
];

const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

/** Go's unicode.IsSpace, which strings.Fields splits on (JavaScript's \s differs: it has U+FEFF, not U+0085). */
const GO_SPACE_CHARACTERS = '[\\t\\n\\v\\f\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]+';
const GO_SPACE = new RegExp(GO_SPACE_CHARACTERS);
const GO_SPACE_AT_ENDS = new RegExp(`^${GO_SPACE_CHARACTERS}|${GO_SPACE_CHARACTERS}$`, 'g');

/** Why the parser refuses `schedule`, or undefined when it reads it. */
export function scheduleProblem(schedule: string): string | undefined {
  let spec = schedule;
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const space = spec.indexOf(' ');
    // Without a space the parser slices out of range and panics, which the API server reports as a bad format.
    if (space === -1) return 'names a time zone but no schedule after it';
    const zone = spec.slice(spec.indexOf('=') + 1, space);
    if (!goLoadsLocation(zone)) return `names the unknown time zone "${zone}"`;
    spec = spec.slice(space).replace(GO_SPACE_AT_ENDS, '');
  }
  if (spec.startsWith('@')) return descriptorProblem(spec);
  const fields = spec.split(GO_SPACE).filter((field) => field !== '');
  if (fields.length !== FIELDS.length) return `must have exactly 5 fields (minute hour day-of-month month day-of-week), found ${fields.length}`;
  for (const [index, field] of fields.entries()) {
    const problem = fieldProblem(field, FIELDS[index]);
    if (problem) return problem;
  }
  return undefined;
}

function descriptorProblem(descriptor: string): string | undefined {
  if (DESCRIPTORS.has(descriptor)) return undefined;
  if (descriptor.startsWith('@every ')) {
    const duration = descriptor.slice('@every '.length);
    const problem = goDurationProblem(duration);
    return problem ? `has the duration "${duration}", which ${problem}` : undefined;
  }
  return `"${descriptor}" is not a descriptor (@yearly, @monthly, @weekly, @daily, @hourly or @every <duration>)`;
}

function fieldProblem(field: string, bounds: Bounds): string | undefined {
  for (const expression of field.split(',').filter((item) => item !== '')) {
    const problem = rangeProblem(expression, bounds);
    if (problem) return `has the ${bounds.name} field "${field}", which ${problem}`;
  }
  return undefined;
}

function rangeProblem(expression: string, bounds: Bounds): string | undefined {
  const rangeAndStep = expression.split('/');
  const lowAndHigh = rangeAndStep[0].split('-');
  let start: number;
  let end: number;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = bounds.min;
    end = bounds.max;
  } else {
    const low = numberOrName(lowAndHigh[0], bounds.names);
    if (typeof low === 'string') return low;
    start = low;
    if (lowAndHigh.length > 2) return 'has too many hyphens';
    const high = lowAndHigh.length === 2 ? numberOrName(lowAndHigh[1], bounds.names) : start;
    if (typeof high === 'string') return high;
    end = high;
  }
  let step = 1;
  if (rangeAndStep.length > 2) return 'has too many slashes';
  if (rangeAndStep.length === 2) {
    const parsed = goAtoi(rangeAndStep[1]);
    if (typeof parsed === 'string') return parsed;
    step = parsed;
    if (lowAndHigh.length === 1) end = bounds.max;
  }
  if (start < bounds.min) return `starts below ${bounds.min}`;
  if (end > bounds.max) return `goes above ${bounds.max}`;
  if (start > end) return 'has a range that starts after it ends';
  if (step === 0) return 'has a step of 0';
  return undefined;
}

function numberOrName(text: string, names: Bounds['names']): number | string {
  const named = names?.[text.toLowerCase()];
  return named ?? goAtoi(text);
}

/** strconv.Atoi, then the parser's refusal of negative numbers; a string says why it fails. */
function goAtoi(text: string): number | string {
  if (!/^[+-]?[0-9]+$/.test(text)) return text === '' ? 'has a part without a number' : `has "${text}", which is not a number`;
  const value = BigInt(text);
  if (value > 2n ** 63n - 1n || value < -(2n ** 63n)) return `has "${text}", which is out of range`;
  if (value < 0n) return `has the negative number ${text}`;
  // Every bound is below 60, so a larger number only needs to stay larger.
  return value > 1000n ? 1000 : Number(value);
}

/** time.LoadLocation for a time zone written in the schedule: empty and UTC are UTC, Local the server's own. */
function goLoadsLocation(zone: string): boolean {
  return zone === '' || zone === 'UTC' || zone === 'Local' || timeZoneKnown(zone);
}
