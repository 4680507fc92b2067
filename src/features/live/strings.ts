import { defineStrings } from '../../app/i18n';

/** Strings of the live camera view. */
export const liveStrings = defineStrings({
  en: {
    'live.title': 'Live camera',
    'live.video': 'Camera picture with the faces found',
    'live.camera': 'Camera',
    'live.cameraN': 'Camera {n}',
    'live.mode': 'Mode',
    'live.starting': 'Starting the camera…',
    'live.recognized': 'Faces recognized now',
    'live.none': 'No face in view.',
    'live.checking': 'Checking…',
    'live.faces': '{n} faces in view',
    'live.unknownAlert': 'An unknown face is in view.',
    'live.dismiss': 'Dismiss',
    'live.error.recognition': 'Recognition problem: {error}',
    'live.mainThread': 'Recognition runs on the main thread: {reason}',
    'live.status': 'Status',
    'live.chip.gpu': 'GPU ({backend})',
    'live.chip.cpu': 'CPU ({backend})',
    'live.chip.fps': '{fps} fps',
    'live.chip.loading': 'Models loading',
    'live.chip.ready': 'Models ready',
    'live.chip.failed': 'Models failed',
  },
  'zh-Hans': {
    'live.title': '实时摄像头',
    'live.video': '摄像头画面及检测到的人脸',
    'live.camera': '摄像头',
    'live.cameraN': '摄像头 {n}',
    'live.mode': '模式',
    'live.starting': '正在启动摄像头…',
    'live.recognized': '当前识别到的人脸',
    'live.none': '画面中没有人脸。',
    'live.checking': '正在核验…',
    'live.faces': '画面中有 {n} 张人脸',
    'live.unknownAlert': '画面中出现了未知人脸。',
    'live.dismiss': '关闭',
    'live.error.recognition': '识别出现问题：{error}',
    'live.mainThread': '识别在主线程上运行：{reason}',
    'live.status': '状态',
    'live.chip.gpu': 'GPU（{backend}）',
    'live.chip.cpu': 'CPU（{backend}）',
    'live.chip.fps': '{fps} 帧/秒',
    'live.chip.loading': '模型加载中',
    'live.chip.ready': '模型已就绪',
    'live.chip.failed': '模型加载失败',
  },
});

declare module '../../app/i18n' {
  interface StringTables {
    live: typeof liveStrings;
  }
}
