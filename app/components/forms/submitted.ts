import { useState, type FormEvent } from "react";

/**
 * Which of a page's forms was submitted last (by its id), for a page with
 * several forms: its one error summary lists that form's errors. Put
 * `onSubmitCapture` on an element around the forms; `initial` is the form the
 * action's reply is for (a page rendered on the server, without JavaScript).
 */
export function useSubmittedForm(initial?: string) {
  const [submitted, setSubmitted] = useState(initial);
  const onSubmitCapture = (e: FormEvent) => {
    const form = e.target;
    if (form instanceof HTMLFormElement && form.id) setSubmitted(form.id);
  };
  return { submitted, onSubmitCapture };
}
