// Visitor types: names per language, colour, rules (photo, ID, approval) and custom fields with their
// checks; and each type's documents (the NDA…), published as new versions — an old version is never
// edited, and the kiosk asks visitors to sign the newest.
import { useCallback, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../../shared/api';
import { LANGUAGES, PHOTO_RULES, type CustomFieldDef, type PhotoRule } from '../../../../shared/domain';
import { useStation } from '../../../api/StationProvider';
import { ErrorAlert } from '../../../components/ErrorText';
import { localName } from '../../../format';
import { useAction, useFormatDateTime, useLive } from '../shared';
import { AdminTable, EditButton } from './parts';

type VisitorType = OutputOf<'visitorTypes.adminList'>['types'][number];
const FIELD_KINDS = ['text', 'number', 'email', 'phone', 'choice'] as const;

/** The name of each language in itself ("Español"), to label text given per language. */
function useLanguageNames() {
  const { i18n } = useTranslation();
  return (lng: string) => i18n.getFixedT(lng)('language.name');
}

export function VisitorTypesAdmin() {
  const { t, i18n } = useTranslation();
  const { client } = useStation();
  const load = useCallback(() => client.visitorTypes.adminList(), [client]);
  const { data, error, reload } = useLive(load, ['sync.changed', 'settings.changed']);
  const [editing, setEditing] = useState<VisitorType | 'new' | null>(null);
  const language = i18n.resolvedLanguage ?? 'en';
  // The row being edited, as the station has it now (after a save or a new document version).
  const current =
    editing === 'new' || !editing ? null : (data?.types.find((type) => type.id === editing.id) ?? editing);

  return (
    <>
      <h2>{t('admin.types.title')}</h2>
      <ErrorAlert error={error} />
      <AdminTable
        caption={t('admin.types.title')}
        columns={[
          t('admin.types.name'),
          t('admin.types.rules'),
          t('admin.types.fields'),
          t('admin.types.documents'),
          t('admin.status'),
        ]}
      >
        {data?.types.map((type) => (
          <tr key={type.id}>
            <td>
              <span className="type-tag">
                <span className="type-tag__dot" style={{ background: type.color }} aria-hidden="true" />
                {localName(type.names, language)}
              </span>
            </td>
            <td>
              {[
                t(`admin.types.photo.${type.photo}`),
                type.requiresId && t('admin.types.requiresId'),
                type.requiresApproval && t('admin.types.requiresApproval'),
              ]
                .filter(Boolean)
                .join(' · ')}
            </td>
            <td>{type.customFields.map((f) => localName(f.labels, language)).join(', ') || '—'}</td>
            <td>
              {type.documents
                .map((d) => t('admin.types.documentVersion', { key: d.key, version: d.versions[0]?.version }))
                .join(', ') || '—'}
            </td>
            <td>{type.active ? t('admin.active') : t('admin.inactive')}</td>
            <td className="actions">
              <EditButton name={localName(type.names, language)} onEdit={() => setEditing(type)} />
            </td>
          </tr>
        ))}
      </AdminTable>
      <button type="button" className="small-button" onClick={() => setEditing('new')}>
        {t('admin.types.add')}
      </button>
      {editing && (
        <TypeForm
          key={current?.id ?? 'new'}
          type={current ?? null}
          onSaved={(saved) => {
            setEditing(saved);
            reload();
          }}
          onClose={() => setEditing(null)}
        />
      )}
      {current && <Documents key={current.id} type={current} onPublished={reload} />}
    </>
  );
}

const blankField = (): CustomFieldDef => ({ key: '', kind: 'text', labels: { en: '' }, required: false });

function TypeForm({
  type,
  onSaved,
  onClose,
}: {
  type: VisitorType | null;
  onSaved: (type: VisitorType) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const languageName = useLanguageNames();
  const { client } = useStation();
  const { busy, error, run } = useAction();
  const [names, setNames] = useState<Record<string, string>>(type?.names ?? {});
  const [color, setColor] = useState(type?.color ?? '#2563eb');
  const [photo, setPhoto] = useState<PhotoRule>(type?.photo ?? 'optional');
  const [requiresId, setRequiresId] = useState(type?.requiresId ?? false);
  const [requiresApproval, setRequiresApproval] = useState(type?.requiresApproval ?? false);
  const [active, setActive] = useState(type?.active ?? true);
  // Empty: the site's retention period (issue #15).
  const [retention, setRetention] = useState(type?.retentionDays ? String(type.retentionDays) : '');
  const [fields, setFields] = useState<CustomFieldDef[]>(type?.customFields ?? []);
  const title = type ? t('admin.types.editing') : t('admin.types.add');

  const changeField = (i: number, patch: Partial<CustomFieldDef>) =>
    setFields(fields.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const saved = await run(() =>
      client.visitorTypes.save({
        ...(type ? { typeId: type.id } : {}),
        names: Object.fromEntries(Object.entries(names).filter(([, v]) => v.trim())),
        color,
        photo,
        requiresId,
        requiresApproval,
        active,
        retentionDays: retention.trim() ? Number(retention) : null,
        customFields: fields.map(({ pattern, choices, ...f }) => ({
          ...f,
          labels: Object.fromEntries(Object.entries(f.labels).filter(([, v]) => v.trim())),
          ...(pattern ? { pattern } : {}),
          ...(f.kind === 'choice' ? { choices: choices ?? [] } : {}),
        })),
      }),
    );
    if (saved) onSaved(saved);
  };

  return (
    <form className="desk-form" aria-label={title} onSubmit={(e) => void submit(e)}>
      <h3 className="wide">{title}</h3>
      <fieldset className="admin-fieldset">
        <legend>{t('admin.types.name')}</legend>
        {LANGUAGES.map((lng) => (
          <label key={lng}>
            {t('admin.inLanguage', { language: languageName(lng) })}
            <input
              lang={lng}
              value={names[lng] ?? ''}
              onChange={(e) => setNames({ ...names, [lng]: e.target.value })}
            />
          </label>
        ))}
      </fieldset>
      <label>
        {t('admin.types.color')}
        <input type="color" value={color} onChange={(e) => setColor(e.target.value)} />
      </label>
      <label>
        {t('admin.types.photoRule')}
        <select value={photo} onChange={(e) => setPhoto(e.target.value as PhotoRule)}>
          {PHOTO_RULES.map((rule) => (
            <option key={rule} value={rule}>
              {t(`admin.types.photo.${rule}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>
          <input type="checkbox" checked={requiresId} onChange={(e) => setRequiresId(e.target.checked)} />{' '}
          {t('admin.types.requiresId')}
        </span>
      </label>
      <label>
        <span>
          <input
            type="checkbox"
            checked={requiresApproval}
            onChange={(e) => setRequiresApproval(e.target.checked)}
          />{' '}
          {t('admin.types.requiresApproval')}
        </span>
      </label>
      <label>
        {t('admin.types.retentionDays')}
        <input
          type="number"
          inputMode="numeric"
          min={1}
          max={3650}
          value={retention}
          placeholder={t('admin.types.retentionSite')}
          onChange={(e) => setRetention(e.target.value)}
        />
      </label>
      <label>
        <span>
          <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} />{' '}
          {t('admin.types.offered')}
        </span>
      </label>
      {fields.map((field, i) => (
        <fieldset key={i} className="admin-fieldset">
          <legend>{t('admin.types.fieldN', { n: i + 1 })}</legend>
          <label>
            {t('admin.types.fieldKey')}
            <input value={field.key} onChange={(e) => changeField(i, { key: e.target.value })} />
          </label>
          {LANGUAGES.map((lng) => (
            <label key={lng}>
              {t('admin.types.fieldLabelIn', { language: languageName(lng) })}
              <input
                lang={lng}
                value={field.labels[lng] ?? ''}
                onChange={(e) => changeField(i, { labels: { ...field.labels, [lng]: e.target.value } })}
              />
            </label>
          ))}
          <label>
            {t('admin.types.fieldKind')}
            <select
              value={field.kind}
              onChange={(e) => changeField(i, { kind: e.target.value as CustomFieldDef['kind'] })}
            >
              {FIELD_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`admin.types.kinds.${kind}`)}
                </option>
              ))}
            </select>
          </label>
          {field.kind === 'choice' && (
            <label>
              {t('admin.types.choices')}
              <input
                value={(field.choices ?? []).join(', ')}
                onChange={(e) =>
                  changeField(i, {
                    choices: e.target.value
                      .split(',')
                      .map((c) => c.trim())
                      .filter(Boolean),
                  })
                }
              />
            </label>
          )}
          <label>
            {t('admin.types.pattern')}
            <input
              value={field.pattern ?? ''}
              placeholder="P-\d{4}"
              onChange={(e) => changeField(i, { pattern: e.target.value })}
            />
          </label>
          <label>
            <span>
              <input
                type="checkbox"
                checked={field.required}
                onChange={(e) => changeField(i, { required: e.target.checked })}
              />{' '}
              {t('admin.types.required')}
            </span>
          </label>
          <button
            type="button"
            className="small-button small-button--danger"
            onClick={() => setFields(fields.filter((_, j) => j !== i))}
          >
            {t('admin.types.removeField', { n: i + 1 })}
          </button>
        </fieldset>
      ))}
      <button type="button" className="small-button" onClick={() => setFields([...fields, blankField()])}>
        {t('admin.types.addField')}
      </button>
      <button type="submit" className="small-button small-button--primary" disabled={busy}>
        {t('admin.save')}
      </button>
      <button type="button" className="small-button" onClick={onClose}>
        {t('admin.close')}
      </button>
      <div className="wide">
        <ErrorAlert
          error={error}
          fieldLabels={{
            'names.en': t('admin.inLanguage', { language: languageName('en') }),
            color: t('admin.types.color'),
            retentionDays: t('admin.types.retentionDays'),
            customFields: t('admin.types.fields'),
            ...Object.fromEntries(
              fields.flatMap((_, i) =>
                (['key', 'pattern', 'labels'] as const).map((part) => [
                  `customFields.${i}.${part}`,
                  `${t('admin.types.fieldN', { n: i + 1 })} — ${t(`admin.types.parts.${part}`)}`,
                ]),
              ),
            ),
          }}
        />
      </div>
    </form>
  );
}

function Documents({ type, onPublished }: { type: VisitorType; onPublished: () => void }) {
  const { t } = useTranslation();
  const format = useFormatDateTime();
  const languageName = useLanguageNames();
  const { client } = useStation();
  const { busy, error, run } = useAction();
  const latest = (key: string) => type.documents.find((d) => d.key === key)?.versions[0];
  const [key, setKey] = useState(type.documents[0]?.key ?? 'nda');
  // A new version starts as a copy of the newest, so an admin changes only what differs.
  const [titles, setTitles] = useState<Record<string, string>>(latest(key)?.titles ?? {});
  const [bodies, setBodies] = useState<Record<string, string>>(latest(key)?.bodies ?? {});
  const chooseKey = (next: string) => {
    setKey(next);
    setTitles(latest(next)?.titles ?? {});
    setBodies(latest(next)?.bodies ?? {});
  };

  const publish = async (e: FormEvent) => {
    e.preventDefault();
    const done = await run(() =>
      client.visitorTypes.addDocumentVersion({ typeId: type.id, key, titles, bodies }),
    );
    if (done) onPublished();
  };

  return (
    <>
      <h3>{t('admin.types.documents')}</h3>
      {type.documents.length === 0 && <p className="empty">{t('admin.types.noDocuments')}</p>}
      {type.documents.map((doc) => (
        <AdminTable
          key={doc.key}
          caption={t('admin.types.history', { key: doc.key })}
          showCaption
          actions={false}
          columns={[
            t('admin.types.version'),
            t('admin.types.published'),
            t('admin.types.docTitle'),
            t('admin.types.languages'),
          ]}
        >
          {doc.versions.map((v, i) => (
            <tr key={v.id}>
              <td className="num">
                {v.version}
                {i === 0 && ` (${t('admin.types.current')})`}
              </td>
              <td className="num">{format(v.createdAt)}</td>
              <td>
                <details>
                  <summary>{v.titles.en ?? Object.values(v.titles)[0]}</summary>
                  <p style={{ whiteSpace: 'pre-wrap' }}>{v.bodies.en ?? Object.values(v.bodies)[0]}</p>
                </details>
              </td>
              <td>{Object.keys(v.bodies).join(', ')}</td>
            </tr>
          ))}
        </AdminTable>
      ))}
      <form className="desk-form" aria-label={t('admin.types.newVersion')} onSubmit={(e) => void publish(e)}>
        <h3 className="wide">{t('admin.types.newVersion')}</h3>
        <label>
          {t('admin.types.documentKey')}
          <input value={key} onChange={(e) => chooseKey(e.target.value)} />
        </label>
        {LANGUAGES.map((lng) => (
          <fieldset key={lng} className="admin-fieldset" lang={lng}>
            <legend>{languageName(lng)}</legend>
            <label>
              {t('admin.types.docTitleIn', { language: languageName(lng) })}
              <input
                value={titles[lng] ?? ''}
                onChange={(e) => setTitles({ ...titles, [lng]: e.target.value })}
              />
            </label>
            <label className="wide">
              {t('admin.types.docTextIn', { language: languageName(lng) })}
              <textarea
                aria-label={t('admin.types.docTextIn', { language: languageName(lng) })}
                value={bodies[lng] ?? ''}
                onChange={(e) => setBodies({ ...bodies, [lng]: e.target.value })}
              />
            </label>
          </fieldset>
        ))}
        <button type="submit" className="small-button small-button--primary" disabled={busy}>
          {t('admin.types.publish')}
        </button>
        <div className="wide">
          <ErrorAlert
            error={error}
            fieldLabels={{
              key: t('admin.types.documentKey'),
              'titles.en': t('admin.types.docTitleIn', { language: languageName('en') }),
              'bodies.en': t('admin.types.docTextIn', { language: languageName('en') }),
            }}
          />
        </div>
      </form>
    </>
  );
}
