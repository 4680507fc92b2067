import { defineStrings } from '../../app/i18n';

/** Strings of the installed app: updates and storage. */
export const pwaStrings = defineStrings({
  en: {
    'update.available': 'Update available.',
    'update.reload': 'Reload',
    'update.busy': 'Finish or cancel the enrolment first; the update waits for it.',
    'update.later': 'Later',
    'storage.title': 'Storage on this device',
    'storage.used': '{used} used of about {quota} the browser allows.',
    'storage.usedOnly': '{used} used.',
    'storage.unknown': 'This browser does not report how much storage is used.',
    'storage.persisted': 'Persistent: the browser will not delete the people and the log to free space.',
    'storage.notPersisted': 'Not persistent: when the device runs low on space the browser may delete the people and the log. Installing the app usually allows it.',
    'storage.unsupported': 'This browser cannot keep storage persistent; make backups.',
    'storage.ask': 'Keep data persistent',
    'storage.denied': 'The browser declined. It may allow it once the app is installed or used more often.',
  },
  'zh-Hans': {
    'update.available': '有可用更新。',
    'update.reload': '重新加载',
    'update.busy': '请先完成或取消录入，更新会等到录入结束。',
    'update.later': '稍后',
    'storage.title': '本设备上的存储',
    'storage.used': '已用 {used}，浏览器允许约 {quota}。',
    'storage.usedOnly': '已用 {used}。',
    'storage.unknown': '此浏览器不报告已用的存储空间。',
    'storage.persisted': '持久存储：浏览器不会为腾出空间而删除人员和记录。',
    'storage.notPersisted': '非持久存储：设备空间不足时，浏览器可能删除人员和记录。安装本应用后通常可以开启持久存储。',
    'storage.unsupported': '此浏览器无法开启持久存储，请定期备份。',
    'storage.ask': '开启持久存储',
    'storage.denied': '浏览器拒绝了。安装本应用或更常使用后可能会允许。',
  },
});

declare module '../../app/i18n' {
  interface StringTables {
    pwa: typeof pwaStrings;
  }
}
