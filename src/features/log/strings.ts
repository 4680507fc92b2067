import { defineStrings } from '../../app/i18n';

/** Strings of the log view. */
export const logStrings = defineStrings({
  en: {
    'log.title': 'Log',
    'log.person': 'Person',
    'log.everyone': 'Everyone',
    'log.unknownOnly': 'Unknown faces only',
    'log.from': 'From',
    'log.to': 'To',
    'log.export': 'Export CSV',
    'log.clear': 'Clear log',
    'log.confirmClear': 'Delete every log entry? This cannot be undone.',
    'log.empty': 'No entries.',
    'log.empty.action': 'Open the Live view',
    'log.empty.next': 'Each face the Live view names, or finds unknown, is written here with the time and its similarity.',
    'log.count': '{n} entries',
    'log.col.time': 'Time',
    'log.col.name': 'Name',
    'log.col.similarity': 'Similarity',
    'log.col.face': 'Face',
    'log.error': 'The log could not be loaded: {error}',
    'log.device': 'Device',
    'log.allDevices': 'All devices',
    'log.thisDevice': '{name} (this device)',
    'log.unknownDevice': 'Unknown device',
    'log.deviceId': 'Device {id}',
    'log.col.device': 'Device',
  },
  'zh-Hans': {
    'log.title': '记录',
    'log.person': '人员',
    'log.everyone': '所有人',
    'log.unknownOnly': '仅未知人脸',
    'log.from': '开始日期',
    'log.to': '结束日期',
    'log.export': '导出 CSV',
    'log.clear': '清空记录',
    'log.confirmClear': '删除全部记录？此操作无法撤销。',
    'log.empty': '没有记录。',
    'log.empty.action': '打开实时画面',
    'log.empty.next': '实时画面认出或判为未知的每张人脸都会记在这里，附带时间和相似度。',
    'log.count': '{n} 条记录',
    'log.col.time': '时间',
    'log.col.name': '姓名',
    'log.col.similarity': '相似度',
    'log.col.face': '人脸',
    'log.error': '无法加载记录：{error}',
    'log.device': '设备',
    'log.allDevices': '所有设备',
    'log.thisDevice': '{name}（本设备）',
    'log.unknownDevice': '未知设备',
    'log.deviceId': '设备 {id}',
    'log.col.device': '设备',
  },
});

declare module '../../app/i18n' {
  interface StringTables {
    log: typeof logStrings;
  }
}
