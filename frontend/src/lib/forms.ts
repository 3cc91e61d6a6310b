import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import { ApiError, errorMessage, fieldErrors } from './problem';

/**
 * Shows a failed save on the form: 409 on `conflictField` (e.g. a duplicate code), 422 on each
 * named field. Returns the message to show elsewhere when no field could carry it.
 */
export function showServerErrors(
  form: FormInstance,
  err: unknown,
  t: TFunction,
  conflict?: { field: string; message: string },
): string | null {
  if (err instanceof ApiError && err.status === 409 && conflict) {
    form.setFields([{ name: conflict.field, errors: [conflict.message] }]);
    return null;
  }
  const fields = Object.entries(fieldErrors(err));
  const known = new Set(Object.keys(form.getFieldsValue(true) as object));
  const onForm = fields.filter(([name]) => known.has(name));
  if (onForm.length > 0) {
    form.setFields(onForm.map(([name, errors]) => ({ name, errors })));
    return onForm.length === fields.length ? null : errorMessage(err, t);
  }
  return errorMessage(err, t);
}
