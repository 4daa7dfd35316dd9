// Canteen (canteenStaff): see server/modules/canteen. Namespaces: canteen.* and errors.canteen.* (leaf keys unique across files).
// This part: canteen.staff.* (staff, certificates, morning checks, roster, self-checks, stops) and errors.canteen.staff.*.
export const zh = {
  errors: {
    canteen: {
      staff: {
        postUnknown: '岗位“{post}”不在本校食堂岗位设置中',
        userUnknown: '该人员不存在或已停用',
        alreadyListed: '该人员已在食堂人员名单中',
        certDates: '有效期至不能早于发证日期',
        futureDate: '不能登记未来日期的晨检',
        staffUnknown: '该人员不在食堂在岗名单中',
        checkExists: '此人当天已晨检，请在原记录上修改',
        schoolRequired: '请选择学校',
        stopLifted: '该停餐已解除',
        offRoster: {
          noCertificate: '{name} 没有健康证明，{date} 不能安排接触食品的岗位',
          certExpired: '{name} 的健康证明已于 {expiresOn} 过期，{date} 不能安排接触食品的岗位',
          checkFailed: '{name} {date} 晨检不合格，当天不能安排接触食品的岗位',
          notChecked: '{name} {date} 尚未晨检',
          inactive: '{name} 已不在食堂在岗名单中',
        },
      },
    },
  },
  fields: {
    food: '接触食品', posts: '岗位', certValidityDays: '健康证明有效天数', certAlertDays: '到期提前提醒天数',
    morningCheckDeadline: '晨检截止时间', feverCelsius: '发热体温（℃）', serviceWeekdays: '供餐日', selfCheckTime: '每日自查提醒时间',
    certNo: '证明编号', issuedOn: '发证日期', expiresOn: '有效期至', issuer: '发证机构', scanIds: '证明扫描件', staffId: '人员',
    fever: '发热', temperature: '体温', diarrhoea: '腹泻', wound: '皮肤伤口或感染', soreThroat: '咽喉疼痛', otherSymptom: '其他症状',
    staffIds: '人员', liftNote: '解除说明',
  },
  canteen: {
    staff: {
      menu: { staff: '从业人员与健康证', checks: '晨检', roster: '当日岗位', selfCheck: '食堂自查' },
      symptom: { fever: '发热', diarrhoea: '腹泻', wound: '皮肤伤口或感染', soreThroat: '咽喉疼痛', other: '其他症状' },
      reason: { noCertificate: '无健康证明', certExpired: '健康证明已过期', checkFailed: '晨检不合格', notChecked: '尚未晨检', inactive: '已停用' },
      certState: { valid: '有效', expiring: '即将到期', expired: '已过期', missing: '无证明' },
      result: { pass: '正常', fail: '不合格' },
      notify: {
        checkFailed: '{name} {date} 晨检不合格（{symptoms}），当天已调离接触食品岗位',
        serviceStop: '食堂自查发现严重问题，{date} 停止供餐：{items}（检查人：{inspector}）',
        stopLifted: '{date} 的食堂停餐已由 {by} 解除：{note}',
        certExpiring: '{name} 的健康证明将于 {expiresOn} 到期，请安排复检',
        certExpired: '{name} 的健康证明已于 {expiresOn} 过期，已不能上接触食品岗位',
        missingChecks: '{date} 晨检截止 {deadline} 已过，还有 {count} 人未晨检：{names}',
      },
      task: {
        dailySelfCheck: '完成 {date} 食堂每日自查',
        renewCert: '{name} 的健康证明 {expiresOn} 到期，请办理复检',
      },
      web: {
        staffTitle: '从业人员与健康证', staffSub: '食堂从业人员须持有效健康证明上岗；证明过期或缺失者不能上接触食品的岗位',
        add: '添加人员', addTitle: '添加食堂从业人员', person: '人员', posts: '岗位', cert: '健康证明', certState: '证明状态', expiresOn: '有效期至',
        addCert: '登记健康证明', editPosts: '修改岗位', certificates: '健康证明', noCert: '暂无健康证明', deactivate: '停用', activate: '启用',
        foodPost: '接触食品', checksTitle: '晨检', checksSub: '截止 {deadline}；发热、腹泻、皮肤伤口或感染、咽喉疼痛者当天不得从事接触食品的工作',
        allNormal: '其余全部正常（{n} 人）', normal: '正常', symptoms: '有症状', unchecked: '未晨检', checked: '已晨检 {n}/{total}',
        detail: '晨检详情', save: '保存', overdue: '已过截止时间，仍有人未晨检', notServiceDay: '今天不是供餐日',
        rosterTitle: '当日岗位', rosterSub: '健康证明有效且晨检正常者方可上接触食品的岗位', eligible: '可上岗', ineligible: '不可上接触食品岗位',
        assign: '安排岗位', assignTitle: '安排 {name} {date} 的岗位', dayPosts: '当日安排', standing: '常设岗位',
        selfTitle: '食堂自查', selfSub: '每日、每周、每月自查；关键项不合格即停止供餐并报告校长',
        daily: '每日自查', weekly: '每周自查', monthly: '每月自查', done: '已完成', notDone: '未完成', start: '开始自查', continue: '继续',
        open: '查看', stopBanner: '食堂已停止供餐（{date}）', stopItems: '不合格关键项', lift: '解除停餐', liftTitle: '解除停餐',
        stops: '停餐记录', stoppedBy: '发现人', liftedBy: '解除人', history: '历史', noStop: '当前未停餐', date: '日期',
        inProgress: '进行中的自查', checker: '晨检人', temperature: '体温', reasons: '原因',
      },
    },
  },
};

