// The last line of defence: if a screen fails while rendering, the person in front of it sees a calm,
// translated message and a way back to the start. Details go to the console only, never the screen.
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export class ErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error('The screen failed to render', error, info.componentStack);
  }

  private backToStart = () => {
    window.location.hash = '#/';
    this.setState({ failed: false });
  };

  override render() {
    return this.state.failed ? <CrashScreen onBack={this.backToStart} /> : this.props.children;
  }
}

function CrashScreen({ onBack }: { onBack: () => void }) {
  const { t } = useTranslation();
  return (
    <main className="screen screen--centered">
      <div className="card card--narrow" role="alert">
        <h1>{t('crash.title')}</h1>
        <p>{t('crash.body')}</p>
        <button type="button" className="button button--primary button--large" onClick={onBack}>
          {t('crash.backToStart')}
        </button>
      </div>
    </main>
  );
}
