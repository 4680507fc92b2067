import { defineStrings } from '../define-strings';

/** Strings of the shared UI parts (dialogs, the file drop zone, the first-run guide). */
export const uiStrings = defineStrings({
  en: {
    'ui.confirm.title': 'Are you sure?',
    'ui.firstRun.title': 'Welcome to Visage',
    'ui.firstRun.intro': 'Three steps to your first recognized face. Nothing leaves this device.',
    'ui.firstRun.camera': 'Allow the camera',
    'ui.firstRun.camera.hint': 'Open the Live view; the browser asks once for the camera.',
    'ui.firstRun.enroll': 'Enrol a person',
    'ui.firstRun.enroll.hint': 'Add someone from a few photos or with the camera, with their consent.',
    'ui.firstRun.live': 'Go live',
    'ui.firstRun.live.hint': 'Back in the Live view, the camera names the people you enrolled.',
    'ui.firstRun.close': 'Got it',
    'ui.drop.hint': 'Drag files here, or',
    'ui.drop.choose': 'Choose files',
  },
  'zh-Hans': {
    'ui.confirm.title': '确定要这样做吗？',
    'ui.firstRun.title': '欢迎使用 Visage',
    'ui.firstRun.intro': '三步即可认出第一张人脸。任何数据都不会离开本设备。',
    'ui.firstRun.camera': '允许使用摄像头',
    'ui.firstRun.camera.hint': '打开实时画面；浏览器会询问一次摄像头权限。',
    'ui.firstRun.enroll': '录入一个人',
    'ui.firstRun.enroll.hint': '经本人同意，用几张照片或摄像头添加一个人。',
    'ui.firstRun.live': '开始识别',
    'ui.firstRun.live.hint': '回到实时画面，摄像头就会叫出已录入的人的名字。',
    'ui.firstRun.close': '知道了',
    'ui.drop.hint': '把文件拖到这里，或',
    'ui.drop.choose': '选择文件',
  },
});

declare module '../i18n' {
  interface StringTables {
    ui: typeof uiStrings;
  }
}
