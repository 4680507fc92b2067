/** Group scenes (scripts/lib/group-scenes.ts) for the browser tests: lfw-dev people on the fake camera. */
import { resolve } from 'node:path';
import { groupCamera as makeGroupCamera, groupPeople as drawPeople, type GroupPerson, type Layout } from '../scripts/lib/group-scenes';
import { CAMERA_CACHE } from './camera';
import { DATASETS } from './paths';

export type { GroupPerson, Layout } from '../scripts/lib/group-scenes';
export { centreIn } from '../scripts/lib/group-scenes';

const LFW = resolve(DATASETS, 'lfw-dev');

export const groupPeople = (enrolled: number, strangers: number, seed: number) => drawPeople(LFW, enrolled, strangers, seed);
export const groupCamera = (people: GroupPerson[], layout: Layout) => makeGroupCamera(LFW, people, layout, CAMERA_CACHE);
