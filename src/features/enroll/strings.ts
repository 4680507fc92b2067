import { defineStrings } from '../../app/i18n';

/** Strings of the enrolment view. */
export const enrollStrings = defineStrings({
  en: {
    'enroll.title': 'Enroll a person',
    'enroll.pick': 'Choose photos, or drop them here',
    'enroll.files': 'Photos of the person',
    'enroll.progress': '{done} / {total} photos',
    'enroll.cancelled': 'Analysis cancelled.',
    'enroll.failed': 'The photos could not be analysed: {error}',
    'enroll.err.not-image': '{file}: not an image.',
    'enroll.err.broken': '{file}: the image is broken and cannot be read.',
    'enroll.err.no-face': '{file}: no face was found in this photo.',
    'enroll.err.file-too-big': '{file}: the file is too large (over {max} MB). Use a smaller copy of the photo.',
    'enroll.err.too-many-pixels': '{file}: the image has too many pixels (over {max} megapixels). Use a smaller copy of the photo.',
    'enroll.err.failed': '{file}: the photo could not be analysed: {error}',
    'enroll.pickFace': 'Which face is the person?',
    'enroll.face': 'Face {n}',
    'enroll.remove': 'Remove {file}',
    'enroll.name': 'Name',
    'enroll.submit': 'Enroll',
    'enroll.nameEmpty': 'Enter a name.',
    'enroll.nameLong': 'The name is too long (at most {max} characters).',
    'enroll.noFaces': 'Add at least one photo with a face first.',
    'enroll.done': { one: 'Enrolled {name} with 1 sample', other: 'Enrolled {name} with {n} samples' },
    'enroll.added': { one: 'Added 1 sample to {name}', other: 'Added {n} samples to {name}' },
    'enroll.error': 'Enrollment failed: {error}',
  },
  'zh-Hans': {
    'enroll.title': '录入人员',
    'enroll.pick': '选择照片，或将照片拖放到这里',
    'enroll.files': '此人的照片',
    'enroll.progress': '{done} / {total} 张照片',
    'enroll.cancelled': '已取消分析。',
    'enroll.failed': '无法分析照片：{error}',
    'enroll.err.not-image': '{file}：不是图片。',
    'enroll.err.broken': '{file}：图片已损坏，无法读取。',
    'enroll.err.no-face': '{file}：照片中未找到人脸。',
    'enroll.err.file-too-big': '{file}：文件过大（超过 {max} MB）。请使用较小的照片副本。',
    'enroll.err.too-many-pixels': '{file}：图片像素过多（超过 {max} 百万像素）。请使用较小的照片副本。',
    'enroll.err.failed': '{file}：无法分析此照片：{error}',
    'enroll.pickFace': '哪张脸是此人？',
    'enroll.face': '人脸 {n}',
    'enroll.remove': '移除 {file}',
    'enroll.name': '姓名',
    'enroll.submit': '录入',
    'enroll.nameEmpty': '请输入姓名。',
    'enroll.nameLong': '姓名过长（最多 {max} 个字符）。',
    'enroll.noFaces': '请先添加至少一张有人脸的照片。',
    'enroll.done': { other: '已录入 {name}，共 {n} 个样本' },
    'enroll.added': { other: '已为 {name} 添加 {n} 个样本' },
    'enroll.error': '录入失败：{error}',
  },
});

declare module '../../app/i18n' {
  interface StringTables {
    enroll: typeof enrollStrings;
  }
}
