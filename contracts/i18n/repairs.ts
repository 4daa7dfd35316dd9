// Repairs, server side: errors, notifications, tasks, timeline words, enums and export headers.
// (The web pages' strings are in repairsWeb.ts.)
export const zh = {
  errors: {
    repairs: {
      illegalTransition: '工单当前的状态不允许这一步操作，请刷新后查看',
      notAssignee: '只有被派单的维修人员可以执行此操作',
      notReporter: '只有报修人可以执行此操作',
      notAllowed: '没有权限对此工单执行此操作',
      categoryUnknown: '报修类别“{value}”不存在或已停用',
      assigneeNotWorker: '所选人员不是本校在岗的维修工',
      plannedDateRequired: '计划维修必须填写计划日期',
      reopenExpired: '完成已超过 {days} 天，不能再返修',
      locationMissing: '场所不存在或已停用',
      planMissing: '维护计划不存在',
      badSchedule: '计划周期设置有误',
      noCjkFont: '服务器缺少中文字体，无法生成 PDF。请管理员安装 Debian 软件包 fonts-noto-cjk',
      tooManyRows: '导出行数超过上限 {max}，请缩小时间范围',
    },
  },
  repairs: {
    notify: {
      dispatched: '新的维修工单 {code}：{location}（{category}）',
      reported: '新报修 {code}：{location}（{category}）待派单',
      accepted: '维修工单 {code} 已由 {worker} 接单',
      completed: '您报修的 {code}（{location}）已完成，请确认并评价',
      overdue: '维修工单 {code}（{location}）已超时：{what}',
      reopened: '维修工单 {code}（{location}）被退回返修：{reason}',
      cancelled: '维修工单 {code}（{location}）已撤销',
      autoClosed: '维修工单 {code} 超过 {days} 天未确认，已自动关闭',
      planCreated: '维护计划“{plan}”生成了工单 {code}',
    },
    task: {
      dispatch: '派单：{code} {location}',
      accept: '接单：{code} {location}',
      complete: '完成维修：{code} {location}',
      confirm: '确认维修结果：{code} {location}',
    },
    overdueWhat: { response: '未按时接单', done: '未按时完成' },
    event: {
      reported: '报修', dispatch: '派单', accept: '接单', complete: '完工', confirm: '确认',
      reopen: '返修', cancel: '撤销', autoDispatched: '自动派单', overdue: '超时', autoClosed: '自动关闭',
    },
    plan: {
      orderDescription: '【维护计划】{plan}',
      checklist: '检查项目',
    },
    log: {
      title: '维修一览表',
      sheet: '维修一览表',
      period: '期间：{from} 至 {to}',
      worker: '维修人员：{name}',
      allWorkers: '全部维修人员',
      totals: '合计：{orders} 单，工时 {hours} 小时，平均评分 {rating}',
      printedAt: '打印时间：{at}',
      page: '第 {page} 页',
      col: {
        no: '序号', code: '单号', location: '维修地点', category: '类别', description: '故障描述', items: '维修项目/材料',
        reporter: '报修人', assignee: '维修人', reportedAt: '报修时间', acceptedAt: '接单时间', completedAt: '完成时间',
        hours: '工时', rating: '评分', state: '状态',
      },
    },
    stats: { unknownBuilding: '（无楼栋）', unassigned: '（未派单）' },
  },
  fields: {
    locationId: '地点', assetId: '资产', category: '类别', description: '问题描述', urgency: '紧急程度', plannedDate: '计划日期',
    photoIds: '照片', assigneeId: '维修人', note: '说明', hours: '工时', items: '维修项目/材料', quantity: '数量', unit: '单位',
    rating: '评分', comment: '评价', reason: '原因', state: '状态', overdue: '超时', reporterId: '报修人', mine: '我的',
    planId: '维护计划', locationIds: '地点', assetIds: '资产', checklist: '检查项目', schedule: '周期', rules: '派单规则',
    categories: '报修类别', limits: '时限', autoCloseDays: '自动关闭天数', reopenDays: '可返修天数',
  },
  enums: {
    repairState: {
      reported: '待派单', dispatched: '已派单', in_progress: '维修中', completed: '待确认',
      closed: '已关闭', cancelled: '已撤销', reopened: '返修',
    },
    urgency: { urgent: '紧急', normal: '一般', planned: '计划' },
    repairAction: { dispatch: '派单', accept: '接单', complete: '完工', confirm: '确认', reopen: '返修', cancel: '撤销' },
  },
};

