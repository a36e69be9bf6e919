// The site's daily check-out time as instants: when the desk's scheduler checks everyone out, and when the
// console's reports count a visitor never checked out as gone (src/server/console/reports.ts).
import { DateTime } from 'luxon';

/** The most recent time at or before `now` when the daily check-out was due, in the site's time zone. */
export function lastCheckOutDue(now: Date, timezone: string, timeOfDay: string): Date {
  const [hour, minute] = timeOfDay.split(':').map(Number);
  const local = DateTime.fromJSDate(now).setZone(timezone);
  let due = local.set({ hour, minute, second: 0, millisecond: 0 });
  if (due > local) due = due.minus({ days: 1 });
  return due.toJSDate();
}

/** The next time after `now` the daily check-out is due. */
export function nextCheckOutDue(now: Date, timezone: string, timeOfDay: string): Date {
  const last = DateTime.fromJSDate(lastCheckOutDue(now, timezone, timeOfDay)).setZone(timezone);
  return last.plus({ days: 1 }).toJSDate();
}
