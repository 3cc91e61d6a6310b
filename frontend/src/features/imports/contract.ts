// The imports API's shapes, named from the generated schemas.
export type { ImportJob, ImportKind, ImportRowError as RowError, ImportStatus } from '../../api/types';
