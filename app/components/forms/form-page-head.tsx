import { ErrorSummary, type AnyForm, type SummaryEntries } from "./error-summary";
import { hasErrors, PageTitle } from "./page-title";

/**
 * What a page with forms puts where its error summary goes: the page's
 * <title> (hoisted into <head>), with "Error: " in front while any of `forms`
 * has errors or there is another error to list, and the one error summary.
 *
 * The summary lists the errors of `shown`, the form submitted last on a page
 * with several (by default the first of `forms` with errors), then `extra`,
 * errors that go with it (a conflict on saving). `otherErrors` are the
 * replies to the page's other posts (a refused button, a form not in `forms`):
 * listed when none of `forms` has errors.
 */
export function FormPageHead({
  title,
  forms = [],
  shown,
  extra = [],
  otherErrors = [],
}: {
  title: string;
  forms?: readonly AnyForm[];
  shown?: AnyForm;
  extra?: SummaryEntries;
  otherErrors?: SummaryEntries;
}) {
  const withErrors = forms.find((f) => hasErrors(f.allErrors));
  const listed = withErrors ? extra : [...extra, ...otherErrors];
  return (
    <>
      <PageTitle title={title} error={withErrors !== undefined || listed.some(Boolean)} />
      <ErrorSummary form={shown ?? withErrors} extra={listed} />
    </>
  );
}