export const en: typeof zh = {
  errors: {
    canteen: {
      staff: {
        postUnknown: 'Post "{post}" is not one of the canteen posts in the settings',
        userUnknown: 'No such active person',
        alreadyListed: 'This person is already on the canteen staff list',
        certDates: 'The expiry date cannot be before the issue date',
        futureDate: 'Morning checks cannot be recorded for a future day',
        staffUnknown: 'This person is not on the active canteen staff list',
        checkExists: 'This person has already been checked today; edit that check instead',
        schoolRequired: 'Please choose a school',
        stopLifted: 'This stop has already been lifted',
        offRoster: {
          noCertificate: '{name} has no health certificate and cannot work a food post on {date}',
          certExpired: '{name}\'s health certificate expired on {expiresOn}: no food post on {date}',
          checkFailed: '{name} failed the morning check on {date}: no food post that day',
          notChecked: '{name} has not had the morning check on {date}',
          inactive: '{name} is no longer on the active canteen staff list',
        },
      },
    },
  },
  fields: {
    food: 'Touches food', posts: 'Posts', certValidityDays: 'Certificate validity (days)', certAlertDays: 'Alert days before expiry',
    morningCheckDeadline: 'Morning check deadline', feverCelsius: 'Fever temperature (°C)', serviceWeekdays: 'Service days', selfCheckTime: 'Daily self-check reminder time',
    certNo: 'Certificate number', issuedOn: 'Issued on', expiresOn: 'Expires on', issuer: 'Issued by', scanIds: 'Certificate scans', staffId: 'Person',
    fever: 'Fever', temperature: 'Temperature', diarrhoea: 'Diarrhoea', wound: 'Skin wound or infection', soreThroat: 'Sore throat', otherSymptom: 'Other symptoms',
    staffIds: 'People', liftNote: 'Note on lifting',
  },
  canteen: {
    staff: {
      menu: { staff: 'Staff & health certificates', checks: 'Morning checks', roster: 'Day roster', selfCheck: 'Self-checks' },
      symptom: { fever: 'Fever', diarrhoea: 'Diarrhoea', wound: 'Skin wound or infection', soreThroat: 'Sore throat', other: 'Other symptoms' },
      reason: { noCertificate: 'No health certificate', certExpired: 'Certificate expired', checkFailed: 'Failed morning check', notChecked: 'Not checked yet', inactive: 'Inactive' },
      certState: { valid: 'Valid', expiring: 'Expiring', expired: 'Expired', missing: 'None' },
      result: { pass: 'Normal', fail: 'Failed' },
      notify: {
        checkFailed: '{name} failed the morning check on {date} ({symptoms}) and is off food posts that day',
        serviceStop: 'A canteen self-check found a critical problem: serving stopped on {date}: {items} (inspector: {inspector})',
        stopLifted: 'The canteen stop of {date} was lifted by {by}: {note}',
        certExpiring: '{name}\'s health certificate expires on {expiresOn}; please arrange the renewal',
        certExpired: '{name}\'s health certificate expired on {expiresOn}; no food posts until renewed',
        missingChecks: 'Morning checks of {date} were due by {deadline}; {count} not checked: {names}',
      },
      task: {
        dailySelfCheck: 'Do the canteen daily self-check of {date}',
        renewCert: 'Renew {name}\'s health certificate (expires {expiresOn})',
      },
      web: {
        staffTitle: 'Staff & health certificates', staffSub: 'Canteen staff need a valid health certificate; without one they cannot work a food post',
        add: 'Add person', addTitle: 'Add canteen staff', person: 'Person', posts: 'Posts', cert: 'Health certificate', certState: 'Certificate', expiresOn: 'Expires on',
        addCert: 'Add certificate', editPosts: 'Edit posts', certificates: 'Health certificates', noCert: 'No certificate on file', deactivate: 'Deactivate', activate: 'Activate',
        foodPost: 'Touches food', checksTitle: 'Morning checks', checksSub: 'Due by {deadline}; anyone with fever, diarrhoea, a skin wound or infection or a sore throat is off food work that day',
        allNormal: 'All others normal ({n})', normal: 'Normal', symptoms: 'Symptoms', unchecked: 'Not checked', checked: 'Checked {n}/{total}',
        detail: 'Check details', save: 'Save', overdue: 'Past the deadline with people not checked', notServiceDay: 'The canteen does not serve today',
        rosterTitle: 'Day roster', rosterSub: 'Only people with a valid certificate and a normal morning check may work food posts', eligible: 'Eligible', ineligible: 'Not on food posts',
        assign: 'Assign posts', assignTitle: 'Posts of {name} on {date}', dayPosts: 'Assigned for the day', standing: 'Standing posts',
        selfTitle: 'Canteen self-checks', selfSub: 'Daily, weekly and monthly self-checks; a critical failure stops serving and tells the principal',
        daily: 'Daily self-check', weekly: 'Weekly self-check', monthly: 'Monthly self-check', done: 'Done', notDone: 'Not done', start: 'Start', continue: 'Continue',
        open: 'View', stopBanner: 'Canteen serving stopped ({date})', stopItems: 'Failed critical items', lift: 'Lift the stop', liftTitle: 'Lift the stop',
        stops: 'Service stops', stoppedBy: 'Found by', liftedBy: 'Lifted by', history: 'History', noStop: 'Serving normally', date: 'Date',
        inProgress: 'Self-checks in progress', checker: 'Checked by', temperature: 'Temperature', reasons: 'Reasons',
      },
    },
  },
};
