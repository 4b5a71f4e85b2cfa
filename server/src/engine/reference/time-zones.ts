/** The time zone names Go's time.LoadLocation knows from its embedded tz database (generated, see the JSON). */
import data from './time-zones.json';

const ZONES: ReadonlySet<string> = new Set(data.zones);

/** Whether `name` is a zone of the database, exactly as written (the lookup is case-sensitive, as file names are). */
export function timeZoneKnown(name: string): boolean {
  return ZONES.has(name);
}
