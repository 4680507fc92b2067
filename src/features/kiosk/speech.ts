/**
 * The spoken greeting (Web Speech API): said in the UI language, with one of its voices when the
 * system has one (else the browser's default voice for that language). Nothing where the API is
 * missing. Only ever called for a recognized person's greeting.
 */
import type { Locale } from '../../app/i18n';
import { intlLocale } from './greeting';

function voiceFor(synth: SpeechSynthesis, locale: Locale): SpeechSynthesisVoice | null {
  const voices = synth.getVoices();
  const wanted = intlLocale(locale).toLowerCase();
  const base = wanted.split('-')[0] ?? wanted;
  const norm = (v: SpeechSynthesisVoice) => v.lang.toLowerCase().replace('_', '-');
  return voices.find((v) => norm(v) === wanted) ?? voices.find((v) => norm(v).split('-')[0] === base) ?? null;
}

export function speak(text: string, locale: Locale): void {
  const synth = globalThis.speechSynthesis as SpeechSynthesis | undefined;
  if (!synth || typeof SpeechSynthesisUtterance === 'undefined') return;
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.lang = intlLocale(locale);
  const voice = voiceFor(synth, locale);
  if (voice) utterance.voice = voice;
  // A greeting not finished yet gives way to the new one.
  synth.cancel();
  synth.speak(utterance);
}
