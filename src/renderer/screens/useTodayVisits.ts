// Today's visits at this station's site, kept current: fetched once, then again whenever a visit
// changes anywhere on the station (visit.changed) or the event stream comes back after a gap.
import { useCallback, useEffect, useState } from 'react';
import type { VisitSummary } from '../../shared/api/visits';
import type { ApiError } from '../../shared/errors';
import { toApiError } from '../api/errors';
import { useStation } from '../api/StationProvider';

export function useTodayVisits() {
  const { client, onReconnect } = useStation();
  const [visits, setVisits] = useState<VisitSummary[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const refresh = useCallback(() => {
    client.visits.today().then(
      (result) => {
        setVisits(result.visits);
        setError(null);
      },
      (reason: unknown) => setError(toApiError(reason)),
    );
  }, [client]);

  useEffect(refresh, [refresh]);
  useEffect(() => client.onEvent('visit.changed', refresh), [client, refresh]);
  useEffect(() => onReconnect(refresh), [onReconnect, refresh]);

  /** Puts a visit the station just returned into the list without waiting for the event. */
  const replace = useCallback((visit: VisitSummary) => {
    setVisits((list) => list?.map((v) => (v.id === visit.id ? visit : v)) ?? list);
  }, []);

  return { visits, error, refresh, replace };
}
