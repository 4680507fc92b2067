import { defineStrings } from '../../app/i18n';

/** Strings of the settings view's own parts (the others are in src/app/strings.ts). */
export const settingsStrings = defineStrings({
  en: {
    'settings.theme': 'Appearance',
    'settings.section.general': 'General',
    'settings.section.recognition': 'Recognition',
    'settings.section.log': 'Log',
    'settings.section.alerts': 'Unknown faces',
    'settings.theme.system': 'As the system',
    'settings.theme.light': 'Light',
    'settings.theme.dark': 'Dark',
    'settings.retention': 'Log retention',
    'settings.retention.known': 'Keep entries of known people for (days)',
    'settings.retention.unknown': 'Keep entries of unknown faces, with their pictures, for (days)',
    'settings.retention.hint': 'Older entries are deleted when Visage starts and once a day while it runs. 0: no time limit (only the entry limit above).',
  },
  'zh-Hans': {
    'settings.theme': '外观',
    'settings.section.general': '常规',
    'settings.section.recognition': '识别',
    'settings.section.log': '记录',
    'settings.section.alerts': '未知人脸',
    'settings.theme.system': '跟随系统',
    'settings.theme.light': '浅色',
    'settings.theme.dark': '深色',
    'settings.retention': '记录保留期限',
    'settings.retention.known': '已知人员的记录保留（天）',
    'settings.retention.unknown': '未知人脸的记录及其图片保留（天）',
    'settings.retention.hint': '更早的记录会在 Visage 启动时以及运行期间每天删除一次。0：不限时间（只受上面的条数上限约束）。',
  },
});

declare module '../../app/i18n' {
  interface StringTables {
    settingsRetention: typeof settingsStrings;
  }
}
