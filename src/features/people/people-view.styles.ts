import { css } from 'lit';

/** The People view: a list of cards (picture, name, samples, consent, actions), its empty state. */
export const peopleStyles = css`
  :host {
    display: block;
  }
  wa-input[type='search'] {
    max-width: 28rem;
  }
  ul {
    list-style: none;
    padding: 0;
    display: grid;
    gap: 0.75rem;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 26rem), 1fr));
  }
  li {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-start;
    gap: 0.75rem;
    padding: 0.75rem;
    border: 1px solid var(--v-border);
    border-radius: var(--wa-border-radius-l, 0.75rem);
    background: var(--wa-color-surface-raised, var(--v-bg));
  }
  img,
  .blank {
    width: 64px;
    height: 64px;
    border-radius: 0.5rem;
    object-fit: cover;
    background: var(--v-placeholder);
  }
  .info {
    flex: 1 1 12rem;
    min-width: 0;
    display: grid;
    gap: 0.25rem;
  }
  .name {
    font-weight: 600;
    font-size: 1.1rem;
    overflow-wrap: anywhere;
  }
  .meta {
    color: var(--v-muted);
    font-size: 0.9rem;
  }
  [data-consent] {
    font-size: 0.85em;
    color: var(--v-muted);
    overflow-wrap: anywhere;
  }
  form {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: 0.5rem;
  }
  form wa-input {
    flex: 1 1 12rem;
  }
  .error {
    color: var(--v-danger);
    flex-basis: 100%;
    margin: 0;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    margin-left: auto;
  }
  .actions wa-button::part(base) {
    min-width: 44px;
    min-height: 44px;
  }
`;
