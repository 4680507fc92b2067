import { defineStrings } from '../../app/i18n';

/** Strings of the people view. */
export const peopleStrings = defineStrings({
  en: {
    'people.title': 'People',
    'people.search': 'Search by name',
    'people.empty': 'Nobody is enrolled yet.',
    'people.noMatch': 'Nobody matches "{query}".',
    'people.samples': { one: '1 sample', other: '{n} samples' },
    'people.addSamples': 'Add samples to {name}',
    'people.enrolled': 'Enrolled {date}',
    'people.rename': 'Rename {name}',
    'people.newName': 'New name for {name}',
    'people.delete': 'Delete {name}',
    'people.confirmDelete': 'Delete {name} and all their samples? This cannot be undone.',
    'people.nameEmpty': 'Enter a name.',
    'people.nameLong': 'The name is too long (at most {max} characters).',
    'people.error': 'The change failed: {error}',
    'people.loadError': 'The people could not be loaded: {error}',
  },
  'zh-Hans': {
    'people.title': '人员',
    'people.search': '按姓名搜索',
    'people.empty': '尚未录入任何人。',
    'people.noMatch': '没有与"{query}"匹配的人。',
    'people.samples': { other: '{n} 个样本' },
    'people.addSamples': '为 {name} 添加样本',
    'people.enrolled': '录入于 {date}',
    'people.rename': '重命名 {name}',
    'people.newName': '{name} 的新姓名',
    'people.delete': '删除 {name}',
    'people.confirmDelete': '删除 {name} 及其全部样本？此操作无法撤销。',
    'people.nameEmpty': '请输入姓名。',
    'people.nameLong': '姓名过长（最多 {max} 个字符）。',
    'people.error': '修改失败：{error}',
    'people.loadError': '无法加载人员：{error}',
  },
});

declare module '../../app/i18n' {
  interface StringTables {
    people: typeof peopleStrings;
  }
}
