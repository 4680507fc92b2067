import { defineStrings } from '../../app/i18n';

/** Strings of kiosk mode: the kiosk view, its settings panel and the admin PIN dialog. */
export const kioskStrings = defineStrings({
  en: {
    'kiosk.title': 'Kiosk mode',
    'kiosk.intro': 'Kiosk mode shows only the camera and the names it recognizes, full screen. Enrolling, people, the log and settings stay locked until the admin PIN is entered.',
    'kiosk.start': 'Start kiosk mode',
    'kiosk.setPin': 'Set the admin PIN',
    'kiosk.changePin': 'Change the admin PIN',
    'kiosk.pinSet': 'The admin PIN is set.',
    'kiosk.pinChanged': 'The admin PIN was changed.',
    'kiosk.noPin': 'No admin PIN yet: it is asked for when kiosk mode starts.',
    'kiosk.admin': 'Admin',
    'kiosk.fullscreen': 'Full screen',
    'kiosk.error': 'Kiosk mode: {error}',
    'pin.title.enter': 'Admin PIN',
    'pin.title.set': 'Set an admin PIN',
    'pin.title.change': 'Change the admin PIN',
    'pin.hint.enter': 'Enter the admin PIN to leave kiosk mode.',
    'pin.hint.set': 'Choose {min} to {max} digits. The PIN is needed to leave kiosk mode; it cannot be recovered, only changed with the current one.',
    'pin.hint.change': 'Enter the current PIN, then the new one twice ({min} to {max} digits).',
    'pin.pin': 'PIN',
    'pin.current': 'Current PIN',
    'pin.new': 'New PIN',
    'pin.repeat': 'New PIN again',
    'pin.ok': 'OK',
    'pin.format': 'The PIN must be {min} to {max} digits.',
    'pin.mismatch': 'The two new PINs differ.',
    'pin.wrong': 'Wrong PIN.',
    'pin.locked': 'Too many wrong PINs: not checked.',
    'pin.wait': 'Try again in {s} s.',
  },
  'zh-Hans': {
    'kiosk.title': '自助终端模式',
    'kiosk.intro': '自助终端模式全屏只显示摄像头画面和识别出的姓名。录入、人员、记录和设置都被锁定，输入管理员 PIN 后才能使用。',
    'kiosk.start': '启动自助终端模式',
    'kiosk.setPin': '设置管理员 PIN',
    'kiosk.changePin': '更改管理员 PIN',
    'kiosk.pinSet': '管理员 PIN 已设置。',
    'kiosk.pinChanged': '管理员 PIN 已更改。',
    'kiosk.noPin': '尚未设置管理员 PIN：启动自助终端模式时会要求设置。',
    'kiosk.admin': '管理',
    'kiosk.fullscreen': '全屏',
    'kiosk.error': '自助终端模式：{error}',
    'pin.title.enter': '管理员 PIN',
    'pin.title.set': '设置管理员 PIN',
    'pin.title.change': '更改管理员 PIN',
    'pin.hint.enter': '输入管理员 PIN 以退出自助终端模式。',
    'pin.hint.set': '请设置 {min} 到 {max} 位数字。退出自助终端模式需要此 PIN；它无法找回，只能凭当前 PIN 更改。',
    'pin.hint.change': '先输入当前 PIN，再输入两次新 PIN（{min} 到 {max} 位数字）。',
    'pin.pin': 'PIN',
    'pin.current': '当前 PIN',
    'pin.new': '新 PIN',
    'pin.repeat': '再次输入新 PIN',
    'pin.ok': '确定',
    'pin.format': 'PIN 必须是 {min} 到 {max} 位数字。',
    'pin.mismatch': '两次输入的新 PIN 不一致。',
    'pin.wrong': 'PIN 错误。',
    'pin.locked': '错误次数过多：本次未校验。',
    'pin.wait': '请在 {s} 秒后重试。',
  },
});

declare module '../../app/i18n' {
  interface StringTables {
    kiosk: typeof kioskStrings;
  }
}
