import { notFound } from "~/utils/errors";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export const meta = () => [{ title: "Page not found – Improvement Board" }];

export async function loader() {
  throw notFound("page");
}

export async function action() {
  throw notFound("page");
}

export default function NotFound() {
  return null;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
