// The desk checks in through the kiosk's arrival pipeline: it is asked for what the visitor type needs,
// the check-in leaves a pass and a queued badge, and a watchlist deny is held instead of checked in.
import type { Page } from '@playwright/test';
import { expect, signIn, confirmDeskRules, test } from './fixtures';
import { staff, visitIdOf } from '../support/desk';

test.use({ preset: { kind: 'desk' } });

// Today's list comes first; a desk check-in's badge job is listed again in the badge panel below it.
const rowOf = (page: Page, name: string) => page.getByRole('row').filter({ hasText: name }).first();

test('checking in at the desk asks for the NDA and leaves a pass and a badge job', async ({
  page,
  gatehouse,
}) => {
  const { station } = gatehouse;
  const asked = confirmDeskRules(page);
  await page.goto(gatehouse.url);
  await signIn(page, 'reception', '2222');
  await page.getByRole('button', { name: 'Check in Marie Curie' }).click();
  await expect(rowOf(page, 'Marie Curie')).toContainText('Checked in');
  expect(asked.join(' ')).toContain('the documents signed');
  const visitId = visitIdOf(station, 'Marie Curie');
  const reception = station.client(staff(station, 'reception'));
  expect((await reception.passes.forVisit({ visitId })).passes).toHaveLength(1);
  const jobs = station.core.db.$client.prepare('SELECT count(*) FROM print_jobs WHERE visit_id = ?').pluck();
  expect(jobs.get(visitId)).toBe(1);
});

test('a visitor on the watchlist (deny) checked in at the desk is held, not let in', async ({
  page,
  gatehouse,
}) => {
  const { station } = gatehouse;
  await station
    .client(staff(station, 'security'))
    .watchlist.add({ name: 'Marie Curie', reason: 'banned from site', level: 'deny' });
  await page.goto(gatehouse.url);
  await signIn(page, 'reception', '2222');
  await page.getByRole('button', { name: 'Check in Marie Curie' }).click();
  await expect(rowOf(page, 'Marie Curie')).not.toContainText('Checked in');
  const visitId = visitIdOf(station, 'Marie Curie');
  const held = station.core.db.$client.prepare('SELECT status, hold FROM visits WHERE id = ?').get(visitId);
  expect(held).toEqual({ status: 'pending_approval', hold: 'watchlist' });
});
