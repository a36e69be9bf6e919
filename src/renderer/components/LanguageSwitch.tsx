// Each language is offered in its own words ("Español", not "Spanish"), so a visitor finds theirs.
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../../shared/vocabulary';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <nav className="language-switch" aria-label={t('language.switchLabel')}>
      {LANGUAGES.map((lng) => (
        <button
          key={lng}
          type="button"
          lang={lng}
          className="language-switch__option"
          aria-pressed={i18n.resolvedLanguage === lng}
          onClick={() => void i18n.changeLanguage(lng)}
        >
          {i18n.getFixedT(lng)('language.name')}
        </button>
      ))}
    </nav>
  );
}
