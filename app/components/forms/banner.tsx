import { useEffect, useRef, type ReactNode } from "react";

/**
 * GOV.UK success notification banner, shown after a save: it takes focus, so
 * keyboard and screen reader users learn at once that the change was saved.
 */
export function SuccessBanner({ title = "Success", children }: { title?: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [children]);
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role="alert"
      aria-labelledby="success-banner-title"
      className="mb-8 max-w-3xl border-4 border-success focus:outline-none focus-visible:outline-[3px] focus-visible:outline-focus"
    >
      <h2 id="success-banner-title" className="m-0 bg-success px-4 py-1 text-base font-bold text-white">
        {title}
      </h2>
      <div className="p-4 font-bold">{children}</div>
    </div>
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
