import { documentCategories, type DocumentCategory } from '../../../../contracts/documents';
import type { SelectOption } from '../../../components/Select';

/** The Select's key for "no category" (a Select needs a string key). */
export const NO_CATEGORY = 'none';
export type CategoryChoice = DocumentCategory | typeof NO_CATEGORY;

export const categoryOptions: SelectOption<CategoryChoice>[] = [
  { id: NO_CATEGORY, label: 'No category' },
  ...documentCategories.map((c) => ({ id: c, label: c })),
];

export const toCategory = (choice: CategoryChoice): DocumentCategory | null => (choice === NO_CATEGORY ? null : choice);

/** "PDF, JPG, PNG …" from the accepted extensions. */
export function acceptedTypesText(extensions: ReadonlyArray<string>): string {
  return [...new Set(extensions.map((e) => e.replace(/^\./, '').toUpperCase()))].join(', ');
}
