// Today's visits at this station's site, kept current: fetched once, then again whenever a visit
// changes anywhere on the station (visit.changed) or the event stream comes back after a gap.
import { useCallback } from 'react';
import type { VisitSummary } from '../../shared/api/visits';
import { useLive } from '../api/hooks';
import { useStation } from '../api/StationProvider';

export function useTodayVisits() {
  const { client } = useStation();
  const load = useCallback(() => client.visits.today().then((r) => r.visits), [client]);
  const { data: visits, error, reload: refresh, setData } = useLive(load, ['visit.changed']);

  /** Puts a visit the station just returned into the list without waiting for the event. */
  const replace = useCallback(
    (visit: VisitSummary) => setData((list) => list?.map((v) => (v.id === visit.id ? visit : v)) ?? list),
    [setData],
  );

  return { visits, error, refresh, replace };
}
