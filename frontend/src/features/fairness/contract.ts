// The fairness API's shapes, named from the generated schemas.
import type { components } from '../../api/schema';

type Schemas = components['schemas'];
export type AdverseImpact = Schemas['AdverseImpact'];
export type ImpactGroup = Schemas['ImpactGroup'];
export type ImpactOverview = Schemas['ImpactOverview'];
export type PositionImpact = Schemas['PositionImpact'];
export type VendorQuality = Schemas['VendorQuality'];
export type VendorQualityRow = Schemas['VendorQualityRow'];
export type Attribute = AdverseImpact['attribute'];
export type Basis = AdverseImpact['basis'];

export const ATTRIBUTES: readonly Attribute[] = ['gender', 'age_band'];
export const BASES: readonly Basis[] = ['median', 'threshold', 'standard'];
