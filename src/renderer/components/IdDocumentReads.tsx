// Fills a check-in form from an ID document the station's scanner read (the idDocument.read event): the
// screen takes the document's fields once (idDocuments.take) and hands them to onRead. A document that
// could not be read — a wrong check digit, half a read — changes nothing and says so.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useStation } from '../api/StationProvider';
import type { OutputOf } from '../../shared/api';

export type IdDocumentRead = OutputOf<'idDocuments.take'>;

/** Listens for document reads while the form is shown; returns the notice to show about the last one. */
export function useIdDocumentReads(onRead: (document: IdDocumentRead) => void): ReactNode {
  const { t } = useTranslation();
  const { client } = useStation();
  const latest = useRef(onRead);
  latest.current = onRead;
  const [last, setLast] = useState<'read' | 'unreadable' | null>(null);

  useEffect(
    () =>
      client.onEvent('idDocument.read', ({ read }) => {
        if (!read) return setLast('unreadable');
        client.idDocuments.take({ read }).then(
          (document) => {
            latest.current(document);
            setLast('read');
          },
          () => setLast('unreadable'),
        );
      }),
    [client],
  );

  if (last === 'read')
    return (
      <p className="alert alert--info" role="status">
        {t('idDocument.read')}
      </p>
    );
  if (last === 'unreadable')
    return (
      <p className="alert alert--error" role="alert">
        {t('idDocument.unreadable')}
      </p>
    );
  return null;
}
