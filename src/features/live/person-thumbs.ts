/**
 * The enrolled people's thumbnails as object URLs, by person id, for the "now" cards: read when
 * the host connects and again whenever people change; released when it leaves the page.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { getDb } from '../../app/services';
import { $galleryVersion } from '../../app/stores';
import { revokeThumbUrls, withThumbUrls } from '../../app/ui/thumb-urls';

export class PersonThumbs implements ReactiveController {
  /** personId → object URL (people without a thumbnail are absent). */
  urls: ReadonlyMap<string, string> = new Map();
  private rows: Array<{ thumbUrl: string | null }> = [];
  private read = 0;
  private unlisten: (() => void) | null = null;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    this.unlisten = $galleryVersion.subscribe(() => void this.load());
  }

  hostDisconnected(): void {
    this.unlisten?.();
    this.unlisten = null;
    this.read++;
    this.release();
  }

  private release(): void {
    revokeThumbUrls(this.rows);
    this.rows = [];
    this.urls = new Map();
  }

  private async load(): Promise<void> {
    const read = ++this.read;
    try {
      const people = await (await getDb()).listPeople();
      if (read !== this.read) return;
      this.release();
      this.rows = withThumbUrls(people);
      this.urls = new Map(people.flatMap((p, i) => (this.rows[i]?.thumbUrl ? [[p.id, this.rows[i].thumbUrl] as const] : [])));
      this.host.requestUpdate();
    } catch (err) {
      // No thumbnails: the cards show the camera's crop instead.
      console.warn('The people\'s thumbnails could not be read.', err);
    }
  }
}
