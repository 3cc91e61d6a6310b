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
// Named via the path: the schema name is shared with notification deliveries, so the generator prefixes it.
export type Delivery = ItemOf<GetOk<'/api/v1/vendors/{slug}/deliveries'>>;
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
export type TrendPoint = TalentProfile['total_trend'][number];
export type DimensionTrend = Schemas['DimensionTrend'];
export type PerformanceRecord = Schemas['PerformanceOut'];
export type TrainingRecord = Schemas['TrainingOut'];

// Self-service, feedback and notifications: named by the path that returns them, so a renamed
// schema on the server does not break the SPA.
type JsonOk<Op> = Op extends { responses: { 200: { content: { 'application/json': infer T } } } } ? T : never;
type GetOk<P extends keyof paths> = paths[P] extends { get: infer Op } ? JsonOk<Op> : never;
type PostOk<P extends keyof paths> = paths[P] extends { post: infer Op } ? JsonOk<Op> : never;
type ItemOf<L> = L extends { items: (infer T)[] } ? T : never;

export type MyResult = GetOk<'/api/v1/me/results/{result_id}'>;
export type MyResultItem = ItemOf<GetOk<'/api/v1/me/results'>>;
export type FeedbackItem = ItemOf<GetOk<'/api/v1/feedback'>>;
export type FeedbackDetail = GetOk<'/api/v1/feedback/{feedback_id}'>;
export type FeedbackMessage = FeedbackDetail['messages'][number];
export type FeedbackCreated = PostOk<'/api/v1/feedback'>;
export type FeedbackMetrics = GetOk<'/api/v1/feedback/metrics'>;
export type FeedbackResolution = NonNullable<FeedbackItem['resolution']>;
export type NotificationPage = GetOk<'/api/v1/notifications'>;
export type AppNotification = NotificationPage['items'][number];
export type NotificationPreferences = GetOk<'/api/v1/me/notification-preferences'>;
export type NotificationChannelKey = keyof NotificationPreferences['channels'];
export type NotificationChannelConfig = GetOk<'/api/v1/notification-channels'>[number];
export type NotificationDelivery = ItemOf<GetOk<'/api/v1/notification-deliveries'>>;

// Analytics and imports
export type AnalyticsDistribution = Schemas['Distribution'];
export type AnalyticsDistributionGroup = Schemas['DistributionGroup'];
export type AnalyticsHistogramBin = Schemas['HistogramBin'];
export type AnalyticsTrends = Schemas['Trends'];
export type AnalyticsTrendSeries = Schemas['TrendSeries'];
export type AnalyticsDimensionMeans = Schemas['DimensionMeans'];
export type AnalyticsDimensionMeansGroup = Schemas['DimensionMeansGroup'];
export type AnalyticsCorrelation = Schemas['Correlation'];
export type AnalyticsThreshold = Schemas['Threshold'];
export type AnalyticsRetention = Schemas['Retention'];
export type AnalyticsTrainingNeeds = Schemas['TrainingNeeds'];
export type AnalyticsDepartmentNeeds = Schemas['DepartmentNeeds'];
export type ImportJob = Schemas['ImportOut'];
export type ImportRowError = Schemas['RowErrorOut'];
export type ImportKind = ImportJob['kind'];
export type ImportStatus = ImportJob['status'];

// Privacy (PIPL)
export type PrivacyNotice = Schemas['NoticeOut'];
export type PrivacyNoticeIn = Schemas['NoticeIn'];
export type AccessEntry = Schemas['AccessEntry'];
export type PrivacyRequest = Schemas['PrivacyRequestOut'];
export type PrivacyRequestKind = PrivacyRequest['kind'];
export type PrivacyRequestStatus = PrivacyRequest['status'];
export type PrivacyRequestMetrics = Schemas['PrivacyRequestMetrics'];
export type PrivacyResolution = Schemas['PrivacyRequestResolve']['resolution'];
export type RetentionPolicy = Schemas['RetentionPolicyOut'];
export type RetentionPolicyIn = Schemas['RetentionPolicyIn'];
export type RetentionPreview = Schemas['RetentionPreview'];
export type RetentionRun = Schemas['RetentionRunOut'];
export type ProcessingRecord = Schemas['ProcessingRecord'];
export type ProcessingRecords = Schemas['ProcessingRecords'];
// Interview standards, fit, course effects and the quarterly reports
export type StandardVerdict = Schemas['StandardVerdict'];
export type StandardIn = Schemas['StandardIn'];
export type Standard = Schemas['StandardOut'];
export type StandardView = Schemas['StandardView'];
export type StandardApplication = Schemas['ApplicationOut'];
export type StandardSimulation = Schemas['Simulation'];
export type SimulationFlip = Schemas['FlippedResult'];
export type SimulationDepartment = Schemas['DepartmentRates'];
export type SuggestedWeights = Schemas['SuggestedWeights'];
export type PositionFit = Schemas['PositionFit'];
export type CourseEffects = Schemas['CourseEffects'];
export type CourseEffect = Schemas['CourseEffect'];
export type AnalysisReport = Schemas['ReportOut'];
