import { lazy } from 'react';
import { CalendarOutlined, CoffeeOutlined, DashboardOutlined, ExperimentOutlined, ScheduleOutlined, TeamOutlined } from '@ant-design/icons';
import { guarded, type PageRoute } from '../../../app/guarded';
import type { NavItem } from '../../../app/nav';

// The canteen home (the 食堂 group's first page), dishes, weekly menus, samples, accompanied meals, the rota; and the public menu.
const CanteenHomePage = lazy(() => import('./CanteenHomePage'));
const DishesPage = lazy(() => import('./DishesPage'));
const MenusPage = lazy(() => import('./MenusPage'));
const SamplesPage = lazy(() => import('./SamplesPage'));
const AccompaniedPage = lazy(() => import('./AccompaniedPage'));
const RotaPage = lazy(() => import('./RotaPage'));
const PublicMenuPage = lazy(() => import('./PublicMenuPage'));

export const canteenMealsRoutes: PageRoute[] = [
  { path: 'canteen', element: guarded('canteen.board.read', <CanteenHomePage />) },
  { path: 'canteen/dishes', element: guarded('canteen.meals.dishes.read', <DishesPage />) },
  { path: 'canteen/menus', element: guarded('canteen.meals.menus.read', <MenusPage />) },
  { path: 'canteen/samples', element: guarded('canteen.meals.samples.read', <SamplesPage />) },
  { path: 'canteen/accompanied', element: guarded('canteen.meals.accompany.read', <AccompaniedPage />) },
  { path: 'canteen/rota', element: guarded('canteen.meals.rota.read', <RotaPage />) },
];

/** Routes outside the logged-in shell (mount beside '/login' in web/app/router.tsx). */
export const canteenPublicRoutes: PageRoute[] = [
  { path: '/public/:code/canteen', element: <PublicMenuPage /> },
];

export const canteenMealsNav: NavItem[] = [
  { key: 'canteen-home', path: '/canteen', labelKey: 'canteen.meals.menu.board', icon: <DashboardOutlined />, action: 'canteen.board.read' },
  { key: 'canteen-samples', path: '/canteen/samples', labelKey: 'canteen.meals.menu.samples', icon: <ExperimentOutlined />, action: 'canteen.meals.samples.read' },
  { key: 'canteen-accompanied', path: '/canteen/accompanied', labelKey: 'canteen.meals.menu.accompanied', icon: <TeamOutlined />, action: 'canteen.meals.accompany.read' },
  { key: 'canteen-menus', path: '/canteen/menus', labelKey: 'canteen.meals.menu.menus', icon: <CalendarOutlined />, action: 'canteen.meals.menus.read' },
  { key: 'canteen-dishes', path: '/canteen/dishes', labelKey: 'canteen.meals.menu.dishes', icon: <CoffeeOutlined />, action: 'canteen.meals.dishes.read' },
  { key: 'canteen-rota', path: '/canteen/rota', labelKey: 'canteen.meals.menu.rota', icon: <ScheduleOutlined />, action: 'canteen.meals.rota.read' },
];
