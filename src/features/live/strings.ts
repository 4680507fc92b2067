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
    'live.faces': '{n} faces in view',
    'live.fps': '{fps} frames per second',
    'live.unknownAlert': 'An unknown face is in view.',
    'live.dismiss': 'Dismiss',
    'live.error.denied': 'Camera access was denied. Allow the camera for this site in the browser settings, then try again.',
    'live.error.no-camera': 'No camera was found. Connect a camera, then try again.',
    'live.error.busy': 'The camera could not be started. It may be in use by another application; close it, then try again.',
    'live.error.unsupported': 'This browser cannot use a camera here (a secure HTTPS page and a recent browser are needed).',
    'live.error.ended': 'The camera stopped: it was unplugged, switched off or its permission was revoked.',
    'live.error.recognition': 'Recognition problem: {error}',
    'live.mainThread': 'Recognition runs on the main thread: {reason}',
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
    'live.faces': '画面中有 {n} 张人脸',
    'live.fps': '每秒 {fps} 帧',
    'live.unknownAlert': '画面中出现了未知人脸。',
    'live.dismiss': '关闭',
    'live.error.denied': '摄像头访问被拒绝。请在浏览器设置中允许本网站使用摄像头，然后重试。',
    'live.error.no-camera': '未找到摄像头。请连接摄像头后重试。',
    'live.error.busy': '无法启动摄像头，可能正被其他应用占用。请关闭该应用后重试。',
    'live.error.unsupported': '此浏览器无法在此使用摄像头（需要安全的 HTTPS 页面和较新的浏览器）。',
    'live.error.ended': '摄像头已停止：可能被拔出、关闭，或权限已被撤销。',
    'live.error.recognition': '识别出现问题：{error}',
    'live.mainThread': '识别在主线程上运行：{reason}',
  },
});

declare module '../../app/i18n' {
  interface StringTables {
    live: typeof liveStrings;
  }
}
