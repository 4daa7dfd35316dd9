// The web shell's words (menus, buttons, page titles). Modules add their own files.
export const zh = {
  app: { title: 'Houqin 后勤', subtitle: '学校后勤管理系统' },
};
export const en: typeof zh = {
  app: { title: 'Houqin', subtitle: 'School logistics management' },
};
