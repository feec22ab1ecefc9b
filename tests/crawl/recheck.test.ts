/** The gone schedule: a gone page waits as long as it has been gone, from two days to a month. */
import { describe, expect, it } from 'vitest';
import { RECHECK, recheckAt } from '../../src/crawl/recheck.js';

const DAY = 86_400_000;
const at = new Date('2026-12-06T02:10:00Z');
const ago = (days: number) => new Date(at.getTime() - days * DAY);
const wait = (goneSince: Date | null) => (recheckAt(at, goneSince).getTime() - at.getTime()) / DAY;

describe('recheckAt', () => {
  it('waits two days after a page is first found gone, then as long again as it has been gone', () => {
    expect(wait(null)).toBe(2);
    expect(wait(at)).toBe(2);
    expect(wait(ago(1))).toBe(2);
    expect(wait(ago(2))).toBe(2);
    expect(wait(ago(4))).toBe(4);
    expect(wait(ago(8.5))).toBe(8.5);
  });

  it('asks at least once a month, however long the page has been gone', () => {
    expect(wait(ago(29))).toBe(29);
    expect(wait(ago(30))).toBe(30);
    expect(wait(ago(400))).toBe(30);
  });

  it('re-checks a page found gone every night of the first week at most three times', () => {
    // Found gone on night 0; each night's run re-opens what is due within the slack.
    const asked: number[] = [];
    let next = recheckAt(at, null);
    const since = at;
    for (let night = 1; night <= 7; night++) {
      const runStart = new Date(at.getTime() + night * DAY - 10 * 60_000); // the run starts ten minutes earlier each night
      if (next.getTime() <= runStart.getTime() + RECHECK.slackMs) {
        asked.push(night);
        next = recheckAt(new Date(runStart.getTime() + 10 * 60_000), since);
      }
    }
    expect(asked).toEqual([2, 4]);
  });
});
