// Repairs web pages: report form, my reports, dispatch board, worker queue, detail, log, statistics, plans.
// (Server words — errors, notifications, timeline events, log columns — are in repairs.ts.)
export const zh = {
  repairs: {
    menu: {
      report: '我要报修', reportCta: '我要报修', mine: '我的报修', dispatch: '派工台', queue: '维修工单',
      log: '维修一览表', stats: '维修统计', plans: '维护计划',
    },
    common: {
      overdue: '超时', minutes: '{n} 分钟', hours: '{n} 小时', days: '{n} 天', reporterShort: '报修人 {name}',
    },
    fields: {
      code: '单号', state: '状态', category: '类别', urgency: '紧急程度', location: '地点', asset: '资产', description: '故障描述',
      reporter: '报修人', reportedAt: '报修时间', assignee: '维修人', dispatchedAt: '派单时间', acceptedAt: '接单时间',
      completedAt: '完成时间', closedAt: '关闭时间', cancelledAt: '撤销时间', responseDueAt: '应接单时间', doneDueAt: '应完成时间',
      hours: '工时', completeNote: '维修说明',
    },
    actions: { dispatch: '派单', accept: '接单', complete: '完工', confirm: '确认评价', reopen: '返修', cancel: '撤销' },
    report: {
      title: '我要报修', sub: '说清地点和问题，拍张照片，维修人员会尽快处理。',
      location: '地点', locationPlaceholder: '选择或搜索房间（如 301、办公室）', locationHint: '扫描房间或设备上的二维码可自动填写',
      category: '类别', description: '问题描述', descriptionPlaceholder: '例如：教室后排两根灯管不亮；水龙头关不紧一直滴水',
      urgency: '紧急程度',
      urgencyHint: { urgent: '影响上课/安全', normal: '尽快处理', planned: '约定日期' },
      plannedDate: '计划维修日期', plannedRequired: '请选择计划维修日期',
      photos: '照片', photosHint: '最多 6 张，可直接拍照',
      submit: '提交报修',
      required: { locationId: '请选择地点', category: '请选择类别', description: '请描述问题' },
      done: '报修已提交', codeIs: '报修单号', waitDispatch: '等待总务处派单', autoDispatched: '已自动派给 {name}',
      open: '查看工单', another: '再报一单', fromAsset: '来自资产二维码（资产编号 {id}）',
    },
    mine: {
      title: '我的报修', open: '处理中', toConfirm: '待确认', done: '已结束', empty: '还没有报修记录',
    },
    queue: {
      title: '维修工单', sub: '派给我的工单：先接单，修好后填写说明并完工',
      todo: '待处理', completed: '待确认', done: '已结束', empty: '目前没有派给您的工单',
    },
    board: {
      title: '派工台',
      tabs: { new: '待派单', overdue: '已超时', byWorker: '按维修人', all: '全部工单' },
      empty: '没有符合条件的工单', free: '空闲', otherAssignees: '其他人员',
      onlyOverdue: '只看超时', notOverdue: '未超时', from: '开始日期', to: '结束日期', bulkDispatch: '批量派单',
    },
    dispatch: {
      title: '派单：{code}', titleMany: '批量派单（{n} 张）', worker: '维修人员', note: '派单说明', notePlaceholder: '可选，如：带梯子',
      openCount: '在办 {n}', noWorkers: '本校还没有维修工账号', done: '已派单', doneMany: '已派出 {n} 张工单',
    },
    accept: { done: '已接单' },
    complete: {
      title: '完工：{code}', note: '维修说明', notePlaceholder: '做了什么，如：更换灯管 2 支', hours: '工时', hoursUnit: '小时',
      items: '使用材料', itemsHint: '可选；以后会从仓库领料', itemName: '名称', quantity: '数量', unit: '单位',
      addItem: '添加材料', removeItem: '删除这一行', photos: '完工照片', submit: '完工', done: '已完工，等待报修人确认',
    },
    confirm: {
      title: '确认维修结果：{code}', rating: '满意度', comment: '评价', commentPlaceholder: '可选，说说维修情况',
      submit: '确认', done: '感谢评价，工单已关闭',
      stars1: '很不满意', stars2: '不满意', stars3: '一般', stars4: '满意', stars5: '非常满意',
    },
    reopen: {
      title: '返修：{code}', reason: '原因', reasonPlaceholder: '问题还在吗？请说明情况', done: '已退回返修',
    },
    cancel: {
      title: '撤销报修：{code}', reason: '撤销原因', reasonPlaceholder: '如：已自行解决、重复报修', done: '已撤销',
    },
    detail: {
      fault: '报修信息', work: '维修情况', feedback: '评价', timeline: '处理记录', reportPhotos: '报修照片', completePhotos: '完工照片',
      sentTo: '派给 {name}', hoursValue: '{n} 小时', reopenCount: '返修 {n} 次',
    },
    logPage: {
      title: '维修一览表', exportExcel: '导出 Excel', exportPdf: '导出 PDF',
      truncated: '只显示前面的记录；导出的文件包含全部记录。',
    },
    period: {
      thisMonth: '本月', lastMonth: '上月', last30: '近 30 天', thisYear: '今年', termStart: '本学期初', termEnd: '本学期末',
    },
    statsPage: {
      title: '维修统计', period: '{from} 至 {to}', periodTerm: '{term}（{from} 至 {to}）',
      count: '报修数', open: '处理中', closed: '已关闭', medianResponse: '接单用时（中位数）', medianCompletion: '完成用时（中位数）',
      overdueShare: '超时比例', satisfaction: '满意率', averageRating: '平均评分', hours: '总工时',
      overdueCount: '超时数', medianCompletionHours: '完成用时中位数（小时）', hoursAxis: '小时',
      byCategory: '按类别', byMonth: '按月份', byWorker: '按维修人员', byBuilding: '按楼栋',
      topLocations: '报修最多的地点', topAssets: '报修最多的资产', assetLine: '资产 {id}：{count} 次',
      items: '维修项目与材料', itemLine: '{name} {quantity}{unit}（{orders} 单）', noItems: '还没有记录材料',
      workerTable: '维修人员明细', categoryTable: '类别明细', group: '分组',
      empty: '这段时间没有报修', note: '统计按报修时间计入；逐单明细见',
    },
    settings: {
      title: '维修设置', limits: '处理时限', limitsHint: '超过时限的工单标为“超时”并提醒总务主任；计划维修以计划日期为准。',
      responseHours: '接单时限', doneHours: '完成时限', autoCloseDays: '完工后自动关闭', reopenDays: '可返修期限', daysUnit: '天',
      categories: '报修类别', categoriesHint: '类别编码保存后不能修改；不用的类别可停用。',
      code: '编码', nameZh: '中文名称', nameEn: '英文名称', addCategory: '添加类别',
    },
    rules: {
      title: '派单规则', hint: '为类别指定默认维修人员后，该类别的新报修会自动派给他；不指定则由派工台人工派单。',
      manual: '人工派单',
    },
    plans: {
      title: '维护计划', sub: '按计划定期生成维修工单，如每月检查灭火器、每学期检修电路',
      create: '新建计划', edit: '编辑计划', name: '计划名称', namePlaceholder: '如：每月检查灭火器',
      locations: '地点', locationsPlaceholder: '选择一个或多个地点', noLocations: '未指定地点',
      checklist: '检查项目', checklistPlaceholder: '如：压力表指针在绿区', addCheck: '添加检查项', removeCheck: '删除检查项',
      assignee: '负责维修人员', assigneeHint: '生成的工单直接派给他；不选则进入派工台待派单',
      schedule: '周期', description: '说明', active: '状态', nextDue: '下次生成', noNextDue: '没有即将到来的日期',
      orderCount: '已生成工单', savedTitle: '已保存“{name}”', empty: '还没有维护计划',
      run: '立即生成', ran: '已生成工单', confirmRun: '现在就按“{name}”生成一张工单吗？',
      delete: '删除', deleted: '已删除', confirmDelete: '确定删除计划“{name}”吗？已生成的工单不受影响。',
    },
    schedule: {
      freq: { daily: '每天', weekly: '每周', monthly: '每月', term: '每学期', dates: '指定日期' },
      weekday1: '周一', weekday2: '周二', weekday3: '周三', weekday4: '周四', weekday5: '周五', weekday6: '周六', weekday7: '周日',
      listSep: '、',
      monthDayBefore: '每月第', monthDayAfter: '日', monthDayHint: '小月没有该日时取月末',
      termStart: '开学', termEnd: '期末', offsetDays: '天（负数为之前）', offsetHint: '学期日期取自学校校历设置',
      pickDates: '选择日期', time: '时间', startsOn: '开始', endsOn: '结束', noEnd: '不结束',
      invalid: '周期设置不完整，请检查',
      sayDaily: '每天 {time}', sayWeekly: '每{days} {time}', sayMonthly: '每月 {day} 日 {time}',
      sayTermStartOn: '每学期开学当天 {time}', sayTermStartBefore: '每学期开学前 {n} 天 {time}', sayTermStartAfter: '每学期开学后 {n} 天 {time}',
      sayTermEndOn: '每学期期末当天 {time}', sayTermEndBefore: '每学期期末前 {n} 天 {time}', sayTermEndAfter: '每学期期末后 {n} 天 {time}',
      sayDates: '{dates} {time}',
    },
  },
};

