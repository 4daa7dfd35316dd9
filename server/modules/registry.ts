import type { HouqinModule } from '../platform/module';
import { orgModule } from './org';
import { repairsModule } from './repairs';
import { assetsModule } from './assets';
import { safetyModule } from './safety';
import { canteenModule } from './canteen';

/** Every business module, in the order their routes register. Adding a module adds one line. */
export const modules: HouqinModule[] = [orgModule, repairsModule, assetsModule, safetyModule, canteenModule];
