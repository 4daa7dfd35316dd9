import type { ReactNode } from 'react';
import type { z } from 'zod';
import type { Me } from '../../../contracts/auth';
import type { Query } from '../../api/client';
import type { AnyRecord, ResourceName } from '../../api/hooks';
import type { T } from '../../app/i18n';

/** Resources a field may point at: shown by name, picked from a list. */
export type RefKind = 'campuses' | 'buildings' | 'locations' | 'departments' | 'classes' | 'users';

export type FieldType =
  | { kind: 'text'; multiline?: boolean }
  | { kind: 'password' }
  | { kind: 'number'; min?: number; max?: number; step?: number; unit?: string }
  | { kind: 'enum'; values: readonly string[]; group: string; colors?: Record<string, string> }
  | { kind: 'bool' }
  | { kind: 'date' }
  | { kind: 'ref'; ref: RefKind; query?: Query; tree?: boolean }
  | { kind: 'roles' }
  /** A grade number, picked from the grades the school's classes have. */
  | { kind: 'grade' };

export interface FieldDef<R extends AnyRecord = AnyRecord> {
  name: string;
  /** i18n key of the label; `fields.<name>` when absent. */
  label?: string;
  type: FieldType;
  /** In the create form (default true) and the edit form (default true). */
  create?: boolean;
  edit?: boolean;
  /** Shown among the record's fields in the detail (default true). */
  detail?: boolean;
  /** Spans the whole form row. */
  full?: boolean;
  /** i18n key of a hint under the field. */
  help?: string;
  /** Custom display of the value. */
  render?: (record: R, t: T) => ReactNode;
  /** Only shown to people holding this action (e.g. names of staff). */
  action?: string;
}

export interface ColumnDef<R extends AnyRecord = AnyRecord> {
  /** A field of the config, displayed as in the detail. */
  field?: string;
  key?: string;
  /** i18n key of the header; the field's label when absent. */
  title?: string;
  /** Allow-listed sort key of the API. */
  sort?: string;
  render?: (record: R, t: T) => ReactNode;
  width?: number;
  /** Only shown to people holding this action (e.g. a column of staff names). */
  action?: string;
}

export interface FilterDef {
  name: string;
  label?: string;
  type: FieldType;
  /** Behind "更多" (more filters). */
  more?: boolean;
}

export interface Ctx {
  t: T;
  me: Me;
  can: (action?: string) => boolean;
}

export interface ResourceConfig<R extends AnyRecord = AnyRecord> {
  resource: ResourceName;
  /** Page title key, e.g. `org.locations.title`. */
  titleKey: string;
  /** The kind of record in a sentence ("新建场所"), e.g. `entity.location`. */
  entityKey: string;
  /** Audit entity name, for links from the audit log. */
  entity: string;
  read: string;
  write: string;
  fields: FieldDef<R>[];
  columns: ColumnDef<R>[];
  filters: FilterDef[];
  /** i18n key of the search box placeholder. */
  searchKey?: string;
  createSchema?: z.ZodObject;
  updateSchema?: z.ZodObject;
  /** The record's name in headers and cards. */
  title: (r: R, t: T) => string;
  subtitle?: (r: R, ctx: Ctx) => ReactNode;
  /** Fields shown on a phone card under the title. */
  cardFields?: string[];
  importable?: boolean;
  /** Values a new record's form starts with. */
  createDefaults?: Record<string, unknown>;
  /** Extra buttons in the detail header (reset password …). */
  detailActions?: (r: R, ctx: Ctx) => ReactNode;
  /** Per-field adjustments in the form: disabled, a note. */
  fieldState?: (name: string, record: R | null, ctx: Ctx) => { disabled?: boolean; note?: string } | undefined;
  /** An alternative view of the same data (the location tree), toggled beside the list. */
  altView?: { labelKey: string; render: (p: { filters: Query; open: (id: number) => void }) => ReactNode };
}
