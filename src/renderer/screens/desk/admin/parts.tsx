// Pieces the admin sections share: a dense table with its column headings, and the button that takes
// someone or something out of use and back.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A dense table; `caption` names it for screen readers (shown when `showCaption`), a last column holds actions. */
export function AdminTable({
  caption,
  columns,
  actions = true,
  showCaption = false,
  children,
}: {
  caption: string;
  columns: string[];
  actions?: boolean;
  showCaption?: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <table className="dense">
      <caption className={showCaption ? undefined : 'visually-hidden'}>{caption}</caption>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column} scope="col">
              {column}
            </th>
          ))}
          {actions && (
            <th scope="col">
              <span className="visually-hidden">{t('search.columns.actions')}</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

/** Deactivate (or reactivate) one named row. */
export function ActiveToggle({
  name,
  active,
  busy,
  onToggle,
}: {
  name: string;
  active: boolean;
  busy: boolean;
  onToggle: () => void;
}) {
  const { t } = useTranslation();
  return (
    <button
      type="button"
      className={active ? 'small-button small-button--danger' : 'small-button'}
      disabled={busy}
      aria-label={t(active ? 'admin.deactivateWho' : 'admin.reactivateWho', { name })}
      onClick={onToggle}
    >
      {active ? t('admin.deactivate') : t('admin.reactivate')}
    </button>
  );
}

/** The Edit button of one named row. */
export function EditButton({ name, onEdit }: { name: string; onEdit: () => void }) {
  const { t } = useTranslation();
  return (
    <button type="button" className="small-button" aria-label={t('admin.editWho', { name })} onClick={onEdit}>
      {t('admin.edit')}
    </button>
  );
}
