import type { Db } from './db';

/** What a module's demo seeder gets: the demo schools, made by the platform, and shared helpers. */
export interface DemoSchool {
  id: number;
  key: 's1' | 's2';
  /** Username prefix of the demo accounts: '' for the first school, 's2-' for the second. */
  prefix: string;
  name: string;
  boarding: boolean;
}

export interface DemoContext {
  tx: Db;
  districtId: number;
  bureauId: number;
  schools: DemoSchool[];
  passwordHash: string;
  random: () => number;
  /** "Today" for the demo's dates, in Asia/Shanghai. */
  today: Date;
}

/** A small deterministic PRNG (mulberry32) so every demo is the same demo. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉宇浩然子轩梓涵欣怡雨萱思远佳琪俊杰晨曦一诺嘉怡天佑诗雨博文皓轩语桐雅婷泽宇若曦明哲';

/** An invented Chinese name: no demo person is real. */
export function demoName(random: () => number): string {
  const s = SURNAMES[Math.floor(random() * SURNAMES.length)];
  const n = random() < 0.55 ? 2 : 1;
  let g = '';
  for (let i = 0; i < n; i++) g += GIVEN[Math.floor(random() * GIVEN.length)];
  return s + g;
}
