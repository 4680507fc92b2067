import { css } from 'lit';

/** An empty list's message (People, Log): an icon, a lead line, what to do next and its button, in a dashed frame. */
export const emptyStateStyles = css`
  .empty {
    display: grid;
    justify-items: center;
    gap: 0.5rem;
    text-align: center;
    padding: 2rem 1rem;
    border: 2px dashed var(--v-border);
    border-radius: var(--wa-border-radius-l, 0.75rem);
  }
  .empty > wa-icon {
    font-size: 2.5rem;
    color: var(--v-accent);
  }
  .empty p {
    margin: 0;
    max-width: 32rem;
  }
  .empty .lead {
    font-size: 1.2rem;
    font-weight: 600;
  }
`;
