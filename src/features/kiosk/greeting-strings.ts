import { defineStrings } from '../../app/i18n';

/** Strings of the kiosk's greeting, header and appearance settings. */
export const kioskGreetingStrings = defineStrings({
  en: {
    'kiosk.greet.morning': 'Good morning, {names}',
    'kiosk.greet.afternoon': 'Good afternoon, {names}',
    'kiosk.greet.evening': 'Good evening, {names}',
    'kiosk.greet.time': 'It is {time}',
    'kiosk.idle': 'Look at the camera',
    'kiosk.idle.hint': 'Stand in front of the screen for a moment.',
    'kiosk.checking': 'Checking…',
    'kiosk.unknown': 'Not recognized — please see the desk',
    'kiosk.logo': 'Logo',
    'kiosk.appearance': 'Kiosk appearance',
    'kiosk.siteName': 'Site name',
    'kiosk.siteName.hint': 'Shown at the top of the kiosk.',
    'kiosk.logoFile': 'Logo image',
    'kiosk.logo.hint': 'PNG, JPEG, WebP or GIF, up to {size}; stored shrunk to {side} px.',
    'kiosk.logo.remove': 'Remove the logo',
    'kiosk.logo.saved': 'The logo was saved.',
    'kiosk.logo.type': '"{file}" is not a PNG, JPEG, WebP or GIF image. Nothing was changed.',
    'kiosk.logo.size': '"{file}" is larger than {size}. Nothing was changed.',
    'kiosk.logo.unreadable': '"{file}" could not be read as an image. Nothing was changed.',
    'kiosk.spoken': 'Spoken greeting',
    'kiosk.spoken.hint': 'Says the greeting aloud for a recognized person (never for an unknown face).',
    'kiosk.appearance.error': 'The kiosk settings could not be saved: {error}',
  },
  'zh-Hans': {
    'kiosk.greet.morning': '早上好，{names}',
    'kiosk.greet.afternoon': '下午好，{names}',
    'kiosk.greet.evening': '晚上好，{names}',
    'kiosk.greet.time': '现在是 {time}',
    'kiosk.idle': '请看向摄像头',
    'kiosk.idle.hint': '请在屏幕前稍站片刻。',
    'kiosk.checking': '正在核验…',
    'kiosk.unknown': '未能识别 — 请到前台咨询',
    'kiosk.logo': '标志',
    'kiosk.appearance': '自助终端外观',
    'kiosk.siteName': '场所名称',
    'kiosk.siteName.hint': '显示在自助终端顶部。',
    'kiosk.logoFile': '标志图片',
    'kiosk.logo.hint': 'PNG、JPEG、WebP 或 GIF，最大 {size}；保存时缩小到 {side} 像素。',
    'kiosk.logo.remove': '移除标志',
    'kiosk.logo.saved': '标志已保存。',
    'kiosk.logo.type': '“{file}”不是 PNG、JPEG、WebP 或 GIF 图片。未做任何更改。',
    'kiosk.logo.size': '“{file}”大于 {size}。未做任何更改。',
    'kiosk.logo.unreadable': '无法将“{file}”读取为图片。未做任何更改。',
    'kiosk.spoken': '语音问候',
    'kiosk.spoken.hint': '识别出某人时朗读问候语（绝不对未知人脸朗读）。',
    'kiosk.appearance.error': '无法保存自助终端设置：{error}',
  },
});

declare module '../../app/i18n' {
  interface StringTables {
    kioskGreeting: typeof kioskGreetingStrings;
  }
}
