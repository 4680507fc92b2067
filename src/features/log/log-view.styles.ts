import { css } from 'lit';

/** The Log view: filters in a row that wraps, a table with a sticky header that scrolls sideways on a phone. */
export const logStyles = css`
  :host {
    display: block;
  }
  .filters {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem 1rem;
    align-items: end;
    margin-bottom: 0.75rem;
  }
  wa-select {
    min-width: 12rem;
  }
  /* A touch target of 44 px at least. */
  wa-checkbox {
    padding-block: 0.65rem;
  }
  .buttons {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin-left: auto;
  }
  .table {
    overflow-x: auto;
    border: 1px solid var(--v-border);
    border-radius: var(--wa-border-radius-l, 0.75rem);
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  th,
  td {
    text-align: start;
    padding: 0.5rem 0.75rem;
    border-bottom: 1px solid var(--v-border);
  }
  th {
    position: sticky;
    top: 0;
    background: color-mix(in srgb, var(--v-accent) 8%, var(--v-bg));
    font-weight: 600;
    white-space: nowrap;
  }
  tbody tr:last-child td {
    border-bottom: none;
  }
  tbody tr:nth-child(even) {
    background: color-mix(in srgb, var(--v-fg) 3%, transparent);
  }
  img {
    width: 40px;
    height: 40px;
    border-radius: 0.25rem;
    display: block;
  }
  [data-count] {
    color: var(--v-muted);
  }
`;
