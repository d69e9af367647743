/**
 * The one form kit (ADR 019). Every page with a form uses these: a zod
 * schema beside the page, `useSchemaForm` in the component, `parseForm` and
 * `invalid` in the action, `SchemaForm` and the fields below, `FormPageHead`
 * at the top (the title, "Error: " in it, and the error summary);
 * `SuccessBanner` after a save. A page without a form has `PageTitle`.
 */
export { SuccessBanner, NoticeBanner } from "./banner";
export { Button } from "./button";
export { summaryEntries, type SummaryEntry } from "./error-summary";
export {
  Checkbox,
  Checkboxes,
  DateInput,
  ErrorMessage,
  Field,
  FileInput,
  Hint,
  Radios,
  Select,
  Textarea,
  dateParts,
  fieldError,
  initialList,
  initialText,
  type AnyField,
  type Options,
} from "./fields";
export { FilterForm } from "./filter-form";
export { FormPageHead } from "./form-page-head";
export { PageTitle } from "./page-title";
export { SchemaForm } from "./schema-form";
export { useSchemaForm } from "./use-schema-form";
