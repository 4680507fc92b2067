import { defineStrings } from '../../app/i18n';

/** Strings of camera enrolment (<visage-capture-enroll>). */
export const captureStrings = defineStrings({
  en: {
    'capture.title': 'Enroll from the camera',
    'capture.intro': 'Look at the camera, alone, close and in good light. Samples are taken while every check passes.',
    'capture.start': 'Start camera',
    'capture.stop': 'Stop camera',
    'capture.again': 'Start again',
    'capture.video': 'Camera picture for enrolment',
    'capture.starting': 'Starting the camera…',
    'capture.check.no-face': 'No face found: look at the camera.',
    'capture.check.several-faces': 'Several faces in view: only one person, please.',
    'capture.check.too-small': 'Too far away: come closer to the camera.',
    'capture.check.off-centre': 'Move to the middle of the picture.',
    'capture.check.blurry': 'The picture is blurry: hold still.',
    'capture.check.too-dark': 'Too dark: add some light.',
    'capture.check.too-bright': 'Too bright: avoid strong light on the face.',
    'capture.check.ok': 'Good, hold still…',
    'capture.check.done': 'All samples taken. Enter a name and save.',
    'capture.progress': '{n} / {total} samples',
    'capture.sample': 'Sample {n}',
    'capture.name': 'Name of the person on camera',
    'capture.save': 'Save',
    'capture.saved': { other: '{name} was enrolled with {n} samples.' },
    'capture.nameEmpty': 'Enter a name.',
    'capture.error': 'The person could not be saved: {error}',
    'capture.error.frame': 'Problem while reading the camera: {error}',
  },
  'zh-Hans': {
    'capture.title': '通过摄像头录入',
    'capture.intro': '请单独面对摄像头，靠近一些，并保持光线充足。所有检查通过时会自动采集样本。',
    'capture.start': '启动摄像头',
    'capture.stop': '停止摄像头',
    'capture.again': '重新开始',
    'capture.video': '用于录入的摄像头画面',
    'capture.starting': '正在启动摄像头…',
    'capture.check.no-face': '未检测到人脸：请看向摄像头。',
    'capture.check.several-faces': '画面中有多张人脸：请只保留一个人。',
    'capture.check.too-small': '距离太远：请靠近摄像头。',
    'capture.check.off-centre': '请移到画面中央。',
    'capture.check.blurry': '画面模糊：请保持不动。',
    'capture.check.too-dark': '光线太暗：请增加照明。',
    'capture.check.too-bright': '光线太亮：请避免强光直射面部。',
    'capture.check.ok': '很好，请保持不动…',
    'capture.check.done': '样本已全部采集。请输入姓名并保存。',
    'capture.progress': '{n} / {total} 个样本',
    'capture.sample': '样本 {n}',
    'capture.name': '镜头前此人的姓名',
    'capture.save': '保存',
    'capture.saved': { other: '已录入 {name}，共 {n} 个样本。' },
    'capture.nameEmpty': '请输入姓名。',
    'capture.error': '无法保存此人：{error}',
    'capture.error.frame': '读取摄像头画面时出错：{error}',
  },
});

declare module '../../app/i18n' {
  interface StringTables {
    capture: typeof captureStrings;
  }
}
