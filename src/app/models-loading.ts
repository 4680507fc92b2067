import { hasMessage, t } from './i18n';

/** "Loading the face models… (face detector)": the line shown while the models load, for a loading step's name. */
export function modelsLoading(step: string): string {
  const key = `models.step.${step}`;
  return t('models.loading', { step: hasMessage(key) ? t(key) : '' });
}
