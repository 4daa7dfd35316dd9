import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { loadConfig } from './platform/config';
import { openDatabase, migrateDatabase, rowsOf, type Db } from './platform/db';
import { DataDirLockedError } from './platform/datadir-lock';
import { verifyAllChains, recordAudit } from './platform/audit';
import { hashPassword } from './platform/passwords';
import { districts, schools, users, userRoles, usernames } from './platform/platform.tables';

const usage = `用法 Usage:
  npm run houqin -- init --district-code SFX --district-name 示范县教育局 --school-code QSZX --school-name 青山镇初级中学 --admin admin --password '…'
      创建学校和第一个管理员（区县不存在时一并创建）。Creates a school and its first admin (and the district if new).
  npm run audit:verify
      逐校核对审计日志哈希链，报告第一个断点。Verifies each school's audit hash chain; reports the first broken link.`;

async function open() {
  const config = loadConfig();
  try {
    const database = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
    await migrateDatabase(database);
    return database;
  } catch (e) {
    if (e instanceof DataDirLockedError) {
      console.error(`${e.message}\n服务运行时请在“审计日志”页面核对，或先停止服务。While the server runs, use the audit log page's check, or stop the server first.`);
      process.exit(3);
    }
    throw e;
  }
}

async function init(args: string[]) {
  const { values } = parseArgs({ args, options: {
    'district-code': { type: 'string' }, 'district-name': { type: 'string' }, 'school-code': { type: 'string' },
    'school-name': { type: 'string' }, admin: { type: 'string', default: 'admin' }, password: { type: 'string' }, name: { type: 'string', default: '系统管理员' },
  } });
  const missing = ['district-code', 'district-name', 'school-code', 'school-name', 'password'].filter((k) => !values[k as keyof typeof values]);
  if (missing.length) { console.error(`缺少参数 Missing: ${missing.map((m) => '--' + m).join(' ')}\n\n${usage}`); process.exit(2); }
  if (values.password!.length < 8) { console.error('密码至少 8 位 / The password needs at least 8 characters'); process.exit(2); }
  const database = await open();
  try {
    const hash = await hashPassword(values.password!);
    await database.db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      let [d] = await tx.select().from(districts).where(sql`code = ${values['district-code']}`);
      if (!d) [d] = await tx.insert(districts).values({ code: values['district-code']!, name: values['district-name']! }).returning();
      const [existing] = await rowsOf<{ id: number }>(tx, sql`SELECT id FROM schools WHERE code = ${values['school-code']}`);
      if (existing) throw new Error(`学校编码已存在 School code exists: ${values['school-code']}`);
      const [taken] = await rowsOf(tx, sql`SELECT 1 FROM usernames WHERE username = ${values.admin!.toLowerCase()}`);
      if (taken) throw new Error(`用户名已存在 Username exists: ${values.admin}`);
      const [s] = await tx.insert(schools).values({ districtId: d.id, code: values['school-code']!, name: values['school-name']!, kind: 'school' }).returning();
      const [u] = await tx.insert(users).values({ schoolId: s.id, username: values.admin!, name: values.name!, passwordHash: hash }).returning();
      await tx.insert(userRoles).values({ schoolId: s.id, userId: u.id, role: 'admin' });
      await tx.insert(usernames).values({ username: values.admin!.toLowerCase(), schoolId: s.id, userId: u.id });
      await recordAudit(tx, { schoolId: s.id, userId: null, name: 'cli', ip: null }, { entity: 'school', entityId: s.id, action: 'init', after: { name: s.name, admin: u.username } });
      console.log(`已创建 Created: ${s.name} (${s.code}), 管理员 admin ${u.username}`);
    });
  } finally {
    await database.close();
  }
}

async function auditVerify() {
  const database = await open();
  try {
    const reports = await verifyAllChains(database.db);
    let broken = 0;
    for (const r of reports) {
      if (r.ok) console.log(`ok     school ${r.schoolId}: ${r.entries} entries`);
      else { broken++; console.log(`BROKEN school ${r.schoolId}: first broken link at seq ${r.brokenAt!.seq} (${r.brokenAt!.reason}) after ${r.entries} good entries`); }
    }
    console.log(broken ? `${broken} chain(s) broken 审计链被破坏` : `all ${reports.length} chains intact 审计链完整`);
    process.exitCode = broken ? 1 : 0;
  } finally {
    await database.close();
  }
}

const [command, ...rest] = process.argv.slice(2);
if (command === 'init') await init(rest);
else if (command === 'audit-verify') await auditVerify();
else { console.log(usage); process.exitCode = command ? 2 : 0; }
