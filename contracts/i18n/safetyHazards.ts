// Hazards 隐患 and the monthly hazard report: errors, notifications, report words, and the web pages.
export const zh = {
  errors: {
    hazards: {
      placeRequired: '请选择地点或填写区域',
      futureMonth: '不能生成未来月份的报表',
      resubmitNoteRequired: '该月报表已上报过，重新上报请说明原因',
      reportConflict: '该月报表刚刚已被上报，请刷新后查看',
      dueBeforeDay: '排查截止日不能早于提醒日',
    },
  },
  hazards: {
    kind: {
      building: '校舍', electrical: '用电', fire: '消防', sports: '体育器材', canteen: '食堂', dorm: '宿舍', surroundings: '周边', other: '其他',
    },
    notify: {
      criticalFinding: '安全检查发现 {count} 项重大隐患：{items}',
      submitted: '{school} 上报了 {month} 安全隐患排查整治月报（第 {revision} 版）',
    },
    task: {
      monthlyInvestigation: '本月安全隐患排查（{month}，{dueOn} 前完成）',
    },
    monthly: {
      title: '安全隐患排查整治月报',
      period: '统计期间：{from} 至 {to}',
      generatedAt: '生成日期：{at}',
      submittedLine: '已于 {at} 由 {by} 上报（第 {revision} 版）',
      totalsLine: '本月发现隐患 {found} 处，本月销号 {closed} 处，月末未销号 {open} 处（其中逾期 {overdue} 处），上月结转 {carried} 处。',
      inspectionsLine: '本月完成安全检查 {count} 次',
      total: '合计',
      yes: '是',
      overdueMark: '（逾期）',
      signatures: '填报人：__________    分管副校长：__________    校长（签字盖章）：__________    日期：__________',
      page: '第 {page} 页 / 共 {pages} 页',
      sheet: { summary: '汇总', open: '未销号隐患', closed: '本月销号', inspections: '本月检查' },
      col: {
        no: '序号', kind: '类别', severity: '等级', found: '本月发现', closed: '本月销号', openAtEnd: '月末未销号', overdue: '逾期',
        title: '隐患', location: '地点', reportedAt: '发现日期', owner: '责任人', deadline: '整改期限', plan: '整改措施', state: '状态',
        verifiedAt: '销号日期', verifier: '验收人', template: '检查表', day: '检查日期', inspector: '检查人', failed: '不合格项',
      },
    },
    web: {
      menu: { hazards: '隐患整改', report: '隐患上报', monthly: '隐患月报', submitted: '上报的月报' },
      investigation: {
        title: '本月安全隐患排查', done: '已完成', due: '待排查', overdue: '已逾期', upcoming: '未到月份',
        doneOn: '{date} 完成', dueBy: '{date} 前完成', overdueSince: '应于 {date} 前完成', start: '开始排查', view: '查看排查记录',
        settings: '排查设置', settingsHint: '每月一次安全隐患排查：到提醒日给负责人生成待办，截止日未完成则提醒负责人和总务主任。',
        owner: '指定负责人', ownerHint: '不指定时，由该角色的所有人员负责', save: '保存', saved: '已保存',
      },
      report: {
        title: '上报隐患', location: '地点', zone: '或区域', zoneHint: '没有具体地点时填写，如“校门外”', kind: '类别', severity: '等级', description: '隐患描述',
        descriptionHint: '发现了什么、有什么危险', kindRequired: '请选择隐患类别', locationPlaceholder: '搜索教室、楼栋或编号', photosHint: '用手机直接拍照，最多 6 张', photos: '现场照片', submit: '上报', done: '已上报，总务处会尽快安排整改', another: '再报一条', view: '查看',
      },
      board: {
        title: '隐患整改', report: '上报隐患', empty: '没有隐患', mine: '与我有关', all: '全部', kind: '类别', severity: '等级', owner: '责任人',
        deadline: '期限', reportedAt: '发现于', location: '地点', overdueTag: '逾期', escalated: '已上报分管领导', source: '来源', mineReported: '我上报的', mineOwned: '我负责的', daysLeft: '剩 {days} 天', daysOver: '逾期 {days} 天',
      },
      detail: {
        before: '整改前', after: '整改后', timeline: '处理记录', plan: '整改措施', deadline: '整改期限', owner: '责任人', reporter: '上报人',
        description: '隐患描述', rectifyNote: '整改说明', verifyNote: '验收意见', hazard: '隐患情况', rectification: '整改情况',
        rectifiedAt: '整改完成', verifiedAt: '验收销号', assignedTo: '责任人 {name}，期限 {deadline}', escalatedTo: '已上报 {role}', fromInspection: '来自检查：{name}（{day}）', noPhotos: '无照片',
      },
      assign: {
        title: '指派整改', owner: '责任人', deadline: '整改期限', plan: '整改措施', submit: '指派', done: '已指派',
      },
      rectify: { title: '提交整改结果', note: '整改说明', photos: '整改后照片', submit: '提交', done: '已提交，等待验收' },
      verify: { title: '验收销号', note: '验收意见', submit: '验收通过，销号', done: '已销号' },
      reject: { title: '验收不通过', note: '不通过的原因', submit: '退回整改', done: '已退回责任人' },
      monthly: {
        title: '隐患月报', month: '月份', found: '本月发现', closed: '本月销号', openAtEnd: '月末未销号', overdue: '逾期', carried: '上月结转',
        inspections: '本月检查', byKind: '按类别', bySeverity: '按等级', openItems: '未销号隐患', closedItems: '本月销号', inspectionList: '本月检查记录',
        exportXlsx: '导出 Excel', exportPdf: '导出 PDF', submit: '上报教育局', resubmit: '重新上报', submitConfirm: '上报后报表内容将被固定并发送给教育局，确定上报？',
        resubmitNote: '重新上报的原因', submitted: '已上报（第 {revision} 版，{at}，{by}）', notSubmitted: '本月尚未上报', done: '已上报教育局',
        asOf: '统计截至 {at}', none: '无',
      },
      submitted: {
        title: '上报的隐患月报', school: '学校', month: '月份', revision: '版本', submittedAt: '上报时间', submittedBy: '上报人', note: '说明',
        empty: '还没有学校上报', open: '查看', back: '返回列表', figures: '数据', revisionN: '第 {n} 版',
        totals: '发现 {found}，销号 {closed}，未销号 {open}，逾期 {overdue}',
      },
    },
  },
  fields: {
    investigationDay: '排查提醒日（每月几号）', investigationDueDay: '排查截止日（每月几号）', investigationRole: '排查负责角色', investigationOwnerId: '排查负责人',
  },
};

