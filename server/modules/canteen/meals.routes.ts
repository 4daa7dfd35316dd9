import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as c from '../../../contracts/canteenMeals';
import { IdParams, Id, Page } from '../../../contracts/common';
import { actorOf, authOf } from '../../platform/http';
import type { Db } from '../../platform/db';
import type { Clock } from '../../platform/clock';
import { localDate } from '../../platform/schedules';
import { eq } from 'drizzle-orm';
import { schools } from '../../platform/platform.tables';
import { oneSchool, schoolZone } from './meals.common';
import { mealsSettingsOf } from './meals.settings';
import { bannedTerms, createDish, getDish, listDishes, updateDish } from './meals.dishes';
import { createMenu, getMenu, listMenus, menuOfWeek, publicMenu, publishMenu, updateMenu } from './meals.menus';
import { createSample, disposeSample, getSample, listSamples } from './meals.samples';
import { allowedLeaders, closeFollowUp, createAccompanied, createRota, getAccompanied, listAccompanied, rotaView, updateRota } from './meals.accompanied';
import { canteenBoard, flagsBetween, mealsDay } from './meals.day';
import { sharedJson } from '../../platform/readcache';
import { allPages } from '../../platform/pagination';
import { pickLocale } from '../../../contracts/i18n';
import { sendAccompanied, sendSamples } from './meals.export';

const tags = ['canteen'];
const P = '/api/v1/canteen';
const SchoolQuery = z.object({ schoolId: Id.optional() });

/**
 * Routes of the dish library, weekly menus, the public menu, samples, accompanied meals, the rota, flags
 * and the day board. Writes run in one transaction with their audit entry; edits carry `version`.
 */
