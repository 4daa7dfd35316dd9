import { useSearchParams } from 'react-router';
import dayjs from 'dayjs';

export const MEALS_ACTIONS = {
  board: 'canteen.board.read',
  dishesRead: 'canteen.meals.dishes.read', dishesWrite: 'canteen.meals.dishes.write',
  menusRead: 'canteen.meals.menus.read', menusWrite: 'canteen.meals.menus.write', menusPublish: 'canteen.meals.menus.publish',
  samplesRead: 'canteen.meals.samples.read', samplesWrite: 'canteen.meals.samples.write', samplesDispose: 'canteen.meals.samples.dispose',
  accompanyRead: 'canteen.meals.accompany.read', accompanyWrite: 'canteen.meals.accompany.write', followUpWrite: 'canteen.meals.followup.write',
  rotaRead: 'canteen.meals.rota.read', rotaWrite: 'canteen.meals.rota.write', flagsRead: 'canteen.meals.flags.read',
} as const;

export const MEAL_KEYS = ['breakfast', 'lunch', 'dinner'] as const;

/** Fen → "12.50". */
export const yuan = (fen: number | null | undefined) => (fen == null ? '—' : (fen / 100).toFixed(2));

/** A YYYY-MM-DD search param (today by default). */
export function useDayParam(name = 'date'): [string, (d: string) => void] {
  const [params, setParams] = useSearchParams();
  const value = params.get(name) ?? dayjs().format('YYYY-MM-DD');
  return [value, (d: string) => { const p = new URLSearchParams(params); p.set(name, d); setParams(p, { replace: true }); }];
}

export const mondayOf = (day: string) => {
  const d = dayjs(day);
  const w = (d.day() + 6) % 7; // 0 = Monday
  return d.subtract(w, 'day').format('YYYY-MM-DD');
};

export const fmtTime = (iso: string | null | undefined) => (iso ? dayjs(iso).format('MM-DD HH:mm') : '—');
