import type { ReactNode } from "react";
import { FocusedAlert } from "./focused-alert";

/**
 * GOV.UK success notification banner, shown after a save: it takes focus, so
 * keyboard and screen reader users learn at once that the change was saved.
 */
export function SuccessBanner({
  title = "Success",
  signal,
  children,
}: {
  title?: string;
  /** Changes with each save the banner reports, so that it takes focus again (default: its text). */
  signal?: string;
  children: ReactNode;
}) {
  return (
    <FocusedAlert
      signal={signal ?? (typeof children === "string" ? children : undefined)}
      labelledBy="success-banner-title"
      className="border-success"
    >
      <h2 id="success-banner-title" className="m-0 bg-success px-4 py-1 text-base font-bold text-white">
        {title}
      </h2>
      <div className="p-4 font-bold">{children}</div>
    </FocusedAlert>
  );
}

/** An important notice that is not an error (GOV.UK notification banner). */
export function NoticeBanner({ title = "Important", children }: { title?: string; children: ReactNode }) {
  return (
    <div role="region" aria-label={title} className="mb-8 max-w-3xl border-4 border-ink">
      <h2 className="m-0 bg-ink px-4 py-1 text-base font-bold text-white">{title}</h2>
      <div className="p-4">{children}</div>
    </div>
  );
}
