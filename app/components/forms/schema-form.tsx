import { getFormProps } from "@conform-to/react";
import type { ComponentProps } from "react";
import { Form } from "react-router";
import type { AnyForm } from "./error-summary";

/**
 * A form of the kit: react-router's <Form>, posting unless told otherwise,
 * bound to its conform form (id, submit check, aria attributes) and checked
 * by its schema alone (`noValidate`: no browser bubbles, the kit's messages).
 */
export function SchemaForm({
  form,
  method = "post",
  ...props
}: { form: AnyForm } & Omit<ComponentProps<typeof Form>, "id" | "onSubmit" | "noValidate">) {
  return <Form method={method} {...getFormProps(form)} noValidate {...props} />;
}
