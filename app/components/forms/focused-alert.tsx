import { useEffect, useRef, type ReactNode } from "react";

/**
 * A box read out as an alert that takes focus when it appears, and again when
 * `signal` changes (a new set of errors, another save): the error summary and
 * the success banner.
 */
export function FocusedAlert({
  signal,
  labelledBy,
  className,
  children,
}: {
  signal?: string;
  labelledBy: string;
  className: string;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [signal]);
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role="alert"
      aria-labelledby={labelledBy}
      className={`mb-8 max-w-3xl border-4 focus:outline-none focus-visible:outline-[3px] focus-visible:outline-focus ${className}`}
    >
      {children}
    </div>
  );
}
