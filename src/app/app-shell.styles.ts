import { css } from 'lit';

/**
 * The shell's layouts: a phone (under 700 px wide) has the navigation as a bar at the bottom
 * (icons over labels); a tablet has it as tabs under the header; a desktop (1400 px and wider) as a
 * rail on the left. Every link is at least 44 px high (a touch target).
 */
export const shellStyles = css`
  :host {
    display: block;
    --rail: 6.5rem;
  }
  header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 0.75rem;
    padding: 0.75rem 1rem;
  }
  header img {
    width: 2rem;
    height: 2rem;
  }
  h1 {
    margin: 0;
    font-size: 1.5rem;
  }
  header p {
    margin: 0;
    color: var(--v-muted);
  }
  nav {
    display: flex;
    gap: 0.25rem;
  }
  nav a {
    display: flex;
    align-items: center;
    justify-content: center;
    gap: 0.5rem;
    min-height: 44px;
    min-width: 44px;
    box-sizing: border-box;
    padding: 0.25rem 0.9rem;
    color: inherit;
    text-decoration: none;
    white-space: nowrap;
    border-radius: var(--wa-border-radius-m, 0.5rem);
  }
  nav a:hover {
    background: color-mix(in srgb, var(--v-accent) 10%, transparent);
  }
  nav a:focus-visible {
    outline: 3px solid var(--v-accent);
    outline-offset: -3px;
  }
  /* The current section: darker (lighter in the dark) than the accent, for 4.5:1 on its tint. */
  nav a[aria-current='page'] {
    color: light-dark(#0d47a1, #bbdefb);
    background: color-mix(in srgb, var(--v-accent) 14%, transparent);
    font-weight: 600;
  }
  nav wa-icon {
    font-size: 1.25rem;
  }
  .content {
    max-width: 76rem;
    margin: 0 auto;
    padding: 0 1rem 1rem;
  }
  main {
    display: block;
  }

  /* Phone: the navigation is a bar at the bottom of the screen, icons over labels. */
  @media (max-width: 699.98px) {
    header p {
      display: none;
    }
    nav {
      position: fixed;
      inset: auto 0 0 0;
      z-index: 4;
      justify-content: space-around;
      gap: 0;
      padding: 0.25rem 0.25rem calc(0.25rem + env(safe-area-inset-bottom));
      background: var(--v-bg);
      border-top: 1px solid var(--v-border);
    }
    nav a {
      flex: 1 1 0;
      flex-direction: column;
      gap: 0.1rem;
      padding: 0.25rem;
      font-size: 0.8rem;
      min-height: 3.5rem;
    }
    .content {
      padding: 0 0.75rem calc(5rem + env(safe-area-inset-bottom));
    }
  }

  /* Tablet (1280 × 800 landscape and smaller, down to 700 px): tabs under the header. */
  @media (min-width: 700px) and (max-width: 1399.98px) {
    nav {
      padding: 0 1rem;
      margin-bottom: 0.75rem;
      border-bottom: 1px solid var(--v-border);
      overflow-x: auto;
    }
    nav a {
      border-radius: var(--wa-border-radius-m, 0.5rem) var(--wa-border-radius-m, 0.5rem) 0 0;
      border-bottom: 3px solid transparent;
    }
    nav a[aria-current='page'] {
      border-bottom-color: var(--v-accent);
    }
  }

  /* Desktop (1440 × 900 and wider): a rail on the left, the header and the view beside it. */
  @media (min-width: 1400px) {
    .frame {
      padding-left: var(--rail);
    }
    nav {
      position: fixed;
      inset: 0 auto 0 0;
      width: var(--rail);
      flex-direction: column;
      align-items: stretch;
      padding: 5rem 0.5rem 1rem;
      box-sizing: border-box;
      background: color-mix(in srgb, var(--v-accent) 5%, var(--v-bg));
      border-right: 1px solid var(--v-border);
    }
    nav a {
      flex-direction: column;
      gap: 0.2rem;
      padding: 0.6rem 0.25rem;
      font-size: 0.85rem;
    }
    header {
      padding: 1rem 1.5rem 0.5rem;
    }
    .content {
      padding: 0 1.5rem 1.5rem;
    }
  }

  .start-error {
    max-width: 36rem;
    margin: 3rem auto;
    padding: 0 1rem;
    display: grid;
    gap: 0.75rem;
  }
  .start-error h1 {
    color: var(--v-danger);
  }
  .start-error p {
    margin: 0;
  }
  .start-error wa-button {
    justify-self: start;
  }
  /* Over the full-screen kiosk view. */
  visage-storage-banner.over,
  visage-upgrade-banner.over {
    position: fixed;
    inset: 0 0.75rem auto;
    z-index: 5;
  }
`;
