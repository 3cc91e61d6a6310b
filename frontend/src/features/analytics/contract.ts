// The analytics API's shapes, named from the generated schemas.
export type {
  AnalyticsCorrelation as Correlation,
  AnalyticsDepartmentNeeds as DepartmentNeeds,
  AnalyticsDimensionMeans as DimensionMeans,
  AnalyticsDimensionMeansGroup as DimensionMeansGroup,
  AnalyticsDistribution as Distribution,
  AnalyticsDistributionGroup as DistributionGroup,
  AnalyticsHistogramBin as HistogramBin,
  AnalyticsRetention as Retention,
  AnalyticsThreshold as Threshold,
  AnalyticsTrainingNeeds as TrainingNeeds,
  AnalyticsTrends as Trends,
  AnalyticsTrendSeries as TrendSeries,
} from '../../api/types';

export type GroupBy = 'position' | 'department' | 'batch';