export const en: typeof zh = {
  errors: {
    repairs: {
      illegalTransition: 'This step is not allowed in the order\'s current state; reload to see it',
      notAssignee: 'Only the worker the order is assigned to can do this',
      notReporter: 'Only the person who reported it can do this',
      notAllowed: 'You may not do this on this order',
      categoryUnknown: 'Repair category "{value}" does not exist or is inactive',
      assigneeNotWorker: 'The person chosen is not an active repair worker of this school',
      plannedDateRequired: 'A planned repair needs a planned date',
      reopenExpired: 'Completed more than {days} days ago: it can no longer be reopened',
      locationMissing: 'The location does not exist or is inactive',
      planMissing: 'Maintenance plan not found',
      badSchedule: 'The plan\'s schedule is invalid',
      noCjkFont: 'The server has no Chinese font to make the PDF. Ask the administrator to install the Debian package fonts-noto-cjk',
      tooManyRows: 'More than {max} rows to export; narrow the period',
    },
  },
  repairs: {
    notify: {
      dispatched: 'New work order {code}: {location} ({category})',
      reported: 'New report {code}: {location} ({category}) waits for dispatch',
      accepted: 'Work order {code} accepted by {worker}',
      completed: 'Your report {code} ({location}) is done: please confirm and rate it',
      overdue: 'Work order {code} ({location}) is overdue: {what}',
      reopened: 'Work order {code} ({location}) was reopened: {reason}',
      cancelled: 'Work order {code} ({location}) was cancelled',
      autoClosed: 'Work order {code} closed by itself after {days} days without confirmation',
      planCreated: 'Maintenance plan "{plan}" created work order {code}',
    },
    task: {
      dispatch: 'Dispatch: {code} {location}',
      accept: 'Accept: {code} {location}',
      complete: 'Complete the repair: {code} {location}',
      confirm: 'Confirm the repair: {code} {location}',
    },
    overdueWhat: { response: 'not accepted in time', done: 'not completed in time' },
    event: {
      reported: 'Reported', dispatch: 'Dispatched', accept: 'Accepted', complete: 'Completed', confirm: 'Confirmed',
      reopen: 'Reopened', cancel: 'Cancelled', autoDispatched: 'Dispatched by rule', overdue: 'Overdue', autoClosed: 'Closed automatically',
    },
    plan: {
      orderDescription: '[Maintenance plan] {plan}',
      checklist: 'Checklist',
    },
    log: {
      title: 'Repair log',
      sheet: 'Repair log',
      period: 'Period: {from} to {to}',
      worker: 'Worker: {name}',
      allWorkers: 'All workers',
      totals: 'Total: {orders} orders, {hours} hours, average rating {rating}',
      printedAt: 'Printed: {at}',
      page: 'Page {page}',
      col: {
        no: 'No.', code: 'Code', location: 'Location', category: 'Category', description: 'Fault', items: 'Work / materials',
        reporter: 'Reported by', assignee: 'Worker', reportedAt: 'Reported', acceptedAt: 'Accepted', completedAt: 'Completed',
        hours: 'Hours', rating: 'Rating', state: 'State',
      },
    },
    stats: { unknownBuilding: '(no building)', unassigned: '(not dispatched)' },
  },
  fields: {
    locationId: 'Location', assetId: 'Asset', category: 'Category', description: 'Description', urgency: 'Urgency', plannedDate: 'Planned date',
    photoIds: 'Photos', assigneeId: 'Worker', note: 'Note', hours: 'Hours', items: 'Work / materials', quantity: 'Quantity', unit: 'Unit',
    rating: 'Rating', comment: 'Comment', reason: 'Reason', state: 'State', overdue: 'Overdue', reporterId: 'Reported by', mine: 'Mine',
    planId: 'Maintenance plan', locationIds: 'Locations', assetIds: 'Assets', checklist: 'Checklist', schedule: 'Schedule', rules: 'Dispatch rules',
    categories: 'Repair categories', limits: 'Time limits', autoCloseDays: 'Auto-close after (days)', reopenDays: 'Reopen within (days)',
  },
  enums: {
    repairState: {
      reported: 'Reported', dispatched: 'Dispatched', in_progress: 'In progress', completed: 'Awaiting confirmation',
      closed: 'Closed', cancelled: 'Cancelled', reopened: 'Reopened',
    },
    urgency: { urgent: 'Urgent', normal: 'Normal', planned: 'Planned' },
    repairAction: { dispatch: 'dispatch', accept: 'accept', complete: 'complete', confirm: 'confirm', reopen: 'reopen', cancel: 'cancel' },
  },
};
