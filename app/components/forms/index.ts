/**
 * The one form kit (ADR 019). Every page with a form uses these: a zod
 * schema beside the page, `useSchemaForm` in the component, `parseForm` and
 * `invalid` in the action, the fields below, `ErrorSummary` at the top and
 * `PageTitle` for "Error: " in the title; `SuccessBanner` after a save.
 */
export { SuccessBanner, NoticeBanner } from "./banner";
export { Button } from "./button";
export { ErrorSummary, summaryEntries, type SummaryEntry } from "./error-summary";
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
export { PageTitle, hasErrors } from "./page-title";
export { useSchemaForm } from "./use-schema-form";
export { getFormProps } from "@conform-to/react";
