import { expect, test, type Locator, type Page } from './fixtures';
import { enrollPerson, leaveKiosk, photo, setCheckbox, typeNewPin } from './app';
import { makeFakeCameraFile, withCamera } from './camera';
import { LIVENESS, attack, readSequence, seedFor, sequenceCamera, storedLog, watchForLeaks, type Sequence } from './liveness';
import type { Move } from '../src/ml/liveness';
import { DATASETS, HAVE_DATASETS, NO_DATASETS } from './paths';

/**
 * The liveness check through the UI, real models, the fake camera playing real head turns
 * (../shared/datasets/liveness/man-webcam) and attacks generated from them at test time
 * (scripts/liveness-attacks.ts): kiosk mode (where it is on by default) and camera enrolment.
 * The challenge's moves are fixed with the app's test-only `?liveness-seed=` (honoured only
 * under automation, README "Liveness").
 */

const PIN = '482916';
/** The challenges asked (three moves, as the app asks): man-webcam's loop answers the first. */
const RLR: Move[] = ['right', 'left', 'right'];

test.describe('liveness check', () => {
  test.skip(!HAVE_DATASETS, NO_DATASETS);
  test.describe.configure({ timeout: 180_000 });

  const man = () => readSequence(`${LIVENESS}/man-webcam`);
  const woman = () => readSequence(`${LIVENESS}/woman-wall`);
  /** woman-wall begins turned to her right: her first frontal frame (the one eval:liveness holds). */
  const WOMAN_FRONTAL = 9;
  /**
   * He turns right then left; the file loops, so his next right turn answers a third move: the
   * holds are short enough for it to come within the move's 5 s.
   */
  const LOOP = { holdBeforeMs: 1500, holdAfterMs: 500 };

  /**
   * A new browser whose camera plays `camera`: `enrolled` (man-webcam's man by default, or
   * woman-wall's woman) is enrolled from a frontal frame of the clip, kiosk mode starts with a
   * challenge of `moves`; `fn` gets the kiosk's liveness prompt.
   */
  async function inKiosk<T>(baseURL: string, camera: string, moves: Move[], fn: (page: Page, prompt: Locator) => Promise<T>, enrolled: 'man' | 'woman' = 'man'): Promise<T> {
    return withCamera(camera, baseURL, async (page) => {
      await page.goto(`/index.html?liveness-seed=${seedFor(moves)}#enroll`);
      await enrollPerson(page, enrolled, [enrolled === 'man' ? man().frames[0]! : woman().frames[WOMAN_FRONTAL]!]);
      await page.getByRole('link', { name: 'Settings', exact: true }).click();
      await page.locator('visage-kiosk-panel').getByRole('button', { name: 'Start kiosk mode' }).click();
      await typeNewPin(page, PIN);
      return fn(page, page.locator('visage-kiosk-view visage-liveness-prompt'));
    });
  }

  /** The first outcome of the check: 'passed', or the failure's reason. */
  async function outcome(prompt: Locator): Promise<string> {
    const box = prompt.locator('[data-phase="passed"], [data-phase="failed"]');
    await box.first().waitFor({ timeout: 90_000 });
    return (await box.first().getAttribute('data-phase')) === 'passed' ? 'passed' : `${await box.first().getAttribute('data-reason')}`;
  }

  /** The first outcome of the kiosk's check on a camera playing `seq` (held straight first). */
  async function kioskOutcome(baseURL: string, seq: Sequence, moves: Move[], o: Parameters<typeof sequenceCamera>[1] = {}, enrolled?: 'man' | 'woman'): Promise<string> {
    return inKiosk(baseURL, await sequenceCamera(seq, o), moves, (_page, prompt) => outcome(prompt), enrolled);
  }

  test('a real person passes in kiosk mode, unnamed until then: arrows as in the mirrored preview, then his name, and the log marks it', async ({ baseURL }) => {
    const camera = await sequenceCamera(man(), LOOP);
    await inKiosk(baseURL!, camera, RLR, async (page, prompt) => {
      const kiosk = page.locator('visage-kiosk-view');
      const recognized = kiosk.getByTestId('recognized');
      // Before the pass: "Checking…", no name or similarity anywhere (the name "man" as a word), in
      // every frame until the pass; and every step of the challenge as it was shown.
      const watched = await watchForLeaks(page, /\bman\b|\d\s?%/i, /liveness passed/);
      expect(await kiosk.locator('visage-live-view video').evaluate((v) => getComputedStyle(v).transform)).toBe('matrix(-1, 0, 0, 1, 0, 0)');
      await expect(prompt.locator('[data-phase="passed"]')).toContainText('man: liveness passed', { timeout: 90_000 });
      const before = await watched();
      expect(before.leaks).toEqual([]);
      expect(before.checking).toBeGreaterThan(10);
      // The person's right is the mirrored preview's right: each move with its arrow, in order.
      expect(before.steps).toEqual([
        { move: 'right', arrow: 'screen-right', text: 'Liveness check Turn your head to your right Move 1 of 3' },
        { move: 'left', arrow: 'screen-left', text: 'Liveness check Turn your head to your left Move 2 of 3' },
        { move: 'right', arrow: 'screen-right', text: 'Liveness check Turn your head to your right Move 3 of 3' },
      ]);
      // Then named, as without the check.
      await expect(recognized.locator('li')).toHaveText([/^man \d{1,3}%$/]);
      await expect(kiosk.locator('visage-live-overlay text')).toHaveText(/^man \d{1,3}%$/);
      expect((await storedLog(page)).filter((e) => e.name === 'man')).toEqual([expect.objectContaining({ personId: expect.any(String), liveness: 'passed', thumbnail: true })]);

      await leaveKiosk(page, PIN);
      await page.getByRole('link', { name: 'Log', exact: true }).click();
      const rows = page.locator('visage-log-view tr[data-entry]');
      const passed = rows.filter({ has: page.locator('[data-check="passed"]') });
      await expect(passed).toHaveCount(1);
      await expect(passed).toContainText('man');
      await expect(passed).toContainText('Liveness passed');
      await expect(passed.locator('img')).toHaveCount(1);
      // Known faces are logged by the check alone: no unmarked entry for him.
      await expect(rows.filter({ hasText: 'man' })).toHaveCount(1);
    });
  });

  test('a close-up (his face over half the frame, cut at the top) and a far face (15% of the frame) made from the real clip pass too', async ({ baseURL }) => {
    // man-webcam (400×300): his face is about 100 px wide, centred near (205, 165).
    const close = { x: -377, y: -311, width: 1360, height: 1020 }; // ×3.4: 340 of 640 px
    const far = { x: 128, y: 96, width: 384, height: 288 }; // ×0.96: 96 of 640 px
    expect(await kioskOutcome(baseURL!, man(), RLR, { ...LOOP, place: close })).toBe('passed');
    expect(await kioskOutcome(baseURL!, man(), RLR, { ...LOOP, place: far })).toBe('passed');
  });

  test('camera enrolment checks liveness first, then takes samples of that face; the log marks the enrolment', async ({ baseURL }) => {
    const camera = await sequenceCamera(man(), LOOP);
    await withCamera(camera, baseURL!, async (page) => {
      await page.goto(`/index.html?liveness-seed=${seedFor(RLR)}#enroll`);
      const capture = page.locator('visage-capture-enroll');
      await capture.getByRole('button', { name: 'Start camera' }).click();
      const prompt = capture.locator('visage-liveness-prompt');
      // No sample before the check passes; the preview is mirrored, and so are the arrows.
      await expect(prompt.locator('[data-phase="challenge"][data-move="right"]')).toHaveAttribute('data-arrow', 'screen-right', { timeout: 60_000 });
      await expect(capture.getByTestId('capture-progress')).toHaveText('0 / 5 samples');
      await expect(prompt.locator('[data-phase="passed"]')).toContainText('Liveness passed', { timeout: 30_000 });
      await expect(capture.getByTestId('capture-progress')).toHaveText('5 / 5 samples', { timeout: 60_000 });
      await capture.getByRole('textbox', { name: 'Name' }).fill('man');
      await capture.getByRole('button', { name: 'Save' }).click();
      await expect(capture.locator('[data-message]')).toContainText('man');
      await page.getByRole('link', { name: 'Log', exact: true }).click();
      const row = page.locator('visage-log-view tr[data-entry]');
      await expect(row).toHaveCount(1);
      await expect(row.locator('[data-check="enrolled passed"]')).toHaveText('Enrolled · Liveness passed');
      await expect(row.locator('img')).toHaveCount(1);
    });
  });

  test('in the live view when asked (Settings): a still photo is asked to move, never named, refused, and the log says why', async ({ baseURL }) => {
    const camera = await makeFakeCameraFile(photo('obama.jpg'), { width: 720, height: 1280 });
    await withCamera(camera, baseURL!, async (page) => {
      await page.goto('/index.html#enroll');
      await enrollPerson(page, 'obama', ['knn/train/obama/obama.jpg']);
      await page.getByRole('link', { name: 'Settings', exact: true }).click();
      await setCheckbox(page, 'Check liveness in the live view', true);
      await page.getByRole('link', { name: 'Live', exact: true }).click();
      const live = page.locator('visage-live-view');
      const prompt = live.locator('visage-liveness-prompt');
      const leaks = await watchForLeaks(page, /obama|\d\s?%/i);
      await expect(prompt.locator('[data-phase="challenge"]')).toContainText('Liveness check', { timeout: 60_000 });
      expect(await live.locator('video').evaluate((v) => getComputedStyle(v).transform)).toBe('matrix(-1, 0, 0, 1, 0, 0)');
      // A photo does not turn: the move's 5 s run out.
      const failed = prompt.locator('[data-phase="failed"]');
      await expect(failed).toHaveAttribute('data-reason', 'turn-further', { timeout: 30_000 });
      await expect(failed).toContainText('Turn further');
      await expect(live.getByTestId('recognized').locator('li')).toHaveText(['Checking…']);
      // Never named: not in the prompt, the box, the list, nor in the log (an unknown face).
      const seen = await leaks();
      expect(seen.leaks).toEqual([]);
      expect(seen.checking).toBeGreaterThan(0);
      await page.getByRole('link', { name: 'Log', exact: true }).click();
      const row = page.locator('visage-log-view tr[data-entry]').filter({ has: page.locator('[data-check="failed"]') });
      await expect(row.locator('[data-check="failed"]')).toHaveText('Liveness failed: Turn further: the move was too small or too late');
      await expect(row).toContainText('Unknown');
      await expect(row).not.toContainText('obama');
    });
  });

  test('a flat print turned and a replay in the wrong order are refused, each with its reason; bent prints are counted', async ({ baseURL }) => {
    const flat = await kioskOutcome(baseURL!, attack('flat-man-webcam'), RLR);
    expect(['flat', 'turn-further']).toContain(flat);
    // A real recording played against the other order: from her frontal frame (held first),
    // woman-wall turns to her left (about 35°), then to her right; the challenge asks right first.
    // That hold is her only straight and still pose, so the check begins there, and her left turn
    // is twice the 15° that counts as the wrong way, over several frames. (man-webcam, used here
    // before, passes 15° to his right in one frame only: a check that dropped that frame under
    // load let his loop answer left, right, left; CI of stop 23.)
    expect(await kioskOutcome(baseURL!, woman(), RLR, { from: WOMAN_FRONTAL, holdAfterMs: 0 }, 'woman')).toBe('wrong-way');

    const bent: Record<string, string> = {};
    for (const r of [110, 160, 260]) bent[`r${r}`] = await kioskOutcome(baseURL!, attack(`bent-man-webcam-r${r}`), RLR);
    const refused = Object.values(bent).filter((o) => o !== 'passed').length;
    console.log(`[liveness] flat print: ${flat}; bent prints turned ±35°: ${refused} of 3 refused ${JSON.stringify(bent)}`);
    test.info().annotations.push({ type: 'bent prints refused', description: `${refused} of 3 ${JSON.stringify(bent)}` });
    // Measured on this build: all three refused at ±35° (README, "Liveness").
    expect(refused).toBe(3);
  });

  test('a face swapped mid-challenge is refused; a second face and a lost face give their reasons', async ({ baseURL }) => {
    expect(await kioskOutcome(baseURL!, attack('swap-man-to-woman'), RLR)).toBe('face-changed');
    const second = { from: 4, photo: `${DATASETS}/photos/lin-manuel-miranda.png`, to: { x: 440, y: 250, width: 200, height: 174 } };
    expect(await kioskOutcome(baseURL!, man(), RLR, { overlay: second })).toBe('several-faces');
    expect(await kioskOutcome(baseURL!, man(), RLR, { until: 12, holdAfterMs: 0, blankAfterMs: 2500 })).toBe('face-lost');
  });
});
