/**
 * The live camera (no Lit, TFJS or MediaPipe): list the cameras, open one into a playing <video>, and turn
 * every way getUserMedia (or the track later) can fail into a `CameraError` with a stable code.
 * The messages are plain English for developers (logs, tests); the UI words the error by its `code`
 * (src/app/describe-error.ts) and never shows the message.
 *
 * Works in a window only (getUserMedia and the <video> need the DOM), hence src/app, not src/ml.
 */

export type CameraErrorCode =
  /** The user or the browser refused access (NotAllowedError, SecurityError). */
  | 'denied'
  /** No camera, or none matching the request (NotFoundError, OverconstrainedError). */
  | 'no-camera'
  /** The camera exists but could not be started: in use elsewhere, hardware error, or no picture (NotReadableError, AbortError, anything unknown). */
  | 'busy'
  /** This browser or page cannot use cameras (no navigator.mediaDevices: old browser or a page not served over HTTPS). */
  | 'unsupported'
  /** The camera stopped on its own: unplugged, switched off, or access revoked. */
  | 'ended';

/** Developer-facing messages (the UI's words are describeError's). */
const MESSAGES: Record<CameraErrorCode, string> = {
  denied: 'Camera access was denied. Allow the camera for this site in the browser settings and try again.',
  'no-camera': 'No camera was found (or none matches the requested one). Connect a camera and try again.',
  busy: 'The camera could not be started. It may be in use by another application; close it and try again.',
  unsupported: 'This browser cannot use a camera here. Cameras need a secure page (HTTPS or localhost) and a recent browser.',
  ended: 'The camera stopped: it was disconnected, switched off or its permission was revoked.',
};

export class CameraError extends Error {
  override readonly name = 'CameraError';
  readonly code: CameraErrorCode;
  /** The DOMException name behind it (NotAllowedError…), when there was one. */
  readonly causeName: string | undefined;

  constructor(code: CameraErrorCode, message = MESSAGES[code], cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.code = code;
    this.causeName = errorName(cause);
  }
}

function errorName(err: unknown): string | undefined {
  if (err && typeof err === 'object' && 'name' in err && typeof (err as { name: unknown }).name === 'string') {
    return (err as { name: string }).name;
  }
  return undefined;
}

/** Maps what getUserMedia (or play()) threw to a `CameraError`; a `CameraError` is returned as is. */
export function toCameraError(err: unknown): CameraError {
  if (err instanceof CameraError) return err;
  const name = errorName(err);
  const detail = err instanceof Error && err.message ? ` (${name}: ${err.message})` : name ? ` (${name})` : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
    case 'PermissionDeniedError': // pre-standard Chrome
      return new CameraError('denied', MESSAGES.denied + detail, err);
    case 'NotFoundError':
    case 'DevicesNotFoundError': // pre-standard Chrome
    case 'OverconstrainedError':
    case 'ConstraintNotSatisfiedError': // pre-standard Chrome
      return new CameraError('no-camera', MESSAGES['no-camera'] + detail, err);
    case 'NotReadableError':
    case 'TrackStartError': // pre-standard Chrome
    case 'AbortError':
      return new CameraError('busy', MESSAGES.busy + detail, err);
    default:
      return new CameraError('busy', `The camera could not be started${detail || `: ${String(err)}`}.`, err);
  }
}

function mediaDevices(): MediaDevices {
  const md = typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
  if (!md || typeof md.getUserMedia !== 'function') throw new CameraError('unsupported');
  return md;
}

export interface CameraInfo {
  deviceId: string;
  groupId: string;
  /** Empty until the page has been granted camera access once (browser privacy rule). */
  label: string;
}

/** The video inputs. Before any permission is granted, browsers may list one with empty id and label. */
export async function listCameras(): Promise<CameraInfo[]> {
  const devices = await mediaDevices().enumerateDevices();
  return devices
    .filter((d) => d.kind === 'videoinput')
    .map((d) => ({ deviceId: d.deviceId, groupId: d.groupId, label: d.label }));
}

export interface OpenCameraOptions {
  /** A device from `listCameras()`; required exactly (a missing one fails with 'no-camera'). */
  deviceId?: string;
  /** Preferred camera when no deviceId is given: front ('user') or back ('environment'). */
  facingMode?: 'user' | 'environment';
  /** Preferred frame size (ideal, not required; the camera's nearest mode is used). */
  width?: number;
  height?: number;
  frameRate?: number;
  /** Called once if the camera stops on its own (unplugged, revoked); not called after `stop()`. */
  onEnded?: (error: CameraError) => void;
  /** Use this <video> instead of creating a detached one. */
  video?: HTMLVideoElement;
  /** How long to wait for the first frame once the stream is granted (default 10 s). */
  firstFrameTimeoutMs?: number;
  /** Aborting stops the camera (before or after it has opened). */
  signal?: AbortSignal;
}

