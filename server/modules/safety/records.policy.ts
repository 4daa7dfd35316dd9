import { read, write, type Policy } from '../../platform/authz';
import { ROLES, SCHOOL_ROLES } from '../../../contracts/auth';
import { SAFETY_LEADERS } from '../../../contracts/safetyRecords';

const leaders = SAFETY_LEADERS;

/**
 * Plans, drills, education, agreements, incidents (RULES.md "Campus safety"). Leaders and the director
 * write plans, drills, meetings, posts and agreements; head teachers and teachers record class sessions
 * (a head teacher only for the class they lead — checked by the service); anyone on staff reports an
 * incident and sees their own reports, leaders see and manage all; the inspector reads the district.
 */
export const recordsPolicy: Policy = {
  'safety.home.read': read(...leaders, 'guard', 'inspector'),
  'safety.plans.read': read(...ROLES),
  'safety.plans.write': write(...leaders),
  'safety.plans.approve': write('principal', 'vice_principal'),
  'safety.drills.read': read(...ROLES),
  'safety.drills.write': write(...leaders),
  'safety.education.read': read(...ROLES),
  'safety.education.write': write(...leaders, 'head_teacher', 'teacher'),
  'safety.agreements.read': read(...leaders, 'inspector'),
  'safety.agreements.write': write(...leaders),
  'safety.incidents.read': read(...ROLES),
  'safety.incidents.report': write(...SCHOOL_ROLES),
  'safety.incidents.manage': write(...leaders),
  'safety.veto.read': read(...leaders, 'inspector'),
  'safety.district.read': read('inspector'),
  'safety.recordsSettings.read': read(...ROLES),
  'safety.recordsSettings.write': write(...leaders),
};