export function mealsRoutes(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const tx = <T>(fn: (tx: Db) => Promise<T>) => db.transaction((t) => fn(t as unknown as Db));
  const terms = async (schoolId: number) => bannedTerms((await mealsSettingsOf(db, schoolId)).bannedExtra);
  const inflight = new Map<string, Promise<string>>();

  return async function plugin(app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();

    // ── The public menu (no login): the latest frozen snapshot ──
    r.get('/api/v1/public/schools/:code/canteen', { schema: { tags, params: c.PublicMenuParams, querystring: c.PublicMenuQuery, response: { 200: c.PublicMenu } }, config: { public: true } },
      async (req) => publicMenu(db, req.params.code, req.query.week));

    // ── The day board, the day's meals, flags ──
    // The board is the same for every reader of a school, and changes with a write or with the clock
    // (a meal ends, the check deadline passes): on PGlite it comes from the read cache, computed once
    // per school, day and minute (`now` is the minute's start), and again after any write.
    r.get(`${P}/board`, { schema: { tags, querystring: c.DayQuery, response: { 200: c.Board } }, config: { action: 'canteen.board.read' } }, async (req, reply) => {
      const schoolId = oneSchool(req, req.query.schoolId);
      const minute = new Date(Math.floor(clock.now().getTime() / 60_000) * 60_000);
      const key = `canteen.board|${schoolId}|${req.query.date ?? 'today'}|${minute.toISOString()}`;
      const text = await sharedJson(inflight, db, key, () => canteenBoard(db, schoolId, req.query.date, minute), (b) => JSON.stringify(z.encode(c.Board, b as never)));
      return reply.type('application/json; charset=utf-8').send(text as never);
    });
    r.get(`${P}/day`, { schema: { tags, querystring: c.DayQuery, response: { 200: c.MealsDay } }, config: { action: 'canteen.meals.samples.read' } }, async (req) => {
      const schoolId = oneSchool(req, req.query.schoolId);
      const now = clock.now();
      return mealsDay(db, schoolId, req.query.date ?? localDate(now, await schoolZone(db, schoolId)), now);
    });
    r.get(`${P}/flags`, { schema: { tags, querystring: c.FlagsQuery, response: { 200: c.Flags } }, config: { action: 'canteen.meals.flags.read' } },
      async (req) => flagsBetween(db, oneSchool(req, req.query.schoolId), clock.now(), req.query.from, req.query.to));

    // ── Dishes ──
    r.get(`${P}/dishes`, { schema: { tags, querystring: c.DishListQuery, response: { 200: Page(c.Dish) } }, config: { action: 'canteen.meals.dishes.read' } }, async (req) => {
      const s = oneSchool(req, req.query.schoolId);
      return listDishes(db, s, await terms(s), req.query);
    });
    r.post(`${P}/dishes`, { schema: { tags, body: c.CreateDishInput, response: { 201: c.Dish } }, config: { action: 'canteen.meals.dishes.write' } }, async (req, reply) => {
      const actor = actorOf(req);
      const id = await tx((t) => createDish(t, actor, req.body));
      return reply.status(201).send(await getDish(db, actor.schoolId, await terms(actor.schoolId), id));
    });
    r.get(`${P}/dishes/:id`, { schema: { tags, params: IdParams, querystring: SchoolQuery, response: { 200: c.Dish } }, config: { action: 'canteen.meals.dishes.read' } }, async (req) => {
      const s = oneSchool(req, req.query.schoolId);
      return getDish(db, s, await terms(s), req.params.id);
    });
    r.patch(`${P}/dishes/:id`, { schema: { tags, params: IdParams, body: c.UpdateDishInput, response: { 200: c.Dish } }, config: { action: 'canteen.meals.dishes.write' } }, async (req) => {
      const actor = actorOf(req);
      await tx((t) => updateDish(t, actor, clock, req.params.id, req.body));
      return getDish(db, actor.schoolId, await terms(actor.schoolId), req.params.id);
    });

    // ── Menus ──
    r.get(`${P}/menus`, { schema: { tags, querystring: c.MenuListQuery, response: { 200: Page(c.MenuSummary) } }, config: { action: 'canteen.meals.menus.read' } },
      async (req) => listMenus(db, oneSchool(req, req.query.schoolId), req.query));
    r.get(`${P}/menus/week`, { schema: { tags, querystring: c.WeekQuery, response: { 200: z.object({ menu: c.MenuDetail.nullable(), schoolCode: z.string() }) } }, config: { action: 'canteen.meals.menus.read' } }, async (req) => {
      const s = oneSchool(req, req.query.schoolId);
      const [school] = await db.select({ code: schools.code }).from(schools).where(eq(schools.id, s));
      return { menu: await menuOfWeek(db, s, req.query.week ?? localDate(clock.now(), await schoolZone(db, s))), schoolCode: school?.code ?? '' };
    });
    r.post(`${P}/menus`, { schema: { tags, body: c.CreateMenuInput, response: { 201: c.MenuDetail } }, config: { action: 'canteen.meals.menus.write' } }, async (req, reply) => {
      const actor = actorOf(req);
      const id = await tx((t) => createMenu(t, actor, req.body));
      return reply.status(201).send(await getMenu(db, actor.schoolId, id));
    });
    r.get(`${P}/menus/:id`, { schema: { tags, params: IdParams, querystring: SchoolQuery, response: { 200: c.MenuDetail } }, config: { action: 'canteen.meals.menus.read' } },
      async (req) => getMenu(db, oneSchool(req, req.query.schoolId), req.params.id));
    r.put(`${P}/menus/:id`, { schema: { tags, params: IdParams, body: c.UpdateMenuInput, response: { 200: c.MenuDetail } }, config: { action: 'canteen.meals.menus.write' } }, async (req) => {
      const actor = actorOf(req);
      await tx((t) => updateMenu(t, actor, clock, req.params.id, req.body));
      return getMenu(db, actor.schoolId, req.params.id);
    });
    r.post(`${P}/menus/:id/publish`, { schema: { tags, params: IdParams, body: c.PublishMenuInput, response: { 200: c.MenuDetail } }, config: { action: 'canteen.meals.menus.publish' } }, async (req) => {
      const actor = actorOf(req);
      await tx((t) => publishMenu(t, actor, clock, req.params.id, req.body.version));
      return getMenu(db, actor.schoolId, req.params.id);
    });

    // ── Samples 留样 ──
    r.get(`${P}/samples`, { schema: { tags, querystring: c.SampleListQuery, response: { 200: Page(c.Sample) } }, config: { action: 'canteen.meals.samples.read' } }, async (req) => {
      const s = oneSchool(req, req.query.schoolId);
      return listSamples(db, s, req.query, authOf(req).timezone);
    });
    r.get(`${P}/samples/export.xlsx`, { schema: { tags, querystring: c.SampleListQuery.omit({ cursor: true, limit: true }) }, config: { action: 'canteen.meals.samples.read' } }, async (req, reply) => {
      const s = oneSchool(req, req.query.schoolId);
      const tz = authOf(req).timezone;
      return sendSamples(reply, pickLocale(req.headers['accept-language']), tz, allPages((cursor) => listSamples(db, s, { ...req.query, cursor, limit: 200 }, tz)));
    });
    r.post(`${P}/samples`, { schema: { tags, body: c.CreateSampleInput, response: { 201: c.Sample } }, config: { action: 'canteen.meals.samples.write' } }, async (req, reply) => {
      const actor = actorOf(req);
      const id = await tx((t) => createSample(t, actor, clock, req.body));
      return reply.status(201).send(await getSample(db, actor.schoolId, id));
    });
    r.get(`${P}/samples/:id`, { schema: { tags, params: IdParams, querystring: SchoolQuery, response: { 200: c.Sample } }, config: { action: 'canteen.meals.samples.read' } },
      async (req) => getSample(db, oneSchool(req, req.query.schoolId), req.params.id));
    r.post(`${P}/samples/:id/dispose`, { schema: { tags, params: IdParams, response: { 200: c.Sample } }, config: { action: 'canteen.meals.samples.dispose' } }, async (req) => {
      const actor = actorOf(req);
      await tx((t) => disposeSample(t, actor, clock, req.params.id));
      return getSample(db, actor.schoolId, req.params.id);
    });

    // ── Accompanied meals 陪餐 ──
    r.get(`${P}/leaders`, { schema: { tags, querystring: SchoolQuery, response: { 200: c.Leaders } }, config: { action: 'canteen.meals.accompany.read' } }, async (req) => {
      const s = oneSchool(req, req.query.schoolId);
      return { items: await allowedLeaders(db, s, await mealsSettingsOf(db, s)) };
    });
    r.get(`${P}/accompanied-meals`, { schema: { tags, querystring: c.AccompaniedListQuery, response: { 200: Page(c.Accompanied) } }, config: { action: 'canteen.meals.accompany.read' } },
      async (req) => listAccompanied(db, oneSchool(req, req.query.schoolId), req.query));
    r.get(`${P}/accompanied-meals/export.xlsx`, { schema: { tags, querystring: c.AccompaniedListQuery.omit({ cursor: true, limit: true }) }, config: { action: 'canteen.meals.accompany.read' } }, async (req, reply) => {
      const s = oneSchool(req, req.query.schoolId);
      return sendAccompanied(reply, pickLocale(req.headers['accept-language']), allPages((cursor) => listAccompanied(db, s, { ...req.query, cursor, limit: 200 })));
    });
    r.post(`${P}/accompanied-meals`, { schema: { tags, body: c.CreateAccompaniedInput, response: { 201: c.Accompanied } }, config: { action: 'canteen.meals.accompany.write' } }, async (req, reply) => {
      const actor = actorOf(req);
      const id = await tx((t) => createAccompanied(t, actor, clock, req.body));
      return reply.status(201).send(await getAccompanied(db, actor.schoolId, id));
    });
    r.get(`${P}/accompanied-meals/:id`, { schema: { tags, params: IdParams, querystring: SchoolQuery, response: { 200: c.Accompanied } }, config: { action: 'canteen.meals.accompany.read' } },
      async (req) => getAccompanied(db, oneSchool(req, req.query.schoolId), req.params.id));
    r.post(`${P}/accompanied-meals/:id/close-follow-up`, { schema: { tags, params: IdParams, body: c.CloseFollowUpInput, response: { 200: c.Accompanied } }, config: { action: 'canteen.meals.followup.write' } }, async (req) => {
      const actor = actorOf(req);
      await tx((t) => closeFollowUp(t, actor, clock, req.params.id, req.body));
      return getAccompanied(db, actor.schoolId, req.params.id);
    });

    // ── Rota ──
    r.get(`${P}/rota`, { schema: { tags, querystring: SchoolQuery, response: { 200: c.Rota } }, config: { action: 'canteen.meals.rota.read' } },
      async (req) => rotaView(db, oneSchool(req, req.query.schoolId), clock));
    r.post(`${P}/rota`, { schema: { tags, body: c.CreateRotaInput, response: { 201: c.Rota } }, config: { action: 'canteen.meals.rota.write' } }, async (req, reply) => {
      const actor = actorOf(req);
      await tx((t) => createRota(t, actor, clock, req.body));
      return reply.status(201).send(await rotaView(db, actor.schoolId, clock));
    });
    r.patch(`${P}/rota/:id`, { schema: { tags, params: IdParams, body: c.UpdateRotaInput, response: { 200: c.Rota } }, config: { action: 'canteen.meals.rota.write' } }, async (req) => {
      const actor = actorOf(req);
      await tx((t) => updateRota(t, actor, clock, req.params.id, req.body));
      return rotaView(db, actor.schoolId, clock);
    });
  };
}