export interface OpenCamera {
  stream: MediaStream;
  /** Playing, muted, with at least one frame (`videoWidth > 0`). */
  video: HTMLVideoElement;
  track: MediaStreamTrack;
  /** What the camera actually delivers (width, height, frameRate, deviceId, facingMode…). */
  settings: MediaTrackSettings;
  /** Stops the tracks and detaches the stream; idempotent. */
  stop(): void;
}

/** Builds the getUserMedia video constraints for the options (exported for tests). */
export function cameraConstraints(o: OpenCameraOptions = {}): MediaTrackConstraints {
  const c: MediaTrackConstraints = {};
  if (o.deviceId) c.deviceId = { exact: o.deviceId };
  else if (o.facingMode) c.facingMode = { ideal: o.facingMode };
  if (o.width) c.width = { ideal: o.width };
  if (o.height) c.height = { ideal: o.height };
  if (o.frameRate) c.frameRate = { ideal: o.frameRate };
  return c;
}

/**
 * Opens a camera and resolves once its <video> is playing with a frame. Rejects with a
 * `CameraError` ('unsupported', 'denied', 'no-camera', 'busy', or 'ended' if the track ends
 * before the first frame); the stream is stopped on every failure.
 */
export async function openCamera(options: OpenCameraOptions = {}): Promise<OpenCamera> {
  const md = mediaDevices();
  if (options.signal?.aborted) throw new CameraError('busy', 'Opening the camera was cancelled.', options.signal.reason);

  let stream: MediaStream;
  try {
    stream = await md.getUserMedia({ video: cameraConstraints(options), audio: false });
  } catch (err) {
    throw toCameraError(err);
  }

  const track = stream.getVideoTracks()[0];
  if (!track) {
    stream.getTracks().forEach((t) => t.stop());
    throw new CameraError('no-camera', 'The browser returned a stream without video.');
  }

  const video = options.video ?? document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.autoplay = true;
  video.setAttribute('playsinline', '');

  let stopped = false;
  const onTrackEnded = () => {
    if (stopped) return;
    stop();
    options.onEnded?.(new CameraError('ended'));
  };
  const onAbort = () => stop();
  function stop() {
    if (stopped) return;
    stopped = true;
    track!.removeEventListener('ended', onTrackEnded);
    options.signal?.removeEventListener('abort', onAbort);
    stream.getTracks().forEach((t) => t.stop());
    if (video.srcObject === stream) video.srcObject = null;
  }
  track.addEventListener('ended', onTrackEnded);
  options.signal?.addEventListener('abort', onAbort, { once: true });

  try {
    video.srcObject = stream;
    await firstFrame(video, track, options.firstFrameTimeoutMs ?? 10_000, options.signal);
  } catch (err) {
    stop();
    throw toCameraError(err);
  }
  return { stream, video, track, settings: track.getSettings(), stop };
}

/** Plays the video and waits until it has a frame (`readyState >= HAVE_CURRENT_DATA`, `videoWidth > 0`). */
function firstFrame(video: HTMLVideoElement, track: MediaStreamTrack, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const events = ['loadeddata', 'loadedmetadata', 'resize', 'playing', 'timeupdate'] as const;
    const ready = () => video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA && video.videoWidth > 0;
    const done = (err?: unknown) => {
      clearTimeout(timer);
      for (const e of events) video.removeEventListener(e, check);
      track.removeEventListener('ended', ended);
      signal?.removeEventListener('abort', aborted);
      if (err === undefined) resolve();
      else reject(err);
    };
    const check = () => {
      if (ready()) done();
    };
    const ended = () => done(new CameraError('ended', 'The camera stopped before sending a picture.'));
    const aborted = () => done(new CameraError('busy', 'Opening the camera was cancelled.', signal?.reason));
    const timer = setTimeout(
      () => done(new CameraError('busy', `The camera opened but sent no picture within ${Math.round(timeoutMs / 1000)} s. It may be in use by another application.`)),
      timeoutMs,
    );
    for (const e of events) video.addEventListener(e, check);
    track.addEventListener('ended', ended);
    signal?.addEventListener('abort', aborted, { once: true });
    if (track.readyState === 'ended') return ended();
    video.play().then(check, (err: unknown) => {
      // play() is interrupted (AbortError) when srcObject changes; anything else is fatal.
      if (errorName(err) !== 'AbortError') done(err);
    });
    check();
  });
}
