import type { GenerateStep } from './generate';
import { seedHashOf } from '../server/platform/inspections';
import { SAFETY_TEMPLATES } from '../server/modules/safety/hazards.templates';

/*
 * Hazards and safety inspections (INSPECTIONS helper): a year of a school's hazards and checks, for the
 * monthly hazard report's target (issue #5: ≤ 2 s for a school with a year of data). The seed
 * checklists are written as ensureSchoolTemplates writes them (same seed hash: the server's seeding
 * job finds nothing to do); hazards, a daily fire patrol and a monthly investigation are made in SQL.
 */

/** Hazards per school and year: ~14 a day, far above a real school's few a week. */
export const HAZARDS_PER_SCHOOL = Number(process.env.BENCH_HAZARDS_PER_SCHOOL ?? 5_000);
const KINDS = ['building', 'electrical', 'fire', 'sports', 'canteen', 'dorm', 'surroundings', 'other'];
const SEVERITIES = ['low', 'medium', 'medium', 'high', 'critical'];

export const hazardsStep: GenerateStep & { templateIds: Map<number, Record<string, number>> } = {
  name: 'hazards',
  templateIds: new Map(),
  run(ctx) {
    for (const school of ctx.schools) {
      const ids: Record<string, number> = {};
      for (const def of SAFETY_TEMPLATES) {
        const id = ctx.nextId('inspection_templates');
        ids[def.code] = id;
        ctx.add('inspection_templates', [{
          school_id: school.id, id, code: def.code, domain: def.domain, name_zh: def.name.zh, name_en: def.name.en, frequency: def.frequency,
          revision: 1, seed_hash: seedHashOf(def), customized: false, active: true, version: 1,
        }]);
        ctx.add('inspection_template_items', def.items.map((it, position) => ({
          school_id: school.id, id: ctx.nextId('inspection_template_items'), template_id: id, revision: 1, position,
          section_zh: it.section.zh, section_en: it.section.en, text_zh: it.text.zh, text_en: it.text.en,
          guidance_zh: it.guidance?.zh ?? null, guidance_en: it.guidance?.en ?? null, mode: it.mode, max_score: it.maxScore ?? null,
          photo_required: !!it.photoRequired, critical: !!it.critical, kind: it.kind ?? null,
        })));
      }
      this.templateIds.set(school.id, ids);
    }
  },
  sql(ctx) {
    const n = HAZARDS_PER_SCHOOL;
    const out: string[] = [];
    const arr = (xs: (string | number)[]) => `(ARRAY[${xs.map((x) => (typeof x === 'number' ? x : `'${x}'`)).join(',')}])`;
    for (const school of ctx.schools) {
      const refs = ctx.refs.get(school.id)!;
      const tpl = this.templateIds.get(school.id)!;
      const owners = refs.staff.filter((x) => x.roles.some((r) => ['repair_worker', 'guard', 'dorm_manager', 'canteen_manager'].includes(r))).map((x) => x.id);
      const reporters = refs.staff.map((x) => x.id);
      const director = refs.staff.find((x) => x.roles.includes('director'))!.id;
      const vice = refs.staff.find((x) => x.roles.includes('vice_principal'))!.id;
      const guard = refs.staff.find((x) => x.roles.includes('guard'))!.id;
      const locIds = Object.values(refs.locations);
      if (n) {
        const first = ctx.reserveIds('rectifications', n) - 1;
        const step = Math.floor((365 * 86400) / n);
        // The last 2 % still moving (open, assigned, rectified); one in 100 older ones left assigned past its deadline; the rest closed.
        out.push(`INSERT INTO rectifications (school_id, id, domain, source, title, description, location_id, kind, severity, state, reporter_id, reported_at,
            owner_id, deadline, plan, assigned_at, assigned_by, rectified_at, rectified_by, rectify_note, verified_at, verified_by, verify_note, escalated_at, version, created_at, updated_at)
          OVERRIDING SYSTEM VALUE
          SELECT ${school.id}, ${first} + g, 'safety', 'hazard', kind || ' 隐患 #' || g, '基准隐患', ${arr(locIds)}[1 + (r2 * 7 + r1) % ${locIds.length}], kind, sev, st,
                 ${arr(reporters)}[1 + r3 % ${reporters.length}], rep,
                 CASE WHEN st = 'open' THEN NULL ELSE ${arr(owners)}[1 + r1 % ${owners.length}] END,
                 CASE WHEN st = 'open' THEN NULL ELSE ((rep AT TIME ZONE 'Asia/Shanghai')::date + (1 + r2 % 7)) END,
                 CASE WHEN st = 'open' THEN NULL ELSE '按规定整改' END,
                 CASE WHEN st = 'open' THEN NULL ELSE rep + interval '2 hours' END,
                 CASE WHEN st = 'open' THEN NULL ELSE ${director} END,
                 CASE WHEN st IN ('rectified','closed') THEN fix END,
                 CASE WHEN st IN ('rectified','closed') THEN ${arr(owners)}[1 + r1 % ${owners.length}] END,
                 CASE WHEN st IN ('rectified','closed') THEN '已整改' END,
                 CASE WHEN st = 'closed' THEN LEAST(fix + interval '1 day', now() - interval '1 minute') END,
                 CASE WHEN st = 'closed' THEN ${vice} END,
                 CASE WHEN st = 'closed' THEN '验收合格' END,
                 CASE WHEN st = 'assigned' AND g <= ${n} - ${Math.ceil(n * 0.02)} THEN rep + interval '9 days' END,
                 1, rep, rep
            FROM (SELECT g, r1, r2, r3, rep, (${arr(KINDS)})[1 + r1 % ${KINDS.length}] AS kind, (${arr(SEVERITIES)})[1 + r3 % ${SEVERITIES.length}] AS sev,
                         LEAST(rep + (1 + r2 % 6) * interval '1 day', now() - interval '2 minutes') AS fix,
                         CASE WHEN g > ${n} - ${Math.ceil(n * 0.02)} THEN (ARRAY['open','assigned','rectified'])[1 + r1 % 3]
                              WHEN r2 < 10 THEN 'assigned' ELSE 'closed' END AS st
                    FROM (SELECT g, ((g::bigint * 7919) % 1000)::int AS r1, ((g::bigint * 104729) % 1000)::int AS r2, ((g::bigint * 1299709) % 1000)::int AS r3,
                                 now() - ((${n} - g) * ${step} + 900) * interval '1 second' AS rep
                            FROM generate_series(1, ${n}) g) x) y`);
      }
      // A daily fire patrol every evening of the year, and the monthly investigation on the 5th (three failures).
      const patrols = ctx.reserveIds('inspections', 365) - 1;
      out.push(`INSERT INTO inspections (school_id, id, template_id, template_revision, domain, zone, state, inspector_id, day, started_at, submitted_at, pass_count, fail_count, version, updated_at)
        OVERRIDING SYSTEM VALUE
        SELECT ${school.id}, ${patrols} + g, ${tpl['safety.fire_daily']}, 1, 'safety', '教学区、宿舍区', 'submitted', ${guard}, d, t, t + interval '40 minutes', 8, 0, 2, t + interval '40 minutes'
          FROM (SELECT g, (now() AT TIME ZONE 'Asia/Shanghai')::date - g AS d, ((((now() AT TIME ZONE 'Asia/Shanghai')::date - g) + time '21:00') AT TIME ZONE 'Asia/Shanghai') AS t
                  FROM generate_series(1, 365) g) x`);
      const monthly = ctx.reserveIds('inspections', 12) - 1;
      out.push(`INSERT INTO inspections (school_id, id, template_id, template_revision, domain, zone, state, inspector_id, day, started_at, submitted_at, pass_count, fail_count, version, updated_at)
        OVERRIDING SYSTEM VALUE
        SELECT ${school.id}, ${monthly} + g, ${tpl['safety.hazard_monthly']}, 1, 'safety', '全校', 'submitted', ${director}, d, t, t + interval '3 hours', 31, 3, 2, t + interval '3 hours'
          FROM (SELECT g, (date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai') - g * interval '1 month' + interval '4 days')::date AS d,
                       ((date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai') - g * interval '1 month' + interval '4 days 8 hours') AT TIME ZONE 'Asia/Shanghai') AS t
                  FROM generate_series(1, 12) g) x`);
    }
    return out;
  },
};
