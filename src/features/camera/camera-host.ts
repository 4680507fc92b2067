import type { ReactiveControllerHost } from 'lit';

/** An element that shows a camera: the live view's and camera enrolment's controllers open it into its <video>. */
export interface CameraHost extends ReactiveControllerHost {
  /** The <video> the camera plays into (rendered by the host). */
  readonly video: HTMLVideoElement;
  readonly updateComplete: Promise<boolean>;
}