export const en: typeof zh = {
  errors: {
    hazards: {
      placeRequired: 'Choose a location or enter a zone',
      futureMonth: 'A report cannot be made for a month still to come',
      resubmitNoteRequired: 'This month was already submitted: say why it is sent again',
      reportConflict: 'This month was just submitted; reload to see it',
      dueBeforeDay: 'The due day cannot come before the day the task appears',
    },
  },
  hazards: {
    kind: {
      building: 'Buildings', electrical: 'Electrical', fire: 'Fire', sports: 'Sports equipment', canteen: 'Canteen', dorm: 'Dormitories', surroundings: 'Surroundings', other: 'Other',
    },
    notify: {
      criticalFinding: 'A safety inspection found {count} critical hazard(s): {items}',
      submitted: '{school} submitted the hazard report of {month} (revision {revision})',
    },
    task: {
      monthlyInvestigation: "This month's hazard investigation ({month}, due {dueOn})",
    },
    monthly: {
      title: 'Monthly hazard investigation report',
      period: 'Period: {from} to {to}',
      generatedAt: 'Generated: {at}',
      submittedLine: 'Submitted {at} by {by} (revision {revision})',
      totalsLine: 'Found this month: {found}; closed this month: {closed}; open at month end: {open} (overdue: {overdue}); carried over: {carried}.',
      inspectionsLine: 'Safety inspections this month: {count}',
      total: 'Total',
      yes: 'Yes',
      overdueMark: '(overdue)',
      signatures: 'Prepared by: __________    Vice principal: __________    Principal (signature and seal): __________    Date: __________',
      page: 'Page {page} of {pages}',
      sheet: { summary: 'Summary', open: 'Open hazards', closed: 'Closed this month', inspections: 'Inspections' },
      col: {
        no: 'No.', kind: 'Kind', severity: 'Severity', found: 'Found', closed: 'Closed', openAtEnd: 'Open at end', overdue: 'Overdue',
        title: 'Hazard', location: 'Location', reportedAt: 'Found on', owner: 'Owner', deadline: 'Deadline', plan: 'Plan', state: 'State',
        verifiedAt: 'Closed on', verifier: 'Verified by', template: 'Checklist', day: 'Date', inspector: 'Inspector', failed: 'Failed items',
      },
    },
    web: {
      menu: { hazards: 'Hazards', report: 'Report a hazard', monthly: 'Monthly report', submitted: 'Submitted reports' },
      investigation: {
        title: "This month's hazard investigation", done: 'Done', due: 'To do', overdue: 'Overdue', upcoming: 'Month to come',
        doneOn: 'Done on {date}', dueBy: 'Due by {date}', overdueSince: 'Was due by {date}', start: 'Start the investigation', view: 'View the investigation',
        settings: 'Investigation settings', settingsHint: 'The monthly hazard investigation: on the reminder day its owner gets a to-do; if it is not done by the due day, the owner and the directors are told.',
        owner: 'Named person', ownerHint: 'Without one, everyone holding the role is responsible', save: 'Save', saved: 'Saved',
      },
      report: {
        title: 'Report a hazard', location: 'Location', zone: 'or a zone', zoneHint: 'When there is no single place, e.g. "outside the gate"', kind: 'Kind', severity: 'Severity', description: 'Description',
        descriptionHint: 'What you saw and why it is dangerous', kindRequired: 'Choose the kind of hazard', locationPlaceholder: 'Search a room, building or code', photosHint: 'Take photos with the phone, up to 6', photos: 'Photos', submit: 'Report', done: 'Reported; the logistics office will arrange the fix', another: 'Report another', view: 'View',
      },
      board: {
        title: 'Hazards', report: 'Report a hazard', empty: 'No hazards', mine: 'Mine', all: 'All', kind: 'Kind', severity: 'Severity', owner: 'Owner',
        deadline: 'Deadline', reportedAt: 'Found', location: 'Location', overdueTag: 'Overdue', escalated: 'Escalated', source: 'Source', mineReported: 'Reported by me', mineOwned: 'Mine to fix', daysLeft: '{days} days left', daysOver: '{days} days overdue',
      },
      detail: {
        before: 'Before', after: 'After', timeline: 'Timeline', plan: 'Plan', deadline: 'Deadline', owner: 'Owner', reporter: 'Reported by',
        description: 'Description', rectifyNote: 'What was done', verifyNote: 'Verification note', hazard: 'The hazard', rectification: 'Rectification',
        rectifiedAt: 'Rectified', verifiedAt: 'Verified', assignedTo: 'Owner {name}, due {deadline}', escalatedTo: 'Escalated to {role}', fromInspection: 'From inspection: {name} ({day})', noPhotos: 'No photos',
      },
      assign: {
        title: 'Assign', owner: 'Owner', deadline: 'Deadline', plan: 'Plan', submit: 'Assign', done: 'Assigned',
      },
      rectify: { title: 'Report rectified', note: 'What was done', photos: 'Photos after', submit: 'Submit', done: 'Submitted for verification' },
      verify: { title: 'Verify and close', note: 'Note', submit: 'Verified: close it', done: 'Closed' },
      reject: { title: 'Reject', note: 'Why it is not accepted', submit: 'Send back', done: 'Sent back to the owner' },
      monthly: {
        title: 'Monthly hazard report', month: 'Month', found: 'Found', closed: 'Closed', openAtEnd: 'Open at end', overdue: 'Overdue', carried: 'Carried over',
        inspections: 'Inspections', byKind: 'By kind', bySeverity: 'By severity', openItems: 'Open hazards', closedItems: 'Closed this month', inspectionList: 'Inspections this month',
        exportXlsx: 'Export Excel', exportPdf: 'Export PDF', submit: 'Submit to the bureau', resubmit: 'Submit again', submitConfirm: 'The report will be frozen and sent to the education bureau. Submit?',
        resubmitNote: 'Why it is sent again', submitted: 'Submitted (revision {revision}, {at}, {by})', notSubmitted: 'Not submitted yet', done: 'Submitted to the bureau',
        asOf: 'Figures as of {at}', none: 'None',
      },
      submitted: {
        title: 'Submitted hazard reports', school: 'School', month: 'Month', revision: 'Revision', submittedAt: 'Submitted', submittedBy: 'Submitted by', note: 'Note',
        empty: 'No school has submitted yet', open: 'Open', back: 'Back to the list', figures: 'Figures', revisionN: 'Revision {n}',
        totals: 'Found {found}, closed {closed}, open {open}, overdue {overdue}',
      },
    },
  },
  fields: {
    investigationDay: 'Investigation reminder day (of the month)', investigationDueDay: 'Investigation due day (of the month)', investigationRole: 'Role responsible', investigationOwnerId: 'Person responsible',
  },
};
