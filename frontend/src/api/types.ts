// Named aliases of generated OpenAPI schemas; the only place that knows schema names.
import type { components, paths } from './schema';

type Schemas = components['schemas'];

export type Problem = Schemas['Problem'];
export type TokenRequest = Schemas['Body_issueToken'];
export type TokenResponse = Schemas['TokenOut'];
export type Me = Schemas['MeOut'];
export type MyPermissions = Schemas['MyPermissionsOut'];
export type Role = Schemas['Role'];
export type Permission = Schemas['Permission'];
export type RolesInfo = Schemas['RolesOut'];
export type RoleInfo = Schemas['RoleOut'];
export type User = Schemas['UserOut'];
export type UserCreate = Schemas['UserCreate'];
export type Grants = Schemas['Grants'];
export type IntegrationClient = Schemas['ClientOut'];
export type IntegrationClientCreate = Schemas['ClientCreate'];
export type IntegrationClientCreated = Schemas['ClientCreated'];
export type Department = Schemas['DepartmentOut'];
export type DepartmentCreate = Schemas['DepartmentCreate'];
export type Position = Schemas['PositionOut'];
export type PositionCreate = Schemas['PositionCreate'];
export type Batch = Schemas['BatchOut'];
export type BatchCreate = Schemas['BatchCreate'];
export type Person = Schemas['PersonOut'];
export type PersonCreate = Schemas['PersonCreate'];
export type AuditEvent = Schemas['AuditEventOut'];

/** A page of a cursor-paginated list. */
export interface CursorPage<T> {
  items: T[];
  next_cursor?: string | null;
}

export type Vendor = Schemas['VendorOut'];
export type VendorCreate = Schemas['VendorCreate'];
export type VendorCreated = Schemas['VendorCreated'];
export type VendorUpdate = Schemas['VendorUpdate'];
export type PollConfig = Schemas['PollConfig'];
export type Delivery = Schemas['DeliveryOut'];
export type DeliveryStatus = Delivery['status'];
export type MappingPreview = Schemas['MappingPreviewOut'];
export type ResultPreview = Schemas['ResultPreview'];
export type SecretRotated = Schemas['SecretRotated'];
export type InterviewResult = Schemas['ResultOut'];
export type ResultStatus = InterviewResult['status'];
export type ResultDimension = Schemas['DimensionOut'];
export type ResultRevision = Schemas['RevisionOut'];
export type StatusCounts = Schemas['StatusCounts'];
export type StatusCountsQuery = NonNullable<paths['/api/v1/results/counts']['get']['parameters']['query']>;
export type ResultReview = Schemas['ReviewOut'];
export type TalentProfile = Schemas['TalentProfile'];
export type TrendPoint = Schemas['TrendPoint'];
export type DimensionTrend = Schemas['DimensionTrend'];
export type PerformanceRecord = Schemas['PerformanceOut'];
export type TrainingRecord = Schemas['TrainingOut'];
