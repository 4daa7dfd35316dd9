// Files and photos, and school settings: errors, field labels and the upload widgets' words.
export const zh = {
  errors: {
    files: {
      typeNotAllowed: '只能上传 JPEG、PNG、WebP 图片或 PDF 文件',
      empty: '文件是空的',
      tooLarge: '文件不能超过 {mb} MB',
      badImage: '图片已损坏，无法读取',
      missing: '请选择要上传的文件',
      unknown: '文件不存在，或不是您上传的，请重新上传',
      attachedElsewhere: '该文件已属于另一条记录，请重新上传',
    },
    settings: {
      unknownKey: '没有“{key}”这项设置',
      invalidValue: '设置值无效',
      webhookUrlRequired: '请填写机器人的 Webhook 地址',
      webhookKindRequired: '请选择机器人类型',
      webhookHost: 'Webhook 地址必须是 https://{host}/ 开头',
    },
  },
  fields: {
    maxUploadMb: '单个文件上限（MB）',
    webhookKind: '群机器人',
    webhookUrl: 'Webhook 地址',
  },
  files: {
    upload: '上传',
    addPhoto: '拍照/选图',
    uploading: '上传中',
    failed: '上传失败',
    remove: '删除',
    tooMany: '最多 {max} 个文件',
    noFiles: '暂无照片',
    pdf: 'PDF 文件',
    open: '打开',
    settings: {
      title: '文件与照片',
      maxUploadMbHelp: '手机拍的照片会先在浏览器里压缩，一般只有几百 KB。',
    },
  },
};

export const en: typeof zh = {
  errors: {
    files: {
      typeNotAllowed: 'Only JPEG, PNG or WebP images and PDF files can be uploaded',
      empty: 'The file is empty',
      tooLarge: 'Files may not exceed {mb} MB',
      badImage: 'The image is damaged and cannot be read',
      missing: 'Choose a file to upload',
      unknown: 'The file does not exist or was not uploaded by you; please upload it again',
      attachedElsewhere: 'The file already belongs to another record; please upload it again',
    },
    settings: {
      unknownKey: 'There is no setting "{key}"',
      invalidValue: 'Invalid setting value',
      webhookUrlRequired: "Enter the robot's webhook URL",
      webhookKindRequired: 'Choose the kind of group robot',
      webhookHost: 'The webhook URL must start with https://{host}/',
    },
  },
  fields: {
    maxUploadMb: 'Largest file (MB)',
    webhookKind: 'Group robot',
    webhookUrl: 'Webhook URL',
  },
  files: {
    upload: 'Upload',
    addPhoto: 'Photo',
    uploading: 'Uploading',
    failed: 'Upload failed',
    remove: 'Remove',
    tooMany: 'At most {max} files',
    noFiles: 'No photos',
    pdf: 'PDF file',
    open: 'Open',
    settings: {
      title: 'Files and photos',
      maxUploadMbHelp: 'Photos taken on a phone are shrunk in the browser first, usually to a few hundred KB.',
    },
  },
};
