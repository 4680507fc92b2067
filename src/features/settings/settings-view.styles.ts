import { css } from 'lit';

/** Settings: cards of related settings, in two columns on a wide screen, one on a phone. */
export const settingsStyles = css`
  :host {
    display: grid;
    gap: 1rem;
  }
  form,
  .panels {
    display: grid;
    gap: 1rem;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 24rem), 1fr));
    align-items: start;
  }
  .wide {
    grid-column: 1 / -1;
  }
  wa-card::part(body) {
    display: grid;
    gap: 1rem;
  }
  h2 {
    margin: 0;
    font-size: 1.15rem;
  }
  .hint {
    font-size: 0.85em;
    color: var(--v-muted);
  }
  fieldset {
    display: grid;
    gap: 0.75rem;
    margin: 0;
    padding: 0.5rem 0.75rem 0.75rem;
    border: 1px solid var(--v-border);
    border-radius: var(--wa-border-radius-m, 0.5rem);
  }
  legend {
    font-weight: 600;
    padding: 0 0.25rem;
  }
  /* A touch target of 44 px at least. */
  wa-checkbox {
    padding-block: 0.65rem;
  }
`;