export const en: typeof zh = {
  repairs: {
    menu: {
      report: 'Report a fault', reportCta: 'Report a fault', mine: 'My reports', dispatch: 'Dispatch board', queue: 'My work orders',
      log: 'Repair log', stats: 'Repair statistics', plans: 'Maintenance plans',
    },
    common: {
      overdue: 'Overdue', minutes: '{n} min', hours: '{n} h', days: '{n} days', reporterShort: 'Reported by {name}',
    },
    fields: {
      code: 'Code', state: 'State', category: 'Category', urgency: 'Urgency', location: 'Location', asset: 'Asset', description: 'Fault',
      reporter: 'Reported by', reportedAt: 'Reported', assignee: 'Worker', dispatchedAt: 'Dispatched', acceptedAt: 'Accepted',
      completedAt: 'Completed', closedAt: 'Closed', cancelledAt: 'Cancelled', responseDueAt: 'Accept by', doneDueAt: 'Complete by',
      hours: 'Hours', completeNote: 'Work done',
    },
    actions: { dispatch: 'Dispatch', accept: 'Accept', complete: 'Complete', confirm: 'Confirm & rate', reopen: 'Reopen', cancel: 'Cancel order' },
    report: {
      title: 'Report a fault', sub: 'Say where and what, add a photo, and a worker will see to it soon.',
      location: 'Location', locationPlaceholder: 'Choose or search a room (e.g. 301, office)', locationHint: 'Scanning the QR code on a room or device fills this in',
      category: 'Category', description: 'What is wrong', descriptionPlaceholder: 'E.g. two lamps at the back of the classroom are out; the tap keeps dripping',
      urgency: 'Urgency',
      urgencyHint: { urgent: 'Lessons or safety', normal: 'Soon', planned: 'On a set date' },
      plannedDate: 'Planned date', plannedRequired: 'Choose the planned date',
      photos: 'Photos', photosHint: 'Up to 6; you can take them now',
      submit: 'Submit report',
      required: { locationId: 'Choose the location', category: 'Choose a category', description: 'Describe the fault' },
      done: 'Report submitted', codeIs: 'Order code', waitDispatch: 'Waiting for the office to dispatch it', autoDispatched: 'Sent automatically to {name}',
      open: 'Open the order', another: 'Report another', fromAsset: 'From an asset QR code (asset no. {id})',
    },
    mine: {
      title: 'My reports', open: 'In progress', toConfirm: 'To confirm', done: 'Finished', empty: 'You have not reported anything yet',
    },
    queue: {
      title: 'My work orders', sub: 'Orders sent to me: accept first, then complete with a note when fixed',
      todo: 'To do', completed: 'Awaiting confirmation', done: 'Finished', empty: 'No orders are assigned to you right now',
    },
    board: {
      title: 'Dispatch board',
      tabs: { new: 'To dispatch', overdue: 'Overdue', byWorker: 'By worker', all: 'All orders' },
      empty: 'No matching orders', free: 'Free', otherAssignees: 'Others',
      onlyOverdue: 'Overdue only', notOverdue: 'Not overdue', from: 'From', to: 'To', bulkDispatch: 'Dispatch selected',
    },
    dispatch: {
      title: 'Dispatch {code}', titleMany: 'Dispatch {n} orders', worker: 'Worker', note: 'Note for the worker', notePlaceholder: 'Optional, e.g. bring a ladder',
      openCount: '{n} open', noWorkers: 'The school has no repair worker accounts yet', done: 'Dispatched', doneMany: '{n} orders dispatched',
    },
    accept: { done: 'Accepted' },
    complete: {
      title: 'Complete {code}', note: 'Work done', notePlaceholder: 'What you did, e.g. replaced 2 lamps', hours: 'Hours', hoursUnit: 'h',
      items: 'Materials used', itemsHint: 'Optional; later taken from the warehouse', itemName: 'Item', quantity: 'Qty', unit: 'Unit',
      addItem: 'Add material', removeItem: 'Remove this line', photos: 'Photos of the work', submit: 'Complete', done: 'Completed; waiting for the reporter to confirm',
    },
    confirm: {
      title: 'Confirm the repair {code}', rating: 'Satisfaction', comment: 'Comment', commentPlaceholder: 'Optional: how did it go?',
      submit: 'Confirm', done: 'Thank you; the order is closed',
      stars1: 'Very unhappy', stars2: 'Unhappy', stars3: 'OK', stars4: 'Happy', stars5: 'Very happy',
    },
    reopen: {
      title: 'Reopen {code}', reason: 'Reason', reasonPlaceholder: 'Is the fault still there? Please explain', done: 'Sent back for repair',
    },
    cancel: {
      title: 'Cancel report {code}', reason: 'Reason', reasonPlaceholder: 'E.g. fixed already, reported twice', done: 'Cancelled',
    },
    detail: {
      fault: 'Report', work: 'Repair', feedback: 'Rating', timeline: 'History', reportPhotos: 'Photos of the fault', completePhotos: 'Photos of the work',
      sentTo: 'Sent to {name}', hoursValue: '{n} h', reopenCount: 'Reopened {n}×',
    },
    logPage: {
      title: 'Repair log', exportExcel: 'Export Excel', exportPdf: 'Export PDF',
      truncated: 'Only the first rows are shown; the exported file holds them all.',
    },
    period: {
      thisMonth: 'This month', lastMonth: 'Last month', last30: 'Last 30 days', thisYear: 'This year', termStart: 'Term start', termEnd: 'Term end',
    },
    statsPage: {
      title: 'Repair statistics', period: '{from} to {to}', periodTerm: '{term} ({from} to {to})',
      count: 'Reports', open: 'Open', closed: 'Closed', medianResponse: 'Time to accept (median)', medianCompletion: 'Time to complete (median)',
      overdueShare: 'Overdue share', satisfaction: 'Satisfaction', averageRating: 'Average rating', hours: 'Total hours',
      overdueCount: 'Overdue', medianCompletionHours: 'Median hours to complete', hoursAxis: 'h',
      byCategory: 'By category', byMonth: 'By month', byWorker: 'By worker', byBuilding: 'By building',
      topLocations: 'Most reported locations', topAssets: 'Most reported assets', assetLine: 'Asset {id}: {count}×',
      items: 'Work and materials', itemLine: '{name} {quantity}{unit} ({orders} orders)', noItems: 'No materials recorded yet',
      workerTable: 'Workers in detail', categoryTable: 'Categories in detail', group: 'Group',
      empty: 'No reports in this period', note: 'Counted by the date of the report; order by order in the',
    },
    settings: {
      title: 'Repair settings', limits: 'Time limits', limitsHint: 'Orders past their limit are flagged overdue and reach the director; planned repairs follow their date.',
      responseHours: 'Accept within', doneHours: 'Complete within', autoCloseDays: 'Close by itself after completion', reopenDays: 'Can be reopened for', daysUnit: 'days',
      categories: 'Categories', categoriesHint: 'A category\'s code cannot change once saved; deactivate categories no longer used.',
      code: 'Code', nameZh: 'Chinese name', nameEn: 'English name', addCategory: 'Add category',
    },
    rules: {
      title: 'Dispatch rules', hint: 'With a default worker for a category, new reports of that category go to them at once; without one, they wait on the dispatch board.',
      manual: 'Dispatch by hand',
    },
    plans: {
      title: 'Maintenance plans', sub: 'Work orders made on schedule, e.g. check fire extinguishers monthly, service the wiring each term',
      create: 'New plan', edit: 'Edit plan', name: 'Plan name', namePlaceholder: 'E.g. Monthly fire extinguisher check',
      locations: 'Locations', locationsPlaceholder: 'Choose one or more locations', noLocations: 'No locations set',
      checklist: 'Checklist', checklistPlaceholder: 'E.g. gauge needle in the green', addCheck: 'Add a check', removeCheck: 'Remove this check',
      assignee: 'Worker', assigneeHint: 'Orders go straight to them; otherwise they wait on the dispatch board',
      schedule: 'Schedule', description: 'Notes', active: 'Status', nextDue: 'Next', noNextDue: 'No dates coming up',
      orderCount: 'Orders made', savedTitle: 'Saved "{name}"', empty: 'No maintenance plans yet',
      run: 'Make order now', ran: 'Work order made', confirmRun: 'Make a work order from "{name}" now?',
      delete: 'Delete', deleted: 'Deleted', confirmDelete: 'Delete the plan "{name}"? Orders it already made stay.',
    },
    schedule: {
      freq: { daily: 'Daily', weekly: 'Weekly', monthly: 'Monthly', term: 'Each term', dates: 'On dates' },
      weekday1: 'Mon', weekday2: 'Tue', weekday3: 'Wed', weekday4: 'Thu', weekday5: 'Fri', weekday6: 'Sat', weekday7: 'Sun',
      listSep: ', ',
      monthDayBefore: 'On day', monthDayAfter: 'of each month', monthDayHint: 'Shorter months use their last day',
      termStart: 'Term start', termEnd: 'Term end', offsetDays: 'days (negative: before)', offsetHint: 'Term dates come from the school calendar setting',
      pickDates: 'Pick dates', time: 'Time', startsOn: 'From', endsOn: 'Until', noEnd: 'No end',
      invalid: 'The schedule is incomplete; please check it',
      sayDaily: 'Every day at {time}', sayWeekly: 'Every {days} at {time}', sayMonthly: 'On day {day} of each month at {time}',
      sayTermStartOn: 'On the first day of each term at {time}', sayTermStartBefore: '{n} days before each term starts, at {time}', sayTermStartAfter: '{n} days after each term starts, at {time}',
      sayTermEndOn: 'On the last day of each term at {time}', sayTermEndBefore: '{n} days before each term ends, at {time}', sayTermEndAfter: '{n} days after each term ends, at {time}',
      sayDates: '{dates} at {time}',
    },
  },
};
