// Running the site from the desk, for admins: the host directory, visitor types, staff, settings, a
// person's personal data (export, erasure) and the audit log, one section at a time. The station refuses
// every one of these calls to other roles.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AuditAdmin } from './AuditAdmin';
import { HostsAdmin } from './HostsAdmin';
import { PersonalData } from './PersonalData';
import { SettingsAdmin } from './SettingsAdmin';
import { StaffAdmin } from './StaffAdmin';
import { VisitorTypesAdmin } from './VisitorTypesAdmin';
import './admin.css';

const SECTIONS = {
  hosts: HostsAdmin,
  types: VisitorTypesAdmin,
  staff: StaffAdmin,
  settings: SettingsAdmin,
  people: PersonalData,
  audit: AuditAdmin,
} as const;
type Section = keyof typeof SECTIONS;

export function AdminPanel() {
  const { t } = useTranslation();
  const [section, setSection] = useState<Section>('hosts');
  const Current = SECTIONS[section];
  return (
    <section className="desk-panel" aria-labelledby="admin-title">
      <h1 id="admin-title">{t('admin.title')}</h1>
      <nav className="admin-nav" aria-label={t('admin.sections')}>
        {(Object.keys(SECTIONS) as Section[]).map((id) => (
          <button
            key={id}
            type="button"
            className="small-button"
            aria-pressed={id === section}
            onClick={() => setSection(id)}
          >
            {t(`admin.section.${id}`)}
          </button>
        ))}
      </nav>
      <Current />
    </section>
  );
}
