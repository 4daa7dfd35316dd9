// The org module's public face: other modules use these services, never org's tables.
import type { HouqinModule } from '../../platform/module';
import { orgPolicy } from './org.policy';
import { orgRoutes } from './org.routes';
import { seedOrgDemo } from './org.demo';

export { refs } from './org.refs';
export { locationService, classService, studentService, departmentService } from './org.resources';
export { userService, usersWithRole } from './users';

export const orgModule: HouqinModule = {
  name: 'org',
  policy: orgPolicy,
  routes: ({ db }) => orgRoutes(db),
  demo: seedOrgDemo,
};
